"""FRED: the keyed API (via fredapi, including ALFRED first releases) or the keyless fredgraph CSV.

Both paths go through the one requests-cache session of :mod:`dashboard.data.http`, so they
share its timeouts, its freshness window per series frequency and its stale-if-error fallback.

fredapi is used for what it is good at (building FRED's query URLs, reading FRED's XML into
pandas) but not for transport: it uses bare ``urllib`` with no timeout, no session and the key
glued into the URL. :class:`_FredApi` replaces its single private fetch method with ours. We stay
on fredapi's XML: its parsers walk XML elements, so asking for ``file_type=json`` would mean
rebuilding XML from JSON to feed them.

Errors: no answer, a 5xx or an unreadable answer -> ``SourceUnavailable``; 429 -> ``RateLimited``;
400/404, FRED's "series does not exist" or a web page instead of a CSV -> ``SeriesNotFound``.
The API key is revealed only when a request is sent and is scrubbed from every message.
"""

from __future__ import annotations

import io
import logging
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from datetime import date, timedelta

import fredapi
import pandas as pd

from dashboard.data import http
from dashboard.data.catalog import SeriesSpec
from dashboard.data.sources.base import Fetched, FetchOutcome, Health, clean_series
from dashboard.errors import RateLimited, SeriesNotFound, SourceError, SourceUnavailable
from dashboard.settings import Settings

FRED_API_URL = "https://api.stlouisfed.org/fred"
FREDGRAPH_URL = "https://fred.stlouisfed.org/graph/fredgraph.csv"
API_ORIGIN = "FRED API (fredapi)"
FIRST_RELEASE_ORIGIN = "ALFRED first releases (fredapi)"
GRAPH_ORIGIN = "fredgraph.csv"
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


def first_releases(table: pd.DataFrame, series_id: str) -> pd.Series:
    """The first published value of each observation from ALFRED's vintage table (fredapi's
    ``date``, ``realtime_start``, ``value`` columns).

    Later revisions are ignored, which is what a point-in-time view needs. A value first
    published as missing (``.``) counts from the vintage that first gave a number.
    """
    if table.empty:
        return clean_series(pd.Series(dtype="float64"), series_id)
    releases = pd.DataFrame(
        {
            "date": pd.to_datetime(table["date"]),
            "realtime_start": pd.to_datetime(table["realtime_start"]),
            "value": pd.to_numeric(table["value"], errors="coerce"),
        }
    ).dropna(subset=["value"])
    first = releases.sort_values(["date", "realtime_start"], kind="stable").drop_duplicates(
        "date", keep="first"
    )
    return clean_series(first.set_index("date")["value"], series_id)


def _error_message(body: bytes) -> str:
    """FRED's own explanation from an API error body (``<error code=".." message=".."/>``)."""
    try:
        return http.scrub(ET.fromstring(body).get("message", "").strip())
    except ET.ParseError:
        return ""


def _raise_for_status(served: http.Served, series_id: str) -> None:
    status = served.status
    if status == 200:
        return
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


def _stale_note(served: http.Served) -> str:
    when = f"{served.cached_at:%Y-%m-%d %H:%M} UTC" if served.cached_at else "an earlier fetch"
    return f"FRED unreachable ({served.refresh_failure}); served the cached response from {when}"


class FredSource:
    """FRED through the shared cached session: keyed API when ``FRED_API_KEY`` is set,
    otherwise the public fredgraph CSV."""

    name = "fred"

    def __init__(
        self,
        settings: Settings,
        session: http.TimeoutCachedSession | None = None,
        base_url: str = FRED_API_URL,
        graph_url: str = FREDGRAPH_URL,
    ) -> None:
        self._settings = settings
        self._key = settings.fred_api_key
        self._session = session if session is not None else http.get_session(settings)
        self.base_url = base_url.rstrip("/")
        self.graph_url = graph_url

    def supports(self, spec: SeriesSpec) -> bool:
        return spec.provider == "fred"

    def fetch(
        self, specs: Sequence[SeriesSpec], start: date | None = None
    ) -> dict[str, FetchOutcome]:
        """One request per series. Once FRED fails (no answer, 5xx, 429, or a stale copy had to
        stand in), the remaining series are answered from the HTTP cache only, so a dead server
        costs one timeout per refresh instead of one per series. Raises the first failure when
        nothing at all could be delivered."""
        outcomes: dict[str, FetchOutcome] = {}
        first_failure: SourceUnavailable | None = None
        degraded = False
        for spec in specs:
            try:
                fetched, served = self._fetch_one(spec, start, cache_only=degraded)
            except SeriesNotFound as exc:
                outcomes[spec.id] = exc
                continue
            except SourceUnavailable as exc:
                outcomes[spec.id] = exc
                first_failure = first_failure or exc
                degraded = True
                continue
            outcomes[spec.id] = fetched
            degraded = degraded or bool(served.refresh_failure)
        if first_failure is not None and not any(isinstance(o, Fetched) for o in outcomes.values()):
            raise first_failure
        return outcomes

    def first_release(self, spec: SeriesSpec) -> Fetched:
        """The first-published value of every observation (ALFRED vintages), for point-in-time
        views that must not see later revisions. Needs ``FRED_API_KEY``."""
        if not self._key:
            raise SourceUnavailable(
                f"ALFRED first releases of {spec.id} need FRED_API_KEY",
                source=self.name,
                series_id=spec.id,
            )
        client, sink = self._api_client(spec, cache_only=False)
        table = self._parse_api(spec, lambda: client.get_series_all_releases(spec.symbol))
        series = first_releases(table, spec.id)
        if series.empty:
            raise SeriesNotFound(
                f"ALFRED has no releases of {spec.id}", source=self.name, series_id=spec.id
            )
        return self._fetched(series, FIRST_RELEASE_ORIGIN, sink[-1])

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
                detail = "fredgraph.csv reachable (no FRED_API_KEY: no ALFRED vintages)"
        except SourceError as exc:
            return Health(self.name, False, http.scrub(str(exc)))
        return Health(self.name, True, detail)

    # --- internals -------------------------------------------------------------------------

    def _fetch_one(
        self, spec: SeriesSpec, start: date | None, *, cache_only: bool
    ) -> tuple[Fetched, http.Served]:
        if self._key:
            client, sink = self._api_client(spec, cache_only=cache_only)
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
            notes = (_stale_note(served),)
            log.warning("%s: %s", series.name, notes[0])
        return Fetched(series=series, origin=origin, notes=notes, from_http_cache=served.from_cache)

    def _api_client(
        self, spec: SeriesSpec, *, cache_only: bool
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
        something unreadable, not that our code failed."""
        try:
            return call()
        except (ValueError, TypeError, KeyError) as exc:
            raise SourceUnavailable(
                f"FRED API answered {spec.id} with unreadable data ({type(exc).__name__})",
                source=self.name,
                series_id=spec.id,
            ) from None

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
    ) -> http.Served:
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
            raise SourceUnavailable(
                f"{exc} while fetching {series_id}", source=self.name, series_id=series_id
            ) from None
        if served.not_cached:
            raise SourceUnavailable(
                f"FRED not asked for {series_id} after an earlier failure, and no cached copy",
                source=self.name,
                series_id=series_id,
            )
        _raise_for_status(served, series_id)
        return served
