"""Point-in-time helpers: data files cut at a date, loaded through the real csvdir source, and
the scorecard as a plain record to compare field by field."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from functools import cache
from pathlib import Path

import pandas as pd

from dashboard import scoring
from dashboard.data import catalog
from dashboard.data.load import Loaded, fetch_series
from dashboard.data.sources.csvdir import DATE_COLUMNS, CsvDirSource
from dashboard.settings import Settings
from dashboard.signals import scorecard as rules
from dashboard.views.format import headline

_ISO = re.compile(rb"^\d{4}-\d{2}-\d{2}")


def csvdir_settings(folder: Path, cache_dir: Path) -> Settings:
    """The data folder as the only source: every value comes from the files."""
    return Settings(cache_dir=cache_dir, data_dir=folder, sources=("csvdir",))


def load(settings: Settings) -> Loaded:
    return fetch_series(rules.required_series(), settings)


def scorecard_files(folder: Path) -> dict[str, Path]:
    """The file serving each series the scorecard reads (as the csvdir source picks it)."""
    source = CsvDirSource(folder)
    files = {}
    for sid in rules.required_series():
        path = source.path_for(catalog.get(sid))
        if path is not None:
            files[sid] = path
    return files


@cache
def _lines(path: Path) -> tuple[bytes, tuple[tuple[bytes, bytes], ...]]:
    """A file's header line and its other lines, each with its date cell (bytes, as written)."""
    header, *rows = path.read_bytes().splitlines(keepends=True)
    names = [c.strip().strip(b'"').strip().lower().decode() for c in header.split(b",")]
    names[0] = names[0].removeprefix("\ufeff")
    column = next(names.index(n) for n in DATE_COLUMNS if n in names)
    dated = []
    for line in rows:
        cells = line.split(b",")
        cell = cells[column].strip() if column < len(cells) else b""
        dated.append((cell[:10], line))
    return header, tuple(dated)


def cut_file(source: Path, target: Path, as_of: date) -> None:
    """``source`` as it stood on ``as_of``: its header and every row dated on or before it, in
    the file's own order and bytes (rows without a readable date are kept: the cleaner drops
    them either way)."""
    header, rows = _lines(source)
    day = as_of.isoformat().encode()
    kept = [line for cell, line in rows if not _ISO.match(cell) or cell <= day]
    target.write_bytes(header + b"".join(kept))


def cut_folder(files: Mapping[str, Path], folder: Path, as_of: date) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for path in files.values():
        cut_file(path, folder / path.name, as_of)


def write_series(folder: Path, series: Mapping[str, pd.Series]) -> dict[str, Path]:
    """Each series as a ``date,value`` file named after its id (values written exactly)."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {}
    for sid, values in series.items():
        path = folder / f"{sid}.csv"
        body = "".join(f"{d:%Y-%m-%d},{v!r}\n" for d, v in values.items())
        path.write_text("date,value\n" + body)
        files[sid] = path
    return files


#: Weeks of the thesis timeline compared up to each date (the Overview's strips).
TIMELINE_WEEKS = 5


def record(loaded: Loaded, as_of: date, settings: Settings) -> dict:
    """Everything ``rotation signals --json`` says about ``as_of``, the folder's path (which
    differs between a folder and its cut copy) written as ``<folder>``; and the thesis timeline
    over the weeks before it (each week's status, value, data date and, when stale, the status
    it had)."""
    signals = scoring.compute(loaded, as_of=as_of, settings=settings)
    weeks = pd.date_range(end=pd.Timestamp(as_of), periods=TIMELINE_WEEKS + 1, freq="7D")
    timeline = {
        sid: [(p.status, p.value, p.as_of, p.last_status) for p in points]
        for sid, points in scoring.timeline(loaded, weeks, settings).items()
    }
    last = scoring.last_data_date(loaded, as_of)
    folder = str(settings.data_dir)
    rows = []
    specs = {spec.id: spec for spec in rules.SCORECARD}
    for signal in signals:
        row = signal.to_json()
        row["detail"] = _missing_by_id(
            row["detail"].replace(folder, "<folder>"), specs[signal.id].series
        )
        rows.append(row)
    return {
        "data_last_date": last.isoformat() if last else None,
        **scoring.shortfalls(signals),
        "tally": scoring.tally(signals),
        "headline": headline(signals),
        "signals": rows,
        "timeline": timeline,
    }


def _missing_by_id(detail: str, series: tuple[str, ...]) -> str:
    """``Missing data. BTC-USD: <why>`` as ``Missing data: BTC-USD``. Only the ids compare: on a
    date before a series begins, the full file says "no data published by the as-of date" and
    a copy cut there (a file with no rows yet, which no one would have had) says why that file
    is unusable; both say the series is missing."""
    if not detail.startswith("Missing data. "):
        return detail
    return "Missing data: " + ", ".join(s for s in series if f"{s}: " in detail)


def differences(full: dict, cut: dict) -> list[str]:
    """Field-by-field differences between two records, named ``signal.field``."""
    found = [
        f"{key}: {full[key]!r} != {cut[key]!r}"
        for key in full
        if key != "signals" and full[key] != cut[key]
    ]
    for a, b in zip(full["signals"], cut["signals"], strict=True):
        found.extend(
            f"{a['id']}.{field}: {a[field]!r} != {b[field]!r}"
            for field in a
            if a[field] != b[field]
        )
    return found
