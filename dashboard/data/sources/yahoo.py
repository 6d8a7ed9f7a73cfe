"""Yahoo Finance through yfinance: one batched ``yf.download`` per fetch, raw closes.

What ``yf.download`` (1.x) gives back, and what we make of it:

* columns are a ``(Price, Ticker)`` MultiIndex, also for a single ticker; we take ``Close``: the
  raw close (split-adjusted, not dividend-adjusted, ``auto_adjust=False``), as in Yahoo's CSVs;
* daily bars come with a tz-naive index of exchange-local dates (``ignore_tz=True``);
* it never raises for a failed ticker: that ticker's columns are all NaN (or the whole frame
  is empty), and the reason is only *logged* on the ``yfinance`` logger as
  ``['XYZ']: possibly delisted; no timezone found`` (1.x keeps its errors per call; the old
  ``yfinance.shared._ERRORS`` is no longer filled). :func:`read_errors` reads those lines;
* a rate limit is logged the same way (``YFRateLimitError('Too Many Requests...')``).

Failures, per ticker and as a whole:

* no data + a network-ish reason (DNS, curl, timeout) -> ``SourceUnavailable`` for that ticker;
  when no ticker at all got data that way the whole fetch raises ``SourceUnavailable``;
* no data otherwise (unknown symbol, delisted, nothing logged) -> ``SeriesNotFound`` naming the
  ticker with yfinance's reason. With ``start`` given, an empty answer means "nothing new since
  then" unless yfinance says the symbol has no timezone (i.e. Yahoo does not know it);
* a rate limit, logged or raised -> ``RateLimited`` for the whole fetch (no sleeping here:
  the loader backs off and serves its cache); any other exception -> ``SourceUnavailable``.

Never pass yfinance a session: it refuses requests-cache sessions; the parquet store caches.
"""

from __future__ import annotations

import logging
import re
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import pandas as pd
import yfinance as yf
from yfinance.exceptions import YFRateLimitError

from dashboard.data.catalog import SeriesSpec
from dashboard.data.sessions import drop_unsettled_bars
from dashboard.data.sources.base import Fetched, FetchOutcome, Health, clean_series
from dashboard.errors import RateLimited, SeriesNotFound, SourceError, SourceUnavailable

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
    r"curl: \(\d+\)|DNSError|ConnectionError|Timeout|timed out|Could not resolve|"
    r"Failed to perform|YAHOO! FINANCE IS CURRENTLY DOWN",
    re.IGNORECASE,
)
#: yfinance's sign that Yahoo does not know a symbol at all (every listed ticker has one).
_UNKNOWN_SYMBOL = "no timezone found"

Download = Callable[..., pd.DataFrame | None]


@dataclass(frozen=True, slots=True)
class YahooErrors:
    """What yfinance logged about the tickers of one download."""

    reasons: dict[str, str] = field(default_factory=dict)  #: ticker -> yfinance's reason
    network: dict[str, str] = field(default_factory=dict)  #: ticker -> network failure seen
    rate_limited: bool = False


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
    rate_limited = False
    for raw in lines:
        line = raw.strip()
        tickers = _named(line, wanted)
        if not tickers:
            continue
        summary = _SUMMARY_LINE.match(line)
        message = _unwrap(summary["reason"] if summary else line)
        rate_limited = rate_limited or bool(_RATE_LIMIT.search(line))
        for ticker in tickers:
            if summary:
                reasons.setdefault(ticker, message)
            if _NETWORK.search(line):
                network.setdefault(ticker, message)
    return YahooErrors(reasons=reasons, network=network, rate_limited=rate_limited)


class _Collect(logging.Handler):
    def __init__(self, lines: list[str]) -> None:
        super().__init__(logging.ERROR)
        self.lines = lines

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


@contextmanager
def yfinance_log() -> Iterator[list[str]]:
    """Collect the error lines the ``yfinance`` logger emits meanwhile: the only place
    yf.download reports why a ticker failed."""
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


def _describe(exc: Exception) -> str:
    return _short(f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__)


class YahooSource:
    """Yahoo prices through ``yf.download`` (injected for tests)."""

    name = "yahoo"

    def __init__(
        self,
        download: Download | None = None,
        *,
        now: Callable[[], datetime] | None = None,
    ) -> None:
        self._download = download if download is not None else yf.download
        self._now = now if now is not None else (lambda: datetime.now(UTC))

    def supports(self, spec: SeriesSpec) -> bool:
        return spec.provider == "yahoo"

    def fetch(
        self, specs: Sequence[SeriesSpec], start: date | None = None
    ) -> dict[str, FetchOutcome]:
        if not specs:
            return {}
        symbols = list(dict.fromkeys(spec.symbol for spec in specs))
        first = start or min(spec.start for spec in specs)
        closes, errors = self._closes(symbols, start=first.isoformat())
        now = self._now()
        outcomes: dict[str, FetchOutcome] = {}
        for spec in specs:
            raw = closes[spec.symbol] if spec.symbol in closes.columns else pd.Series(dtype=float)
            series = clean_series(raw, spec.id)
            series = series[series.index >= pd.Timestamp(start or spec.start)]
            if series.empty:
                outcomes[spec.id] = self._no_data(spec, start, errors)
                continue
            series, notes = drop_unsettled_bars(series, spec.frequency, now)
            outcomes[spec.id] = Fetched(series=series, origin=ORIGIN, notes=notes)
        delivered = any(isinstance(o, Fetched) for o in outcomes.values())
        if not delivered and errors.network:
            reason = next(iter(errors.network.values()))
            raise SourceUnavailable(f"Yahoo unreachable ({reason})", source=self.name)
        return outcomes

    def health(self) -> Health:
        """A five-day download of one symbol; never raises."""
        try:
            closes, errors = self._closes([HEALTH_SYMBOL], period="5d")
        except SourceError as exc:
            return Health(self.name, False, str(exc))
        series = clean_series(closes.get(HEALTH_SYMBOL, pd.Series(dtype=float)), HEALTH_SYMBOL)
        if series.empty:
            reason = errors.network.get(HEALTH_SYMBOL) or errors.reasons.get(
                HEALTH_SYMBOL, "empty answer"
            )
            return Health(self.name, False, f"no data for {HEALTH_SYMBOL} ({reason})")
        last = series.index[-1]
        return Health(
            self.name, True, f"yfinance reachable: {HEALTH_SYMBOL} close on {last:%Y-%m-%d}"
        )

    def _closes(self, symbols: list[str], **window: str) -> tuple[pd.DataFrame, YahooErrors]:
        """One ``yf.download`` for all ``symbols``; closes per ticker and what yfinance logged."""
        try:
            # yfinance's own pandas deprecation warnings are not ours to show users
            with yfinance_log() as lines, warnings.catch_warnings():
                warnings.simplefilter("ignore", pd.errors.Pandas4Warning)
                frame = self._download(symbols, **window, **DOWNLOAD_ARGS)
        except YFRateLimitError:
            raise RateLimited(
                "Yahoo rate limit reached; try again later", source=self.name
            ) from None
        except Exception as exc:  # noqa: BLE001 - any yfinance failure becomes a typed error
            raise SourceUnavailable(
                f"yfinance failed: {_describe(exc)}", source=self.name
            ) from None
        errors = read_errors(lines, symbols)
        if errors.rate_limited:
            raise RateLimited("Yahoo rate limit reached; try again later", source=self.name)
        return close_columns(frame), errors

    def _no_data(self, spec: SeriesSpec, start: date | None, errors: YahooErrors) -> FetchOutcome:
        """Why ``spec`` came back empty, as an outcome (see the module docstring)."""
        if spec.symbol in errors.network:
            return SourceUnavailable(
                f"Yahoo unreachable for {spec.symbol} ({errors.network[spec.symbol]})",
                source=self.name,
                series_id=spec.id,
            )
        reason = errors.reasons.get(spec.symbol, "")
        if start is not None and _UNKNOWN_SYMBOL not in reason:
            return Fetched(series=clean_series(pd.Series(dtype=float), spec.id), origin=ORIGIN)
        detail = f": {reason}" if reason else " (all values missing)"
        return SeriesNotFound(
            f"Yahoo has no data for {spec.symbol}{detail}", source=self.name, series_id=spec.id
        )
