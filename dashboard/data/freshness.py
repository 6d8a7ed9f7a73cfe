"""How fresh every series is, and what the data folder holds but does not read.

One report for ``rotation doctor`` (text and ``--json``) and the Overview's data status, so the
two can never disagree. For each series, from whichever source serves it: rows, first and last
date, its age (calendar days from the last observation to today) and whether that age is past
its frequency's limit (``MAX_AGE_DAYS``, the same limits the scorecard uses before it calls a
signal stale). For the data folder: every entry that is not read, with the reason, including
files that were found but could not be parsed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from dashboard.data import catalog
from dashboard.data.provenance import Provenance
from dashboard.data.sources.base import Source
from dashboard.data.sources.csvdir import CsvDirSource, FolderScan, SkippedFile
from dashboard.data.store import Entry

MAX_AGE_DAYS = catalog.MAX_AGE_DAYS


@dataclass(frozen=True, slots=True)
class SeriesFreshness:
    """One series as it is served now: where from, how much, how old."""

    id: str
    label: str
    frequency: str
    source: str  #: "" when no source could serve it
    status: str  #: live / cached / stale / synthetic / unavailable
    rows: int
    first_date: date | None
    last_date: date | None
    age_days: int | None  #: today - last_date; None without data
    limit_days: int  #: MAX_AGE_DAYS of its frequency
    stale: bool | None  #: age_days > limit_days; None without data
    fetched_at: datetime | None
    origin: str
    notes: tuple[str, ...]

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "label": self.label,
            "frequency": self.frequency,
            "source": self.source or None,
            "status": self.status,
            "rows": self.rows,
            "first_date": self.first_date.isoformat() if self.first_date else None,
            "last_date": self.last_date.isoformat() if self.last_date else None,
            "age_days": self.age_days,
            "limit_days": self.limit_days,
            "stale": self.stale,
            "fetched_at": self.fetched_at.isoformat(timespec="seconds")
            if self.fetched_at
            else None,
            "origin": self.origin,
            "notes": list(self.notes),
        }


@dataclass(frozen=True, slots=True)
class DataStatus:
    """Every series' freshness on ``today`` and the data-folder entries that are not read."""

    today: date
    series: tuple[SeriesFreshness, ...]
    skipped: tuple[SkippedFile, ...] = ()
    files: Mapping[str, str] = field(default_factory=dict)  #: series id -> data-folder file

    @property
    def stale(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.series if s.stale)

    @property
    def unavailable(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.series if s.status == "unavailable")

    def to_json(self) -> dict:
        return {
            "today": self.today.isoformat(),
            "series": [s.to_json() for s in self.series],
            "stale": list(self.stale),
            "unavailable": list(self.unavailable),
            "skipped_files": [{"name": f.name, "reason": f.reason} for f in self.skipped],
        }

    def frame(self) -> pd.DataFrame:
        """One row per series, for a table on the page."""
        rows = [
            {
                "series": s.id,
                "label": s.label,
                "status": s.status,
                "source": s.source or "-",
                "rows": s.rows,
                "first": s.first_date,
                "last": s.last_date,
                "age (days)": s.age_days,
                "limit (days)": s.limit_days,
                "stale": s.stale,
                "fetched (UTC)": s.fetched_at.strftime("%Y-%m-%d %H:%M") if s.fetched_at else None,
                "origin": s.origin,
                "notes": " | ".join(s.notes),
            }
            for s in self.series
        ]
        return pd.DataFrame(rows)


def limit_days(frequency: str) -> int:
    return MAX_AGE_DAYS.get(frequency, MAX_AGE_DAYS["B"])


def series_freshness(p: Provenance, today: date) -> SeriesFreshness:
    """Freshness of one served series on ``today``."""
    frequency = p.frequency or (
        catalog.BY_ID[p.series_id].frequency if p.series_id in catalog.BY_ID else "B"
    )
    limit = limit_days(frequency)
    age = (today - p.last_date).days if p.last_date else None
    return SeriesFreshness(
        id=p.series_id,
        label=p.label,
        frequency=frequency,
        source=p.source,
        status=p.status,
        rows=p.rows,
        first_date=p.first_date,
        last_date=p.last_date,
        age_days=age,
        limit_days=limit,
        stale=None if age is None else age > limit,
        fetched_at=p.fetched_at,
        origin=p.origin,
        notes=p.notes,
    )


def folder_scan(data_dir: Path | None) -> FolderScan | None:
    """The data folder's scan (None without a folder, or when it cannot be listed: the csvdir
    source's health says why)."""
    if data_dir is None:
        return None
    try:
        return CsvDirSource(data_dir).scan()
    except OSError:
        return None


def unreadable_files(provenance: Iterable[Provenance], scan: FolderScan) -> list[SkippedFile]:
    """Files found for a series that the csvdir source then could not use, with its reason."""
    found = []
    for p in provenance:
        name = scan.files.get(p.series_id)
        if name is None or p.source == "csvdir":
            continue
        why = next((n for n in p.notes if n.startswith("csvdir: ")), "")
        reason = why.removeprefix("csvdir: ").removeprefix(f"{name}: ")
        found.append(SkippedFile(name, reason or "not used"))
    return found


def data_status(
    provenance: Iterable[Provenance], today: date, scan: FolderScan | None = None
) -> DataStatus:
    """The report: every series' freshness, and (with a folder scan) the entries not read."""
    provenance = list(provenance)
    skipped: list[SkippedFile] = []
    if scan is not None:
        skipped = sorted([*scan.skipped, *unreadable_files(provenance, scan)], key=lambda f: f.name)
    return DataStatus(
        today=today,
        series=tuple(series_freshness(p, today) for p in provenance),
        skipped=tuple(skipped),
        files=dict(scan.files) if scan is not None else {},
    )


def stored_provenance(
    spec: catalog.SeriesSpec, entry: Entry, *, fresh: bool, note: str = ""
) -> Provenance:
    """A stored copy (the parquet store's manifest entry) described without reading it."""
    return Provenance(
        series_id=spec.id,
        label=spec.label,
        source=entry.source,
        origin=entry.origin,
        status="cached" if fresh else "stale",
        units=spec.units,
        frequency=spec.frequency,
        first_date=entry.first_date,
        last_date=entry.last_date,
        rows=entry.rows,
        fetched_at=entry.fetched_at,
        notes=tuple(n for n in (*entry.notes, note) if n),
    )


def served_offline(
    specs: Sequence[catalog.SeriesSpec],
    sources: Sequence[Source],
    local: Mapping[str, Provenance],
    manifest: Mapping[str, Entry],
    is_fresh,
) -> dict[str, Provenance]:
    """What each series is served from without contacting any provider, in source order: a
    network source's stored copy (``manifest``; fresh or past its window), else what a local
    source (csvdir, demo) delivered (``local``: the loader's provenance from those sources)."""
    served: dict[str, Provenance] = {}
    for spec in specs:
        for source in sources:
            if not source.supports(spec):
                continue
            entry = manifest.get(spec.id)
            if entry is not None and entry.source == source.name:
                served[spec.id] = stored_provenance(spec, entry, fresh=is_fresh(spec, entry))
                break
            mine = local.get(spec.id)
            if mine is not None and mine.available and mine.source == source.name:
                served[spec.id] = mine
                break
        else:
            mine = local.get(spec.id)
            served[spec.id] = Provenance(
                series_id=spec.id,
                label=spec.label,
                source="",
                origin="",
                status="unavailable",
                frequency=spec.frequency,
                notes=(
                    *(mine.notes if mine is not None else ()),
                    "no stored copy (doctor does not contact the network)",
                ),
            )
    return served
