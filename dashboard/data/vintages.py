"""ALFRED vintages: what a FRED series said on each day, so nothing is read with hindsight.

FRED revises macro data after the first print (claims a week later, surveys with each annual
seasonal-factor update). ALFRED keeps every version. Asked for all real-time periods
(``realtime_start=1776-07-04&realtime_end=9999-12-31``), the API answers one row per
observation *and* period in which that value stood::

    date        realtime_start  realtime_end  value
    2025-11-01  2025-11-20      2026-01-01    -1.7     first published on 2025-11-20
    2025-11-01  2026-01-02      9999-12-31    -2.0     revised on 2026-01-02, still current

The data model is that table (:data:`COLUMNS`): ``realtime_end`` is inclusive and NaT means
"still current"; ``value`` is NaN where ALFRED published ``.`` (no number yet). What a day
knew is the rows whose real-time period had started by then, so nothing is read with
hindsight. :func:`first_releases` gives each observation's first published number and the day
it appeared (the first vintage holding a number): the "actual" a surprise is measured on, what
the market saw on release day, known from that day on.

ALFRED's archive of a series starts on some day (for many series around 2009-2011); prints
released before that carry the earliest archived vintage, which may already be revised. A first
vintage much later than the print's scheduled release is therefore not a first release, and
the surprise table labels it :data:`EARLIEST_VINTAGE` instead.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

COLUMNS = ("date", "realtime_start", "realtime_end", "value")
#: ALFRED's "from the beginning" and "until now" real-time bounds.
REALTIME_START = "1776-07-04"
REALTIME_END = "9999-12-31"
#: The label a reading carries: a first-published value, or FRED's latest revision.
FIRST_RELEASE = "first release"
LATEST_REVISION = "latest revision"
EARLIEST_VINTAGE = "earliest archived vintage"


def empty_table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "date": pd.DatetimeIndex([]),
            "realtime_start": pd.DatetimeIndex([]),
            "realtime_end": pd.DatetimeIndex([]),
            "value": pd.Series([], dtype="float64"),
        }
    )


def parse_alfred_rows(rows: Sequence[Mapping[str, object]]) -> pd.DataFrame:
    """The vintage table from ALFRED's JSON ``observations`` rows (strings as FRED sends them).

    Rows with an unreadable date or real-time start are dropped; ``9999-12-31`` becomes NaT
    (still current); ``.`` and other non-numbers become NaN. Sorted by date, then real-time start.
    """
    if not rows:
        return empty_table()
    frame = pd.DataFrame.from_records(list(rows), columns=list(COLUMNS))
    end = frame["realtime_end"].astype(str).replace(REALTIME_END, "")
    table = pd.DataFrame(
        {
            "date": pd.to_datetime(frame["date"], errors="coerce", format="%Y-%m-%d"),
            "realtime_start": pd.to_datetime(
                frame["realtime_start"], errors="coerce", format="%Y-%m-%d"
            ),
            "realtime_end": pd.to_datetime(end, errors="coerce", format="%Y-%m-%d"),
            "value": pd.to_numeric(frame["value"], errors="coerce").astype("float64"),
        }
    )
    table = table.dropna(subset=["date", "realtime_start"])
    table = table[np.isfinite(table["value"]) | table["value"].isna()]
    return table.sort_values(["date", "realtime_start"], kind="stable").reset_index(drop=True)


def first_releases(table: pd.DataFrame) -> pd.DataFrame:
    """Each observation's first published number: indexed by observation ``date``, columns
    ``value`` and ``released`` (the real-time start of the first vintage holding a number).

    A value first published as missing (``.``) counts from the vintage that first gave one.
    """
    numeric = table.dropna(subset=["value"])
    if numeric.empty:
        out = pd.DataFrame(
            {"value": pd.Series([], dtype="float64"), "released": pd.DatetimeIndex([])}
        )
        out.index = pd.DatetimeIndex([], name="date")
        return out
    first = numeric.sort_values(["date", "realtime_start"], kind="stable").drop_duplicates(
        "date", keep="first"
    )
    out = first.set_index("date")[["value", "realtime_start"]].rename(
        columns={"realtime_start": "released"}
    )
    out.index.name = "date"
    return out


@dataclass(frozen=True, slots=True)
class Vintages:
    """ALFRED vintage tables by series id, plus why a wanted series has none."""

    tables: Mapping[str, pd.DataFrame] = field(default_factory=dict)
    #: series id -> why no vintages (no key, FRED down, ...); shown next to the reading
    missing: Mapping[str, str] = field(default_factory=dict)

    def get(self, series_id: str) -> pd.DataFrame | None:
        table = self.tables.get(series_id)
        return table if table is not None and not table.empty else None

    def long(self) -> pd.DataFrame:
        """All tables in one frame with a ``series_id`` column (the signals' side-table shape)."""
        frames = [t.assign(series_id=sid) for sid, t in self.tables.items() if not t.empty]
        if not frames:
            return empty_table().assign(series_id=pd.Series([], dtype="object"))
        return pd.concat(frames, ignore_index=True)


def split_long(frame: pd.DataFrame | None) -> dict[str, pd.DataFrame]:
    """The inverse of :meth:`Vintages.long`: ``series_id -> table``."""
    if frame is None or frame.empty or "series_id" not in frame.columns:
        return {}
    return {
        str(sid): rows.drop(columns="series_id").reset_index(drop=True)
        for sid, rows in frame.groupby("series_id", sort=False)
    }


# --- loading ------------------------------------------------------------------------------------
NO_KEY = "no FRED_API_KEY, so FRED's latest revised values are used"
#: Parsed tables kept in-process: (cache dir, series id) -> (monotonic time, table).
_MEMO: dict[tuple[str, str], tuple[float, pd.DataFrame]] = {}
_MEMO_SECONDS = 600.0
_MEMO_LOCK = threading.Lock()


def load_for(
    provenance: Mapping[str, object], settings, series_ids: Sequence[str] | None = None
) -> Vintages:
    """ALFRED vintages of the FRED series among ``provenance`` (``Loaded.provenance``).

    Only series FRED itself delivered (live, cached or stale) get vintages: a file or the demo
    is not FRED's series (``missing`` says so). Needs ``FRED_API_KEY``; through the shared HTTP cache (fresh for the
    series' freshness window), bounded by ``settings.fetch_deadline`` and the FRED back-off, so
    a page never waits on ALFRED longer than on any provider. Never raises.
    """
    from dashboard.data import catalog
    from dashboard.data.load import BACKOFF

    candidates = [
        s for s in (series_ids if series_ids is not None else provenance) if s in provenance
    ]
    elsewhere = {
        sid: f"data from {provenance[sid].source or 'nowhere'}, not FRED"
        + ("" if settings.fred_api_key else "; no FRED_API_KEY")
        for sid in candidates
        if getattr(provenance[sid], "source", "") != "fred"
    }
    wanted = [sid for sid in candidates if sid not in elsewhere]
    if not wanted:
        return Vintages(missing=elsewhere)
    if not settings.fred_api_key:
        return Vintages(missing={**elsewhere, **dict.fromkeys(wanted, NO_KEY)})
    why = BACKOFF.active("fred")
    if why:
        return Vintages(
            missing={**elsewhere, **dict.fromkeys(wanted, f"ALFRED not asked: FRED {why}")}
        )
    tables: dict[str, pd.DataFrame] = {}
    missing: dict[str, str] = dict(elsewhere)
    todo = []
    now = time.monotonic()
    with _MEMO_LOCK:
        for sid in wanted:
            held = _MEMO.get((str(settings.cache_dir), sid))
            if held is not None and now - held[0] < _MEMO_SECONDS:
                tables[sid] = held[1]
            else:
                todo.append(sid)
    if todo:
        fetched, failures = _fetch(todo, settings, catalog)
        tables.update(fetched)
        missing.update(failures)
    return Vintages(tables=tables, missing=missing)


def _fetch(ids: Sequence[str], settings, catalog) -> tuple[dict, dict]:
    """Fetch ``ids``' vintages in a daemon thread, waiting ``fetch_deadline`` at most."""
    from dashboard.data.load import _BACKOFF_UNREACHABLE, BACKOFF
    from dashboard.data.sources.fred import FredSource
    from dashboard.errors import SourceError, SourceUnavailable

    tables: dict[str, pd.DataFrame] = {}
    failures: dict[str, str] = {}

    def run() -> None:
        source = FredSource(settings)
        for sid in ids:
            try:
                table = source.vintages(catalog.get(sid))
            except SourceUnavailable as exc:
                failures[sid] = f"ALFRED unavailable ({exc})"
                BACKOFF.trip("fred", _BACKOFF_UNREACHABLE, f"unreachable ({exc})")
                break
            except SourceError as exc:
                failures[sid] = f"ALFRED: {exc}"
                continue
            tables[sid] = table
            with _MEMO_LOCK:
                _MEMO[(str(settings.cache_dir), sid)] = (time.monotonic(), table)

    worker = threading.Thread(target=run, name="fetch-alfred", daemon=True)
    worker.start()
    worker.join(settings.fetch_deadline)
    done = dict(tables)
    for sid in ids:
        if sid not in done and sid not in failures:
            failures[sid] = (
                f"ALFRED gave no answer within {settings.fetch_deadline:g} s"
                if worker.is_alive()
                else "ALFRED not asked after an earlier failure"
            )
    if worker.is_alive():
        BACKOFF.trip("fred", _BACKOFF_UNREACHABLE, "ALFRED timed out")
    return done, failures


def forget() -> None:
    """Drop the in-process tables (tests)."""
    with _MEMO_LOCK:
        _MEMO.clear()
