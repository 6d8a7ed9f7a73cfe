"""The Office of Financial Research's Short-term Funding Monitor: the monthly money-fund total.

``GET {ROTATION_OFR_URL}/series/timeseries?mnemonic=MMF-MMF_TOT-M`` answers a JSON list of
``[date, value]`` pairs: total assets of US money market funds from SEC form N-MFP, monthly,
in US dollars (about 7.7e12 in January 2026). No key is needed. This adapter converts the values
to USD billions (the catalog's unit, the same as a user's weekly ``MMF_TOTAL.csv``).

It uses the one requests-cache session of :mod:`dashboard.data.http` (timeouts, a freshness
window per frequency, stale-if-error), with the same typed errors as every source: no answer,
a 5xx or an unreadable answer -> ``SourceUnavailable``; 429 -> ``RateLimited``; 400/404, an
error object or an empty list -> ``SeriesNotFound``.

Point in time: N-MFP reports are due by the fifth business day after the month ends and the OFR
aggregates them afterwards; the catalog counts a month as public 45 days after its end
(``lag_45d``), later than the OFR usually posts it, so an as-of replay never sees a month early.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date

import numpy as np
import pandas as pd

from dashboard.data import http
from dashboard.data.catalog import SeriesSpec
from dashboard.data.sources.base import Fetched, FetchOutcome, Health, clean_series
from dashboard.errors import RateLimited, SeriesNotFound, SourceError, SourceUnavailable
from dashboard.settings import Settings

SOURCE = "ofr"
ORIGIN = "OFR Short-term Funding Monitor API"
#: OFR values are US dollars; the catalog's unit is USD billions.
USD_PER_UNIT = 1e9
#: A money-fund total outside this range (USD bn) is not a total: a unit or data error.
PLAUSIBLE_BN = (100.0, 100_000.0)
HEALTH_MNEMONIC = "MMF-MMF_TOT-M"
HEALTH_TIMEOUT = 5.0


def parse_timeseries(body: bytes, series_id: str) -> tuple[pd.Series, tuple[str, ...]]:
    """``[[date, value], ...]`` in USD -> a clean series in USD bn, and notes on what was
    dropped. Raises ``SourceUnavailable`` for anything but such a list, ``SeriesNotFound`` for
    an error object or a list with no usable pair."""
    try:
        payload = json.loads(body)
    except ValueError:
        payload = None
    if isinstance(payload, dict):
        message = str(payload.get("error") or payload.get("message") or "no such series")
        raise SeriesNotFound(
            f"OFR has no series {series_id}: {message[:120]}", source=SOURCE, series_id=series_id
        )
    if not isinstance(payload, list):
        raise SourceUnavailable(
            f"OFR answered {series_id} with something other than a JSON list",
            source=SOURCE,
            series_id=series_id,
        )
    pairs = [p for p in payload if isinstance(p, list | tuple) and len(p) == 2]
    frame = pd.DataFrame(pairs, columns=["date", "value"], dtype="object")
    dates = pd.to_datetime(frame["date"].astype(str), errors="coerce", format="%Y-%m-%d")
    values = pd.to_numeric(frame["value"], errors="coerce").astype("float64") / USD_PER_UNIT
    notes = []
    malformed = len(payload) - len(pairs)
    if malformed:
        notes.append(f"ofr: dropped {malformed} entries that are not [date, value] pairs")
    low, high = PLAUSIBLE_BN
    usable = dates.notna() & values.notna() & np.isfinite(values)
    implausible = usable & ((values < low) | (values > high))
    if implausible.any():
        notes.append(
            f"ofr: dropped {int(implausible.sum())} values outside {low:,.0f}-{high:,.0f} USD bn "
            "(not a money-fund total)"
        )
    keep = usable & ~implausible
    if not keep.any():
        raise SeriesNotFound(
            f"OFR returned no usable observations for {series_id}",
            source=SOURCE,
            series_id=series_id,
        )
    series = clean_series(pd.Series(values[keep].to_numpy(), index=dates[keep]), series_id)
    return series, tuple(notes)


def _raise_for_status(served: http.Served, series_id: str) -> None:
    status = served.status
    if status == 200:
        if "html" in served.response.headers.get("Content-Type", "").lower():
            raise SourceUnavailable(
                f"OFR answered {series_id} with a web page, not data",
                source=SOURCE,
                series_id=series_id,
            )
        return
    if status == 429:
        raise RateLimited(
            f"OFR rate limit reached (HTTP 429) while fetching {series_id}",
            source=SOURCE,
            series_id=series_id,
        )
    if status in (400, 404):
        raise SeriesNotFound(
            f"OFR has no series {series_id} (HTTP {status})", source=SOURCE, series_id=series_id
        )
    raise SourceUnavailable(
        f"OFR unreachable (HTTP {status}) while fetching {series_id}",
        source=SOURCE,
        series_id=series_id,
    )


class OfrSource:
    """OFR series through the shared cached session (catalog entries with provider ``ofr``)."""

    name = SOURCE

    def __init__(
        self, settings: Settings, session: http.TimeoutCachedSession | None = None
    ) -> None:
        self._settings = settings
        self._session = session if session is not None else http.get_session(settings)
        self.base_url = settings.ofr_url.rstrip("/")

    def supports(self, spec: SeriesSpec) -> bool:
        return spec.provider == SOURCE

    def fetch(
        self, specs: Sequence[SeriesSpec], start: date | None = None
    ) -> dict[str, FetchOutcome]:
        """One request per series; after a failure the rest come from the HTTP cache only.
        Raises the first failure when nothing could be delivered."""
        outcomes: dict[str, FetchOutcome] = {}
        failure: SourceUnavailable | None = None
        for spec in specs:
            try:
                outcomes[spec.id] = self._fetch_one(spec, start, cache_only=failure is not None)
            except SourceUnavailable as exc:
                outcomes[spec.id] = exc
                failure = failure or exc
            except SeriesNotFound as exc:
                outcomes[spec.id] = exc
        if failure is not None and not any(isinstance(o, Fetched) for o in outcomes.values()):
            raise failure
        return outcomes

    def health(self) -> Health:
        """One small uncached request (the whole monthly total is a few hundred pairs); never
        raises."""
        try:
            served = self._get(
                HEALTH_MNEMONIC,
                {"mnemonic": HEALTH_MNEMONIC},
                timeout=min(self._settings.http_timeout, HEALTH_TIMEOUT),
                refresh=True,
            )
            series, _ = parse_timeseries(served.response.content, HEALTH_MNEMONIC)
        except SourceError as exc:
            return Health(self.name, False, str(exc))
        return Health(
            self.name,
            True,
            f"OFR API reachable: {HEALTH_MNEMONIC} to {series.index[-1]:%Y-%m-%d}",
        )

    def _fetch_one(self, spec: SeriesSpec, start: date | None, *, cache_only: bool) -> Fetched:
        params = {"mnemonic": spec.symbol}
        if start is not None:
            params["start_date"] = start.isoformat()
        served = self._get(
            spec.id,
            params,
            expire_after=self._settings.freshness(spec.frequency),
            cache_only=cache_only,
        )
        series, notes = parse_timeseries(served.response.content, spec.id)
        if served.refresh_failure:
            when = f"{served.cached_at:%Y-%m-%d %H:%M} UTC" if served.cached_at else "earlier"
            notes += (
                f"OFR unreachable ({served.refresh_failure}); served the cached response "
                f"from {when}",
            )
        return Fetched(series=series, origin=ORIGIN, notes=notes, from_http_cache=served.from_cache)

    def _get(self, series_id: str, params: dict[str, str], **options) -> http.Served:
        served = http.get(
            self._session,
            f"{self.base_url}/series/timeseries",
            source=self.name,
            label="OFR",
            params=params,
            **options,
        )
        if served.not_cached:
            raise SourceUnavailable(
                f"OFR not asked for {series_id} after an earlier failure, and no cached copy",
                source=self.name,
                series_id=series_id,
            )
        _raise_for_status(served, series_id)
        return served
