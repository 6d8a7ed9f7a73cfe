"""Provenance travels with every series: where it came from, how fresh, and whether it is real."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Literal

import pandas as pd

#: live = fetched from the provider just now; cached = a stored copy: our store within its TTL,
#: or a file in the data folder (fetched-at = the file's modification time);
#: stale = from our store, past its TTL (the live fetch failed); synthetic = demo data;
#: unavailable = no source could deliver it.
Status = Literal["live", "cached", "stale", "synthetic", "unavailable"]
STATUSES: tuple[Status, ...] = ("live", "cached", "stale", "synthetic", "unavailable")
#: What kind of failure a source reported (the class of its typed error, see dashboard.errors):
#: unreachable = network, timeout, HTTP error; not_found = it has no such series or symbol.
FailureKind = Literal["unreachable", "rate_limited", "not_found", "error"]


@dataclass(frozen=True, slots=True)
class Failure:
    """One source in the chain that could not deliver the series, and why.

    Kept typed so the page can say it in plain words, for the right symbol
    (:mod:`dashboard.views.reasons`); ``detail`` is the adapter's own message (the CLI's words).
    """

    source: str  #: adapter name: yahoo, fred, ofr, csvdir, demo
    kind: FailureKind
    detail: str

    def note(self) -> str:
        return f"{self.source}: {self.detail}"


@dataclass(frozen=True, slots=True)
class Provenance:
    series_id: str
    label: str
    source: str  #: adapter name: yahoo, fred, csvdir, demo ("" when unavailable)
    origin: str  #: what exactly: "yfinance", "FRED API", "fredgraph.csv", a file path, ...
    status: Status
    units: str = ""
    frequency: str = ""
    first_date: date | None = None
    last_date: date | None = None  #: the as-of date of the data: its last observation
    rows: int = 0
    fetched_at: datetime | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)  #: fallback steps, data-quality notes
    #: the sources that failed before this one served it (or before it became unavailable)
    failures: tuple[Failure, ...] = field(default_factory=tuple)

    @property
    def synthetic(self) -> bool:
        return self.status == "synthetic"

    @property
    def available(self) -> bool:
        return self.status != "unavailable"

    def with_notes(self, *notes: str) -> Provenance:
        return replace(self, notes=self.notes + tuple(n for n in notes if n))

    def badge(self) -> str:
        """One-line plain-text summary, e.g. ``IWM · yahoo · live · as of 2026-01-16``."""
        parts = [self.series_id, self.source or "no source", self.status]
        if self.last_date:
            parts.append(f"as of {self.last_date:%Y-%m-%d}")
        return " · ".join(parts)

    def source_text(self) -> str:
        """``IWM yahoo/live`` (``IWM: unavailable``): where a series came from, without a date."""
        if not self.available:
            return f"{self.series_id}: unavailable"
        return f"{self.series_id} {self.source}/{self.status}"

    def line(self) -> str:
        """The one-line provenance of captions, signal sources and help texts:
        ``IWM yahoo/live to 2026-01-16`` (``IWM: unavailable``)."""
        return _to(self.source_text(), self.last_date) if self.available else self.source_text()

    def to_dict(self) -> dict:
        return {
            "series_id": self.series_id,
            "label": self.label,
            "source": self.source,
            "origin": self.origin,
            "status": self.status,
            "units": self.units,
            "frequency": self.frequency,
            "first_date": self.first_date.isoformat() if self.first_date else None,
            "last_date": self.last_date.isoformat() if self.last_date else None,
            "rows": self.rows,
            "fetched_at": self.fetched_at.isoformat(timespec="seconds")
            if self.fetched_at
            else None,
            "notes": list(self.notes),
        }


def describe(provenance: Iterable[Provenance]) -> str:
    """Several series' provenance on one line: ``IWM yahoo/live to 2026-01-16; SPY ...``."""
    return "; ".join(p.line() for p in provenance)


def span(series: pd.Series) -> tuple[date | None, date | None, int]:
    """First date, last date and row count of a series (Nones when empty)."""
    if series is None or series.empty:
        return None, None, 0
    return series.index[0].date(), series.index[-1].date(), int(series.size)


def _to(text: str, last: date | pd.Timestamp | None) -> str:
    return f"{text} to {last:%Y-%m-%d}" if last is not None else text


def source_as_of(text: str, series: pd.Series | None) -> str:
    """``text`` (``IWM csvdir/cached``) with the last date ``series`` holds: given a point-in-time
    cut, the newest observation known on the as-of date, never the file's last row."""
    return _to(text, None if series is None or series.empty else series.index[-1])
