"""FRED: the keyed API (via fredapi), ALFRED vintages, or the keyless fredgraph CSV (a fallback).

Every path goes through the one requests-cache session of :mod:`dashboard.data.http`, so they
share its timeouts, its freshness window per series frequency and its stale-if-error fallback.

The key is the documented way: since mid-2026 ``fredgraph.csv`` answers programmatic requests
without a key with HTTP 403, which this adapter turns into :data:`KEY_REQUIRED`, the one step
that fixes it, on the page, in ``rotation doctor`` and in ``rotation refresh``.

ALFRED (:meth:`FredSource.vintages`) is asked for every real-time period of a series in JSON
(``file_type=json``), read into :mod:`dashboard.data.vintages`' table, and paged (FRED returns at
most 100,000 rows per request).

fredapi is used for what it is good at (building FRED's query URLs, reading FRED's XML into
pandas) but not for transport: it uses bare ``urllib`` with no timeout, no session and the key
glued into the URL. :class:`_FredApi` replaces its single private fetch method with ours. We stay
on fredapi's XML: its parsers walk XML elements, so asking for ``file_type=json`` would mean
rebuilding XML from JSON to feed them.

Errors: no answer, a 5xx or an unreadable answer -> ``SourceUnavailable``; 429 -> ``RateLimited``;
403 without a key -> ``SourceUnavailable`` saying :data:`KEY_REQUIRED`; 400/404, FRED's "series
does not exist" or a web page instead of a CSV -> ``SeriesNotFound``.

The API key is revealed only when a request is sent. It is scrubbed from every message, and no
error raised here chains the exception it replaced (``__cause__`` and ``__context__`` are empty:
requests' exceptions quote the full URL, key included).

fredapi is reached through one private method (``Fred._Fred__fetch_data``); ``pyproject.toml``
bounds fredapi to the versions whose hook the tests check (``test_fredapi_hook_is_still_there``).
"""

from __future__ import annotations

import io
import json
import logging
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from urllib.parse import urlsplit

import fredapi
import pandas as pd

from dashboard.data import http, vintages
from dashboard.data.catalog import SeriesSpec
from dashboard.data.sources.base import Fetched, FetchOutcome, Health, clean_series
from dashboard.errors import RateLimited, SeriesNotFound, SourceError, SourceUnavailable
from dashboard.settings import Settings

API_ORIGIN = "FRED API (fredapi)"
GRAPH_ORIGIN = "fredgraph.csv"
#: What a keyless request refused with HTTP 403 means, and the one step that fixes it.
KEY_REQUIRED = (
    "FRED refuses requests without an API key: get a free key at fred.stlouisfed.org and set "
    "FRED_API_KEY (or .streamlit/secrets.toml)"
)
#: FRED's cap on rows per observations request; ALFRED answers are paged with ``offset``.
PAGE_LIMIT = 100_000
#: Pages of one ALFRED answer read at most (a runaway ``count`` cannot loop forever).
MAX_PAGES = 20
#: fredgraph's date column: ``observation_date`` today, ``DATE`` in older files.
GRAPH_DATE_COLUMNS = ("observation_date", "DATE")
#: A small quarterly series for the reachability check.
HEALTH_SERIES = "GDP"
HEALTH_TIMEOUT = 5.0

log = logging.getLogger(__name__)


class _FredApi(fredapi.Fred):
    """fredapi with our transport: every request goes through ``fetch`` (the shared session).

    ``fredapi.Fred.__init__`` is deliberately not called: it reads ``FRED_API_KEY`` from the
    environment and may install a process-wide urllib opener. The key is added by ``fetch``.
    """

    def __init__(self, fetch: Callable[[str], ET.Element], root_url: str) -> None:
        self.api_key = None
        self.proxies = None
        self.root_url = root_url
        self._fetch = fetch

    def _Fred__fetch_data(self, url: str) -> ET.Element:  # fredapi's name-mangled fetch
        return self._fetch(url)


def parse_fredgraph_csv(text: str, series_id: str) -> pd.Series:
    """Observations from a fredgraph CSV (``observation_date,<ID>`` or ``DATE,<ID>``; ``.`` or
    an empty cell = missing). A web page or any other layout means FRED has no such series."""
    if text.lstrip()[:1] == "<":
        raise SeriesNotFound(
            f"FRED has no series {series_id} (fredgraph answered with a web page, not a CSV)",
            source="fred",
            series_id=series_id,
        )
    try:
        frame = pd.read_csv(io.StringIO(text), na_values=["."], dtype=str)
    except (ValueError, pd.errors.ParserError):
        frame = pd.DataFrame()
    if frame.shape[1] < 2 or frame.columns[0] not in GRAPH_DATE_COLUMNS:
        raise SeriesNotFound(
            f"FRED has no series {series_id} (fredgraph answered without a date column)",
            source="fred",
            series_id=series_id,
        )
    dates = pd.to_datetime(frame.iloc[:, 0], errors="coerce", format="%Y-%m-%d")
    values = pd.Series(frame.iloc[:, 1].to_numpy(), index=dates)
    return clean_series(values[values.index.notna()], series_id)


def _error_message(body: bytes) -> str:
    """FRED's own explanation from an API error body: ``<error code=".." message=".."/>`` (XML)
    or ``{"error_code": .., "error_message": ".."}`` (JSON)."""
    text = body.decode("utf-8", "replace").strip()
    if text.startswith("{"):
        try:
            payload = json.loads(text)
        except ValueError:
            return ""
        message = payload.get("error_message", "") if isinstance(payload, dict) else ""
        return http.scrub(str(message).strip())
    try:
        return http.scrub(ET.fromstring(body).get("message", "").strip())
    except ET.ParseError:
        return ""


def _raise_for_status(served: http.Served, series_id: str, *, keyless: bool = False) -> None:
    status = served.status
    if status == 200:
        return
    if status == 403 and keyless:
        raise SourceUnavailable(KEY_REQUIRED, source="fred", series_id=series_id)
    if 300 <= status < 400:
        target = urlsplit(served.response.headers.get("Location", "")).netloc or "elsewhere"
        raise SourceUnavailable(
            f"FRED answered {series_id} with a redirect (HTTP {status}) to {target}, not followed: "
            "it would carry the API key (check ROTATION_FRED_URL)",
            source="fred",
            series_id=series_id,
        )
    detail = _error_message(served.response.content)
    if status == 429:
        raise RateLimited(
            f"FRED rate limit reached (HTTP 429) while fetching {series_id}",
            source="fred",
            series_id=series_id,
        )
    if status in (400, 404) and "api_key" in detail.lower():
        raise SourceUnavailable(
            f"FRED rejected the API key: {detail}", source="fred", series_id=series_id
        )
    if status in (400, 404):
        reason = detail or f"HTTP {status}"
        raise SeriesNotFound(
            f"FRED has no series {series_id}: {reason}", source="fred", series_id=series_id
        )
    raise SourceUnavailable(
        f"FRED unreachable (HTTP {status}) while fetching {series_id}",
        source="fred",
        series_id=series_id,
    )


def _refresh_failure(served: http.Served, *, keyless: bool) -> str:
    """Why refreshing ``served`` failed, in words (a keyless 403 names the fix)."""
    if keyless and served.refresh_failure == "HTTP 403":
        return KEY_REQUIRED
    return f"FRED unreachable ({served.refresh_failure})"


def _stale_note(served: http.Served, *, keyless: bool) -> str:
    when = f"{served.cached_at:%Y-%m-%d %H:%M} UTC" if served.cached_at else "an earlier fetch"
    why = _refresh_failure(served, keyless=keyless)
    return f"{why}; served the cached response from {when}"


class FredSource:
    """FRED through the shared cached session: keyed API when ``FRED_API_KEY`` is set,
    otherwise the public fredgraph CSV."""

    name = "fred"

    def __init__(
        self,
        settings: Settings,
        session: http.TimeoutCachedSession | None = None,
        base_url: str | None = None,
        graph_url: str | None = None,
    ) -> None:
        self._settings = settings
        self._key = settings.fred_api_key
        self._session = session if session is not None else http.get_session(settings)
        self.base_url = (base_url or settings.fred_url).rstrip("/")
        self.graph_url = graph_url or settings.fredgraph_url

    def supports(self, spec: SeriesSpec) -> bool:
        return spec.provider == "fred"

    def fetch(
        self, specs: Sequence[SeriesSpec], start: date | None = None
    ) -> dict[str, FetchOutcome]:
        """One request per series. Once FRED fails (no answer, 5xx, 429, 403, or a stale copy had
        to stand in), or the batch has used up ``http_timeout`` seconds, the remaining series are
        answered from the HTTP cache only: a dead or slow server costs one timeout per batch,
        not one per series, and a missing copy says why FRED was not asked. Raises the first
        failure when nothing at all could be delivered."""
        outcomes: dict[str, FetchOutcome] = {}
        first_failure: SourceUnavailable | None = None
        degraded = ""  # why the rest are answered from the cache only
        budget_end = time.monotonic() + self._settings.http_timeout
        for spec in specs:
            if not degraded and time.monotonic() > budget_end:
                degraded = f"FRED batch over its {self._settings.http_timeout:g} s budget"
            try:
                fetched, served = self._fetch_one(spec, start, degraded=degraded)
            except SeriesNotFound as exc:
                outcomes[spec.id] = exc
                continue
            except SourceUnavailable as exc:
                outcomes[spec.id] = exc
                first_failure = first_failure or exc
                degraded = degraded or _reason(exc)
                continue
            outcomes[spec.id] = fetched
            if served.refresh_failure and not degraded:
                degraded = _refresh_failure(served, keyless=not self._key)
        if first_failure is not None and not any(isinstance(o, Fetched) for o in outcomes.values()):
            raise _detached(first_failure)
        return outcomes

    def vintages(self, spec: SeriesSpec, *, cache_only: bool = False) -> pd.DataFrame:
        """Every ALFRED vintage of ``spec`` (the table of :mod:`dashboard.data.vintages`), through
        the shared cache (fresh for the series' freshness window). Needs ``FRED_API_KEY``."""
        if not self._key:
            raise SourceUnavailable(
                f"ALFRED vintages of {spec.id} need FRED_API_KEY",
                source=self.name,
                series_id=spec.id,
            )
        rows: list[dict] = []
        for page in range(MAX_PAGES):
            params = {
                "series_id": spec.symbol,
                "realtime_start": vintages.REALTIME_START,
                "realtime_end": vintages.REALTIME_END,
                "file_type": "json",
                "limit": str(PAGE_LIMIT),
                "offset": str(page * PAGE_LIMIT),
                "api_key": self._key.reveal(),
            }
            served = self._request(
                f"{self.base_url}/series/observations",
                spec.id,
                params=params,
                expire_after=self._settings.freshness(spec.frequency),
                cache_only=cache_only,
            )
            batch, count = _alfred_page(served.response.content, spec.id)
            rows.extend(batch)
            if not batch or len(rows) >= count:
                break
        table = vintages.parse_alfred_rows(rows)
        if table.empty:
            raise SeriesNotFound(
                f"ALFRED has no vintages of {spec.id}", source=self.name, series_id=spec.id
            )
        return table

    def health(self) -> Health:
        """One small uncached request with a short timeout; never raises."""
        timeout = min(self._settings.http_timeout, HEALTH_TIMEOUT)
        try:
            if self._key:
                self._request(
                    f"{self.base_url}/series",
                    HEALTH_SERIES,
                    params={"series_id": HEALTH_SERIES, "api_key": self._key.reveal()},
                    timeout=timeout,
                    refresh=True,
                )
                detail = "FRED API reachable, key accepted"
            else:
                cosd = (date.today() - timedelta(days=400)).isoformat()
                served = self._request(
                    self.graph_url,
                    HEALTH_SERIES,
                    params={"id": HEALTH_SERIES, "cosd": cosd},
                    timeout=timeout,
                    refresh=True,
                )
                parse_fredgraph_csv(served.response.text, HEALTH_SERIES)
                detail = (
                    "fredgraph.csv reachable without a key (a fallback: set FRED_API_KEY for the "
                    "API and ALFRED first releases)"
                )
        except SourceError as exc:
            return Health(self.name, False, http.scrub(str(exc)))
        return Health(self.name, True, detail)

    @property
    def keyless(self) -> bool:
        return not self._key

    # --- internals -------------------------------------------------------------------------

    def _fetch_one(
        self, spec: SeriesSpec, start: date | None, *, degraded: str = ""
    ) -> tuple[Fetched, http.Served]:
        cache_only = bool(degraded)
        if self._key:
            client, sink = self._api_client(spec, cache_only=cache_only, degraded=degraded)
            values = self._parse_api(
                spec, lambda: client.get_series(spec.symbol, observation_start=start)
            )
            series, origin, served = clean_series(values, spec.id), API_ORIGIN, sink[-1]
        else:
            params = {"id": spec.symbol}
            if start is not None:
                params["cosd"] = start.isoformat()
            served = self._request(
                self.graph_url,
                spec.id,
                params=params,
                expire_after=self._settings.freshness(spec.frequency),
                cache_only=cache_only,
                degraded=degraded,
            )
            series, origin = parse_fredgraph_csv(served.response.text, spec.id), GRAPH_ORIGIN
        if series.empty and start is None:
            raise SeriesNotFound(
                f"FRED returned no observations for {spec.id}", source=self.name, series_id=spec.id
            )
        return self._fetched(series, origin, served), served

    def _fetched(self, series: pd.Series, origin: str, served: http.Served) -> Fetched:
        notes: tuple[str, ...] = ()
        if served.refresh_failure:
            notes = (_stale_note(served, keyless=not self._key),)
            log.warning("%s: %s", series.name, notes[0])
        return Fetched(series=series, origin=origin, notes=notes, from_http_cache=served.from_cache)

    def _api_client(
        self, spec: SeriesSpec, *, cache_only: bool, degraded: str = ""
    ) -> tuple[_FredApi, list[http.Served]]:
        """A fredapi client bound to this series' expiry; the list collects what it was served."""
        sink: list[http.Served] = []

        def fetch(url: str) -> ET.Element:
            answer = self._request(
                url,
                spec.id,
                params={"api_key": self._key.reveal()},
                expire_after=self._settings.freshness(spec.frequency),
                cache_only=cache_only,
                degraded=degraded,
            )
            sink.append(answer)
            try:
                root = ET.fromstring(answer.response.content)
            except ET.ParseError:
                root = None
            if root is None or root.tag.lower() == "html":
                raise SourceUnavailable(
                    f"FRED API answered {spec.id} with something other than XML",
                    source=self.name,
                    series_id=spec.id,
                )
            return root

        return _FredApi(fetch, self.base_url), sink

    def _parse_api(self, spec: SeriesSpec, call: Callable[[], pd.Series | pd.DataFrame]):
        """Run a fredapi call; its parsing errors (odd values, missing fields) mean FRED sent
        something unreadable, not that our code failed. Our own typed errors pass through
        detached from anything fredapi chained to them."""
        failure: SourceError | None = None
        try:
            return call()
        except SourceError as exc:
            failure = _detached(exc)
        except (ValueError, TypeError, KeyError) as exc:
            failure = SourceUnavailable(
                f"FRED API answered {spec.id} with unreadable data ({type(exc).__name__})",
                source=self.name,
                series_id=spec.id,
            )
        raise failure

    def _request(
        self,
        url: str,
        series_id: str,
        *,
        params: dict[str, str],
        expire_after: timedelta | None = None,
        timeout: float | None = None,
        cache_only: bool = False,
        refresh: bool = False,
        degraded: str = "",
    ) -> http.Served:
        failure = ""
        try:
            served = http.get(
                self._session,
                url,
                source=self.name,
                label="FRED",
                params=params,
                expire_after=expire_after,
                timeout=timeout,
                cache_only=cache_only,
                refresh=refresh,
            )
        except SourceUnavailable as exc:
            failure = str(exc)
        if failure:
            raise SourceUnavailable(
                f"{failure} while fetching {series_id}", source=self.name, series_id=series_id
            )
        if served.not_cached:
            why = degraded or "an earlier failure"
            raise SourceUnavailable(
                f"{why}; {series_id} not asked for and no cached copy",
                source=self.name,
                series_id=series_id,
            )
        _raise_for_status(served, series_id, keyless=not self._key)
        return served


def _reason(exc: SourceError) -> str:
    """The part of a failure that explains the rest of a batch (without "while fetching X")."""
    return str(exc).split(" while fetching ", 1)[0]


def _detached(exc: SourceError) -> SourceError:
    """``exc`` with no chained exception: what it replaced may quote the URL with the key."""
    exc.__cause__ = None
    exc.__context__ = None
    exc.__suppress_context__ = True
    exc.__traceback__ = None
    return exc


def _alfred_page(body: bytes, series_id: str) -> tuple[list[dict], int]:
    """The observation rows of one ALFRED JSON page and the total ``count`` it announces."""
    failure = ""
    try:
        payload = json.loads(body)
    except ValueError:
        failure = "something other than JSON"
    else:
        rows = payload.get("observations") if isinstance(payload, dict) else None
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            failure = "JSON without observations"
    if failure:
        raise SourceUnavailable(
            f"ALFRED answered {series_id} with {failure}", source="fred", series_id=series_id
        )
    try:
        count = int(payload.get("count", len(rows)))
    except (TypeError, ValueError):
        count = len(rows)
    return rows, count
