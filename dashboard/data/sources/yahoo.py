"""Yahoo Finance through yfinance: one batched ``yf.download`` per fetch, raw closes.

What ``yf.download`` (1.x) gives back, and what we make of it:

* columns are a ``(Price, Ticker)`` MultiIndex, also for a single ticker; we take ``Close``: the
  raw close (split-adjusted, not dividend-adjusted, ``auto_adjust=False``), as in Yahoo's CSVs;
* daily bars come with a tz-naive index of exchange-local dates (``ignore_tz=True``);
* it never raises for a failed ticker: that ticker's columns are all NaN (or the whole frame
  is empty). The reason is only *logged* on the ``yfinance`` logger (ERROR summary lines such as
  ``['XYZ']: YFTzMissingError('$XYZ: possibly delisted; no timezone found')``, WARNING lines such
  as ``Cookie/crumb fetch failed (Timeout), continuing without crumb``).

yfinance hides network failures (found in 1.7.0): ``history`` reads
``yf.config.debug.hide_exceptions`` (default True), not the ``network`` flag ``download`` sets,
so once its timezone cache is warm a dead network, a 5xx or an "Invalid Crumb" 401 comes back
as "possibly delisted; no price data found", an empty answer and nothing else. So this adapter

* sets ``hide_exceptions`` to False, so a failed request surfaces as that ticker's error line;
* hands yfinance its own transport, :class:`BoundedSession` (curl_cffi, as yfinance's own, never
  a caching session): every request's timeout is capped at ``ROTATION_HTTP_TIMEOUT`` (yfinance
  hard-codes 30 s for its cookie and crumb requests) and every answer is journaled, so HTTP
  401/403/429/5xx and transport errors are *seen*, not guessed from log wording;
* runs the download under a deadline (``ROTATION_HTTP_TIMEOUT``): past it the fetch fails with
  ``SourceUnavailable`` and the session is switched off, so yfinance's abandoned worker threads
  fail fast instead of waiting out one timeout per ticker.

An empty or all-NaN answer for a ticker is then classified (:func:`classify_empty`):

* a network symptom (transport error, HTTP 5xx, 401/403, a network WARNING line) ->
  ``SourceUnavailable`` ("network down", never "symbol unknown");
* HTTP 429 or a logged rate limit -> ``RateLimited`` for the whole fetch;
* Yahoo's explicit 404 for the symbol, or no data on a full-history request with no symptom ->
  ``SeriesNotFound`` naming the ticker with yfinance's reason (a genuinely unknown symbol);
* no data on an incremental request (``start`` given: the series has stored history and the
  window overlaps it) -> ``SourceUnavailable``: an empty answer is never "nothing new".

When no ticker got data and any failure is network-ish, the whole fetch raises
``SourceUnavailable`` so the loader backs off and serves its stored copy, marked stale.
"""

from __future__ import annotations

import logging
import re
import threading
import time
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from urllib.parse import unquote, urlsplit

import multitasking
import pandas as pd
import yfinance as yf
from curl_cffi import requests as curl_requests
from curl_cffi.requests.exceptions import Timeout as CurlTimeout
from yfinance.exceptions import YFRateLimitError

from dashboard.data.catalog import SeriesSpec
from dashboard.data.sessions import drop_unsettled_bars
from dashboard.data.sources.base import Fetched, FetchOutcome, Health, clean_series
from dashboard.errors import RateLimited, SeriesNotFound, SourceError, SourceUnavailable
from dashboard.settings import DEFAULT_HTTP_TIMEOUT

ORIGIN = "yfinance"
HEALTH_SYMBOL = "SPY"
#: Arguments of every download: raw closes, no dividends/splits columns, one column level per
#: field and ticker, exchange-local dates.
DOWNLOAD_ARGS = {
    "auto_adjust": False,
    "actions": False,
    "progress": False,
    "group_by": "column",
    "threads": True,
    "ignore_tz": True,
    "multi_level_index": True,
}

_SUMMARY_LINE = re.compile(r"^\[(?P<tickers>[^\]]*)\]: (?P<reason>.+)$", re.DOTALL)
_EXCEPTION_REPR = re.compile(r"^\w+\((?P<q>['\"])(?P<message>.*)(?P=q)\)$", re.DOTALL)
_RATE_LIMIT = re.compile(r"YFRateLimitError|Too Many Requests|Rate limited", re.IGNORECASE)
_NETWORK = re.compile(
    r"curl: \(\d+\)|DNSError|ConnectionError|ProxyError|SSLError|CertificateVerifyError|"
    r"Timeout|timed out|Could not resolve|Failed to perform|YAHOO! FINANCE IS CURRENTLY DOWN|"
    r"Cookie fetch from fc\.yahoo\.com failed|Cookie/crumb fetch failed",
    re.IGNORECASE,
)
#: yfinance's errors when Yahoo answered with an error page or object instead of a chart.
_NOT_A_CHART = re.compile(r"KeyError\('chart'\)|JSONDecodeError|Expecting value")
_UNKNOWN_SYMBOL = "no timezone found"
#: yfinance keeps each ticker's timezone in a SQLite file; on a busy machine its download threads
#: lock each other out of it (yfinance issues 1274, 2604) and a ticker fails with this reason: a
#: local contention, not Yahoo's answer, so those tickers are asked again, one at a time.
_CACHE_LOCKED = "database is locked"
_NO_CHART = "Yahoo answered with an error page or object instead of a price chart"
#: How health() and the messages tell a dead network from a failing Yahoo and an unknown symbol.
NETWORK_DOWN = "network down"
YAHOO_FAILING = "Yahoo failing"
SYMBOL_UNKNOWN = "symbol unknown"
_CHART_PATH = re.compile(r"/v8/finance/chart/(?P<symbol>[^/?]+)")
#: "Failed to get ticker 'SPY' reason: " and the like: a ticker's name in a yfinance message.
_TICKER_NAMED = re.compile(r"(?:Failed to get )?ticker '[^']*'(?: reason:)?|\$[^:\s]+: ")

Download = Callable[..., pd.DataFrame | None]

# yfinance 1.x trips pandas 3 deprecation warnings in its own code; they are not ours to show.
warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"yfinance(\.|$)")
warnings.filterwarnings("ignore", category=FutureWarning, module=r"yfinance(\.|$)")


@dataclass(frozen=True, slots=True)
class YahooErrors:
    """What yfinance logged about the tickers of one download."""

    reasons: dict[str, str] = field(default_factory=dict)  #: ticker -> yfinance's reason
    network: dict[str, str] = field(default_factory=dict)  #: ticker -> network failure seen
    rate_limited: bool = False
    #: network symptoms naming no ticker (yfinance's cookie/crumb WARNING lines)
    general: tuple[str, ...] = ()


def _short(text: str, limit: int = 120) -> str:
    text = " ".join(text.split()).split(" See https://", 1)[0]
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _unwrap(reason: str) -> str:
    """``YFTzMissingError('$X: possibly delisted; ...')`` -> ``possibly delisted; ...``."""
    match = _EXCEPTION_REPR.match(reason.strip())
    message = match["message"] if match else reason.strip()
    return _short(re.sub(r"^\$[^:\s]+: ", "", message))


def _named(line: str, wanted: set[str]) -> list[str]:
    """Tickers a yfinance log line is about (``['A', 'B']: ...``, ``$A: ...``, ``'A'``)."""
    summary = _SUMMARY_LINE.match(line)
    if summary:
        return [t for t in re.findall(r"'([^']+)'", summary["tickers"]) if t in wanted]
    return [s for s in sorted(wanted) if f"'{s}'" in line or f"${s}:" in line]


def read_errors(lines: Sequence[str], symbols: Sequence[str]) -> YahooErrors:
    """Per-ticker reasons, network failures and rate limits from yfinance's error log lines.

    Only lines naming one of ``symbols`` count, so a concurrent download of other tickers
    cannot leak in. The per-download summary (``['A', 'B']: reason``) gives each ticker's
    reason; any line about a ticker may reveal a network failure behind it (offline, yfinance
    ends up reporting "possibly delisted; no timezone found").
    """
    wanted = set(symbols)
    reasons: dict[str, str] = {}
    network: dict[str, str] = {}
    general: list[str] = []
    rate_limited = False
    for raw in lines:
        line = raw.strip()
        tickers = _named(line, wanted)
        if not tickers:
            if not _SUMMARY_LINE.match(line) and _NETWORK.search(line):
                general.append(_short(line))
            continue
        summary = _SUMMARY_LINE.match(line)
        message = _unwrap(summary["reason"] if summary else line)
        rate_limited = rate_limited or bool(_RATE_LIMIT.search(line))
        for ticker in tickers:
            if summary:
                reasons.setdefault(ticker, message)
            if _NETWORK.search(line):
                network.setdefault(ticker, message)
            elif _NOT_A_CHART.search(line):
                network.setdefault(ticker, _NO_CHART)
    return YahooErrors(
        reasons=reasons, network=network, rate_limited=rate_limited, general=tuple(general)
    )


class _Collect(logging.Handler):
    def __init__(self, lines: list[str]) -> None:
        super().__init__(logging.WARNING)
        self.lines = lines

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


@contextmanager
def yfinance_log() -> Iterator[list[str]]:
    """Collect the WARNING and ERROR lines the ``yfinance`` logger emits meanwhile: the only
    place yf.download reports why a ticker failed."""
    lines: list[str] = []
    handler = _Collect(lines)
    logger = logging.getLogger("yfinance")
    logger.addHandler(handler)
    try:
        yield lines
    finally:
        logger.removeHandler(handler)


def close_columns(frame: pd.DataFrame | None) -> pd.DataFrame:
    """The ``Close`` column of each ticker from a ``(Price, Ticker)`` download frame."""
    if frame is None or frame.shape[1] == 0:
        return pd.DataFrame()
    if not isinstance(frame.columns, pd.MultiIndex):
        raise SourceUnavailable(
            "yfinance returned an unexpected table layout (no ticker column level)",
            source="yahoo",
        )
    names = list(frame.columns.names)
    level = names.index("Price") if "Price" in names else 0
    if "Close" not in frame.columns.get_level_values(level):
        return pd.DataFrame(index=frame.index)
    return frame.xs("Close", axis=1, level=level)


def _describe(exc: BaseException) -> str:
    return _short(f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__)


# --- the transport ------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Exchange:
    """One request yfinance made and what came back (no query string: it holds the crumb)."""

    host: str
    path: str
    status: int | None  #: HTTP status, None when no response arrived
    error: str = ""  #: the transport failure, when no response arrived

    @property
    def symbol(self) -> str | None:
        """The ticker a chart request was for (None for cookie, crumb and other requests)."""
        match = _CHART_PATH.search(self.path)
        return unquote(match["symbol"]).upper() if match else None


class BoundedSession(curl_requests.Session):
    """yfinance's transport: curl_cffi with Chrome's fingerprint (as yfinance's default), plus

    * every request's timeout capped at ``timeout_cap`` (yfinance asks 30 s for cookie and
      crumb requests, whatever ``download(timeout=...)`` says);
    * a journal: each request's host, path and status (or transport error) is appended to every
      list registered with :meth:`listen` while it is registered;
    * :meth:`abandon`: afterwards every request fails at once, so threads still working for a
      download whose deadline has passed finish in milliseconds.

    Proxies and CA bundles come from the environment (``HTTPS_PROXY``, ``CURL_CA_BUNDLE``) as
    for any curl_cffi session. Never a caching session: yfinance refuses those.
    """

    def __init__(self, timeout_cap: float) -> None:
        super().__init__(impersonate="chrome", timeout=timeout_cap)
        self.timeout_cap = float(timeout_cap)
        self.abandoned = False
        self._listeners: list[list[Exchange]] = []
        self._journal_lock = threading.Lock()

    @contextmanager
    def listen(self) -> Iterator[list[Exchange]]:
        journal: list[Exchange] = []
        with self._journal_lock:
            self._listeners.append(journal)
        try:
            yield journal
        finally:
            with self._journal_lock:
                self._listeners.remove(journal)

    def abandon(self) -> None:
        self.abandoned = True

    def _record(self, url: str, status: int | None, error: str = "") -> None:
        parts = urlsplit(url)
        exchange = Exchange(parts.hostname or "", parts.path, status, error)
        with self._journal_lock:
            for journal in self._listeners:
                journal.append(exchange)

    def request(self, method, url, *args, **kwargs):
        if self.abandoned:
            self._record(url, None, "abandoned after the deadline")
            raise CurlTimeout("request abandoned: the fetch deadline had passed")
        timeout = kwargs.get("timeout")
        if not isinstance(timeout, int | float) or timeout <= 0 or timeout > self.timeout_cap:
            kwargs["timeout"] = self.timeout_cap
        try:
            response = super().request(method, url, *args, **kwargs)
        except Exception as exc:
            self._record(url, None, _describe(exc))
            raise
        self._record(url, response.status_code)
        return response


_SESSIONS: dict[float, BoundedSession] = {}
_SESSIONS_LOCK = threading.Lock()


def shared_session(timeout_cap: float) -> BoundedSession:
    """The process's session for this cap (yfinance keeps cookie and crumb per session)."""
    with _SESSIONS_LOCK:
        session = _SESSIONS.get(timeout_cap)
        if session is None or session.abandoned:
            session = _SESSIONS[timeout_cap] = BoundedSession(timeout_cap)
        return session


def reset_sessions() -> None:
    """Forget the shared sessions (tests that change proxies or CA bundles call this)."""
    with _SESSIONS_LOCK:
        for session in _SESSIONS.values():
            session.abandon()
        _SESSIONS.clear()


def _configure_yfinance() -> None:
    """Process-wide yfinance settings this adapter relies on (see the module docstring)."""
    yf.config.debug.hide_exceptions = False  # what ``history`` reads (not ``network``)
    # yfinance's lines reach users through this adapter's messages; without a handler of its
    # own, Python would print every one to stderr (those of abandoned downloads too)
    logger = logging.getLogger("yfinance")
    if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
        logger.addHandler(logging.NullHandler())
    # yfinance's per-ticker threads must never keep a process (``rotation refresh``) alive
    # after a fetch was abandoned at its deadline
    multitasking.set_daemon(True)


def _forget_cached_answers() -> None:
    """Empty yfinance's in-process response cache (``YfData.cache_get``, an lru_cache) after a
    failure: it keeps error answers too, so one bad minute with a cold timezone cache would
    leave a ticker "possibly delisted" until the server restarts."""
    cache_get = getattr(getattr(yf.data, "YfData", None), "cache_get", None)
    if cache_get is not None and hasattr(cache_get, "cache_clear"):
        cache_get.cache_clear()


# --- what an empty answer means -----------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Evidence:
    """Everything one download revealed about failures: log lines and the transport journal."""

    errors: YahooErrors = field(default_factory=YahooErrors)
    journal: tuple[Exchange, ...] = ()

    @property
    def rate_limited(self) -> bool:
        return self.errors.rate_limited or any(e.status == 429 for e in self.journal)

    def chart_status(self, symbol: str) -> int | None:
        """The last HTTP status of ``symbol``'s chart requests (None: none answered)."""
        codes = [e.status for e in self.journal if e.symbol == symbol and e.status is not None]
        return codes[-1] if codes else None

    def network_symptom(self, symbol: str) -> str:
        """Why ``symbol``'s empty answer cannot be trusted as "no data", or "". Starts with
        ``network down:`` (no connection, timeout) or ``Yahoo failing:`` (HTTP 5xx, 401/403,
        an error page instead of a chart)."""
        for exchange in self.journal:
            if exchange.symbol not in (None, symbol):
                continue
            if exchange.error:
                return f"{NETWORK_DOWN}: {exchange.error}"
            if exchange.status is not None and (
                exchange.status >= 500 or exchange.status in (401, 403)
            ):
                return f"{YAHOO_FAILING}: {_http_reason(exchange)}"
        if symbol in self.errors.network:
            reason = self.errors.network[symbol]
            kind = YAHOO_FAILING if reason.startswith(_NO_CHART) else NETWORK_DOWN
            return f"{kind}: {reason}"
        return f"{NETWORK_DOWN}: {self.errors.general[0]}" if self.errors.general else ""

    def batch_symptom(self) -> str:
        """What failed the whole download, naming no ticker (the loader hands the error of a
        download that got nothing to every ticker asked): like :meth:`network_symptom`, or ""."""
        for exchange in self.journal:
            if exchange.error:
                return f"{NETWORK_DOWN}: {exchange.error}"
            if exchange.status is not None and (
                exchange.status >= 500 or exchange.status in (401, 403)
            ):
                return f"{YAHOO_FAILING}: {_http_reason(exchange)}"
        if self.errors.general:
            return f"{NETWORK_DOWN}: {self.errors.general[0]}"
        for reason in self.errors.network.values():
            kind = YAHOO_FAILING if reason.startswith(_NO_CHART) else NETWORK_DOWN
            return f"{kind}: {_TICKER_NAMED.sub('', reason).strip()}"
        return ""


def _http_reason(exchange: Exchange) -> str:
    what = {401: "refused (invalid cookie or crumb)", 403: "forbidden"}.get(exchange.status, "")
    if exchange.status is not None and exchange.status >= 500:
        what = "server error"
    return f"HTTP {exchange.status} {what} from {exchange.host}".replace("  ", " ")


def classify_empty(
    symbol: str, spec_id: str, start: date | None, evidence: Evidence
) -> SourceError:
    """Why ``symbol`` came back without a single price (see the module docstring)."""
    if evidence.chart_status(symbol) == 429 or (
        evidence.errors.rate_limited and symbol in evidence.errors.reasons
    ):
        return RateLimited(
            f"Yahoo rate limit reached for {symbol} (HTTP 429); try again later",
            source="yahoo",
            series_id=spec_id,
        )
    symptom = evidence.network_symptom(symbol)
    if symptom:
        return SourceUnavailable(
            f"Yahoo unreachable for {symbol} ({symptom})",
            source="yahoo",
            series_id=spec_id,
        )
    reason = evidence.errors.reasons.get(symbol, "")
    # Yahoo's 404 for the chart, or yfinance finding no timezone for it without any network
    # symptom (every listed ticker has one): Yahoo does not know the symbol
    said_unknown = evidence.chart_status(symbol) == 404 or _UNKNOWN_SYMBOL in reason
    if start is not None and not said_unknown:
        return SourceUnavailable(
            f"Yahoo returned no prices for {symbol} since {start:%Y-%m-%d}, a window that "
            "overlaps its stored history: an empty answer, treated as a failed fetch"
            + (f" (yfinance: {reason})" if reason else ""),
            source="yahoo",
            series_id=spec_id,
        )
    if said_unknown:
        detail = f": unknown symbol or delisted ({reason or 'HTTP 404'})"
    else:
        detail = f": {reason}" if reason else " (all values missing)"
    return SeriesNotFound(
        f"Yahoo has no data for {symbol}{detail}", source="yahoo", series_id=spec_id
    )


class YahooSource:
    """Yahoo prices through ``yf.download`` (injected for tests) under a deadline."""

    name = "yahoo"

    def __init__(
        self,
        download: Download | None = None,
        *,
        now: Callable[[], datetime] | None = None,
        timeout: float = DEFAULT_HTTP_TIMEOUT,
    ) -> None:
        self._download = download if download is not None else yf.download
        self._now = now if now is not None else (lambda: datetime.now(UTC))
        self.timeout = float(timeout)
        _configure_yfinance()

    def supports(self, spec: SeriesSpec) -> bool:
        return spec.provider == "yahoo"

    def fetch(
        self, specs: Sequence[SeriesSpec], start: date | None = None
    ) -> dict[str, FetchOutcome]:
        if not specs:
            return {}
        symbols = list(dict.fromkeys(spec.symbol for spec in specs))
        first = start or min(spec.start for spec in specs)
        began = time.monotonic()
        closes, evidence = self._closes(symbols, start=first.isoformat())
        evidence_of = dict.fromkeys(symbols, evidence)
        locked = [
            s
            for s in symbols
            if _CACHE_LOCKED in evidence.errors.reasons.get(s, "")
            and (s not in closes.columns or closes[s].dropna().empty)
        ]
        left = self.timeout - (time.monotonic() - began)
        if locked and left > 0.5:
            again, retry = self._closes(
                locked, timeout=left, threads=False, start=first.isoformat()
            )
            closes = pd.concat([closes.drop(columns=locked, errors="ignore"), again], axis=1)
            evidence_of.update(dict.fromkeys(locked, retry))
        now = self._now()
        outcomes: dict[str, FetchOutcome] = {}
        for spec in specs:
            raw = closes[spec.symbol] if spec.symbol in closes.columns else pd.Series(dtype=float)
            series = clean_series(raw, spec.id)
            series = series[series.index >= pd.Timestamp(start or spec.start)]
            if series.empty:
                outcomes[spec.id] = classify_empty(
                    spec.symbol, spec.id, start, evidence_of[spec.symbol]
                )
                continue
            series, notes = drop_unsettled_bars(series, spec.frequency, now)
            outcomes[spec.id] = Fetched(series=series, origin=ORIGIN, notes=notes)
        failures = [o for o in outcomes.values() if isinstance(o, SourceError)]
        if len(failures) == len(outcomes) and evidence.rate_limited:
            raise RateLimited(
                "Yahoo rate limit reached (HTTP 429); try again later", source=self.name
            )
        unreachable = [o for o in failures if isinstance(o, SourceUnavailable)]
        if len(failures) == len(outcomes) and unreachable:
            # the loader hands this error to every ticker asked, so it names none of them
            symptom = evidence.batch_symptom()
            raise SourceUnavailable(
                f"Yahoo unreachable ({symptom})"
                if symptom
                else f"Yahoo returned no prices for any of the {len(symbols)} symbols asked since "
                f"{first:%Y-%m-%d}, a window that overlaps their stored history: an empty "
                "answer, treated as a failed fetch",
                source=self.name,
            )
        return outcomes

    def health(self) -> Health:
        """A five-day download of one symbol; tells "network down" from "symbol unknown".
        Never raises."""
        try:
            closes, evidence = self._closes([HEALTH_SYMBOL], period="5d")
        except RateLimited as exc:
            return Health(self.name, False, f"rate limited: {exc}")
        except SourceError as exc:
            return Health(self.name, False, f"{NETWORK_DOWN}: {exc}")
        series = clean_series(closes.get(HEALTH_SYMBOL, pd.Series(dtype=float)), HEALTH_SYMBOL)
        if not series.empty:
            last = series.index[-1]
            return Health(
                self.name, True, f"yfinance reachable: {HEALTH_SYMBOL} close on {last:%Y-%m-%d}"
            )
        if evidence.rate_limited:
            return Health(self.name, False, "rate limited: Yahoo answered HTTP 429")
        symptom = evidence.network_symptom(HEALTH_SYMBOL)
        if symptom:
            return Health(self.name, False, symptom)
        failure = classify_empty(HEALTH_SYMBOL, HEALTH_SYMBOL, None, evidence)
        return Health(
            self.name,
            False,
            f"{SYMBOL_UNKNOWN}: Yahoo answered and has no data for {HEALTH_SYMBOL} ({failure})",
        )

    def _closes(
        self, symbols: list[str], *, timeout: float | None = None, threads: bool = True, **window
    ) -> tuple[pd.DataFrame, Evidence]:
        """One ``yf.download`` for all ``symbols`` under the deadline (``timeout``, default the
        source's); closes per ticker and the evidence of what went wrong."""
        deadline = self.timeout if timeout is None else timeout
        session = shared_session(self.timeout)
        box: dict[str, object] = {}

        def run() -> None:
            try:
                with session.listen() as journal:
                    box["journal"] = journal
                    box["frame"] = self._download(
                        symbols,
                        **window,
                        **{**DOWNLOAD_ARGS, "threads": threads},
                        timeout=self.timeout,
                        session=session,
                    )
            except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread
                box["error"] = exc

        with yfinance_log() as lines:
            worker = threading.Thread(target=run, name="yahoo-download", daemon=True)
            worker.start()
            worker.join(deadline)
        if worker.is_alive():
            session.abandon()  # its requests now fail at once; the next fetch gets a new session
            raise SourceUnavailable(
                f"Yahoo did not answer within {self.timeout:g} s (timed out)", source=self.name
            )
        error = box.get("error")
        if isinstance(error, YFRateLimitError):
            raise RateLimited("Yahoo rate limit reached; try again later", source=self.name)
        if isinstance(error, BaseException):
            raise SourceUnavailable(f"yfinance failed: {_describe(error)}", source=self.name)
        evidence = Evidence(read_errors(lines, symbols), tuple(box.get("journal", ())))
        closes = close_columns(box.get("frame"))
        if evidence.journal and any(e.error or (e.status or 0) >= 400 for e in evidence.journal):
            _forget_cached_answers()
        return closes, evidence
