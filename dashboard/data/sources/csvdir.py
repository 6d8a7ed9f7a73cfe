"""A folder of CSV exports as a data source.

Users who already have histories (Yahoo downloads, fredgraph exports, ICI money-fund totals)
drop them into one folder; this adapter serves them like any other provider, so the dashboard
works offline and with series no free API offers.

File names
----------
One file per series, named after its catalog id: ``IWM.csv``, ``^RUT.csv``, ``BTC-USD.csv``,
``HG=F.csv``, ``ICSA.csv``, ``MMF_TOTAL.csv``. When that exact name is absent, these are tried
in order: the catalog's ``csv_aliases`` (UK GDP ``NGDPRSAXDCGBQ`` also accepts
``CLVMNACSCAB1GQUK.csv``), then filesystem-safe spellings of the id and of each alias, with
``^`` dropped or turned into ``_`` and ``=``, ``-``, ``.`` turned into ``_`` (``RUT.csv``,
``_RUT.csv``, ``HG_F.csv``, ``BTC_USD.csv``). Only the lowercase ``.csv`` extension counts.

A file name is always built here from a series id, never taken from a user: ids containing
anything but letters, digits and ``^ = - . _`` are refused. Symbolic links the user placed in
the folder are followed (a common set-up: links to the files on a shared drive). Files that are
not read are listed with the reason by :meth:`CsvDirSource.scan` (broken links, folders, other
extensions, names no series uses, a second spelling of a file already read), and ``rotation
doctor`` and the Overview's data status show that list.

Layouts
-------
The header row decides the layout; column names are matched case-insensitively after
trimming spaces, and the column order does not matter.

=============================  ========================================================
layout                         header (value column used)
=============================  ========================================================
Yahoo                          ``Date,Open,High,Low,Close,Volume`` in any order, extra
                               columns (e.g. ``Source``) ignored. ``Close`` is used, the
                               raw close; an ``Adj Close`` column is noted and not used
                               (a file with only ``Adj Close`` is used and noted as
                               dividend-adjusted).
lowercase OHLCV                ``timestamp,open,high,low,close,volume`` or
                               ``date,open,...``, often newest first (``close``).
fredgraph                      ``observation_date,<SERIES_ID>`` or the older
                               ``DATE,<SERIES_ID>`` (the id or a catalog alias).
date/value                     ``date,value``.
two columns                    any other two-column file with a date column: the other
                               column is the value.
=============================  ========================================================

``MMF_TOTAL.csv`` (money market fund total assets, e.g. ICI's weekly report) uses the
date/value or two-column layout: first column the date, second the total assets, one row per
week, e.g. ``date,total`` / ``2026-01-07,7712.4``. A header such as ``Date,Total assets ($bn)``
works too. ICI publishes the file in **$ millions** with ``MM/DD/YYYY`` dates; both are
accepted as they come: dates in ``MM/DD/YYYY`` are read for this file, and the unit is told by
magnitude (no money-fund total was ever near 100,000 $ billions, none since 1980 below 100,000
$ millions): a value above 100,000 is $ millions and divided by 1,000, with a note. Totals that
are still implausible (outside 100 .. 100,000 $ billions) are dropped with a note.

Dates must be ISO ``YYYY-MM-DD`` (a time or UTC offset after it is ignored; the calendar
date as written is kept). Numbers use a ``.`` decimal point and no thousands separators.
``.`` and blank cells (also ``NA``, ``N/A``, ``#N/A``, ``null``, ``nan``) mean "missing".
Files may carry a UTF-8 byte-order mark and CRLF line endings. Files over 200 MB are refused.

Cleaning
--------
Everything dropped or worth knowing becomes a plain note in ``Fetched.notes``: rows with
unparseable dates, missing or non-numeric values, non-finite values, values beyond 1e15,
zero or negative prices (price, index and commodity series), dates after today, duplicate
dates (the last row wins), rows out of order (sorted), rows before the catalog's start of a
Yahoo or FRED series (where that provider's history begins: earlier rows are a backfill from
another feed, e.g. bitcoin before 2014-09-17), unfinished bars, close-only rows (open = high =
low = close, volume 0; kept, the closes are valid), sessions with volume 0 (kept) and weekend
rows of 7-day markets.

A bar is unfinished when the file was saved before its session closed (the file's modification
time against :func:`dashboard.data.sessions.last_settled_day`): a file exported at 11:00 New
York time ends with that day's moving bar, which is dropped. Nothing else decides it, volume
least of all: indexes and thin ETFs print complete sessions with volume 0, and a row must read
the same whether or not later rows follow it.
"""

from __future__ import annotations

import codecs
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from dashboard.data.catalog import BY_ID, CATALOG, SeriesSpec, normalize_ticker
from dashboard.data.sessions import SESSION_FREQUENCIES, unfinished
from dashboard.data.sources.base import Fetched, FetchOutcome, Health, clean_series
from dashboard.errors import SeriesNotFound, SourceUnavailable

SOURCE = "csvdir"
#: Larger files are refused: no real daily history comes close, and parsing one would stall
#: the page.
MAX_FILE_BYTES = 200 * 1024 * 1024
#: Values beyond this are export glitches, not prices or macro data.
IMPLAUSIBLE_ABS = 1e15
#: Kinds whose values must be positive (a zero or negative close is a data error).
POSITIVE_KINDS = frozenset({"price", "index", "commodity"})
#: Cells that mean "no observation" (compared lowercased, after trimming).
MISSING_TOKENS = frozenset({"", ".", "na", "n/a", "#n/a", "nan", "null", "none"})
#: Header names that hold the date, in order of preference.
DATE_COLUMNS = ("date", "observation_date", "timestamp", "datetime", "time")
#: Files from US publishers that write dates as MM/DD/YYYY (ICI's weekly money-fund report).
US_DATE_SERIES = frozenset({"MMF_TOTAL"})
#: Money-fund totals in USD bn: above this a value is in $ millions (ICI's unit), divided by 1000.
MILLIONS_ABOVE: dict[str, float] = {"MMF_TOTAL": 100_000.0}
#: Money-fund totals outside this range (USD bn, after conversion) are not totals.
PLAUSIBLE_RANGE: dict[str, tuple[float, float]] = {"MMF_TOTAL": (100.0, 100_000.0)}
#: A series id that is safe to turn into a file name: no separators, no leading dot.
SAFE_ID = re.compile(r"^\^?[A-Za-z0-9][A-Za-z0-9._=\-]{0,63}$")
_SNIFF_BYTES = 8192
_NA_VALUES = sorted({v for t in MISSING_TOKENS for v in (t, t.upper(), t.title())})


@dataclass(frozen=True, slots=True)
class CsvSeries:
    """One parsed file: the cleaned series, what was found in it, and its layout's name."""

    series: pd.Series
    notes: tuple[str, ...]
    layout: str


@dataclass(frozen=True, slots=True)
class _Columns:
    """Which header columns hold what, chosen from the header alone."""

    date: str
    value: str
    layout: str
    volume: str | None = None
    open_high_low: tuple[str, str, str] | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class SkippedFile:
    """A file in the data folder that is not read, and why, in a few words."""

    name: str
    reason: str


@dataclass(frozen=True, slots=True)
class FolderScan:
    """What the data folder holds: the file serving each catalog series, and the rest."""

    folder: Path
    files: dict[str, str]  #: catalog series id -> the file name that serves it
    skipped: tuple[SkippedFile, ...]


class _Unusable(Exception):
    """A file that cannot give a series; the message says why, in a few words."""


# --- file names ----------------------------------------------------------------------------


def candidate_names(spec: SeriesSpec) -> tuple[str, ...]:
    """File names that may hold ``spec``, most specific first (see the module docstring).

    Empty when the id is not safe to use in a file name."""
    names: list[str] = []
    for base in (spec.id, *spec.csv_aliases):
        if not SAFE_ID.fullmatch(base):
            continue
        stripped = base.lstrip("^")
        for variant in (base, _safe(stripped), _safe(base)):
            name = f"{variant}.csv"
            if name not in names:
                names.append(name)
    return tuple(names)


def _safe(name: str) -> str:
    return re.sub(r"[\^=.\-]", "_", name)


# --- parsing -------------------------------------------------------------------------------


def read_csv_series(
    path: Path,
    spec: SeriesSpec,
    *,
    today: date | None = None,
    saved_at: datetime | None = None,
) -> CsvSeries:
    """Parse one CSV export into a clean series for ``spec`` plus plain-language notes.

    ``today`` (default: the current date) bounds the dates kept; ``saved_at`` (default: the
    file's modification time) decides which bars were still unfinished when it was saved. Raises
    :class:`~dashboard.errors.SeriesNotFound` naming the file and the reason when the file
    gives no usable series; never any other exception for bad content.
    """
    try:
        _check_file(path)
        saved_at = saved_at or datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)
        frame = _read_csv(path)
        columns = _choose_columns([str(c) for c in frame.columns], spec)
        if frame.empty:
            raise _Unusable("no data rows (header only)")
        series, notes, layout = _clean(frame, columns, spec, today or date.today(), saved_at)
    except _Unusable as err:
        raise SeriesNotFound(f"{path.name}: {err}", source=SOURCE, series_id=spec.id) from None
    return CsvSeries(series=clean_series(series, spec.id), notes=tuple(notes), layout=layout)


def _check_file(path: Path) -> None:
    """Refuse what pandas should never see: missing, huge, empty or binary files."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise _Unusable(f"file too large ({size / 1e6:,.0f} MB; the limit is 200 MB)")
        if size == 0:
            raise _Unusable("empty file")
        with path.open("rb") as fh:
            head = fh.read(_SNIFF_BYTES)
    except OSError as err:
        raise _Unusable(f"cannot read the file ({err.strerror or err})") from None
    if not _looks_like_text(head):
        raise _Unusable("not a text CSV")


def _looks_like_text(head: bytes) -> bool:
    """UTF-8 text without NUL bytes (a cut-off character at the end of the sample is fine)."""
    if b"\x00" in head:
        return False
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return False
    return True


def _read_csv(path: Path) -> pd.DataFrame:
    """The whole file, parse errors turned into ``_Unusable``.

    Numbers are left to the C parser (fast); a column with junk in it arrives as text and is
    converted cell by cell later. All columns are read (no ``usecols``) so that a row with
    extra fields, such as an unquoted ``1,234.5``, is an error instead of a shifted value.
    """
    try:
        return pd.read_csv(
            path,
            keep_default_na=False,
            na_values=_NA_VALUES,
            skipinitialspace=True,
            encoding="utf-8-sig",
            encoding_errors="replace",
            compression=None,
        )
    except pd.errors.EmptyDataError:
        raise _Unusable("empty file") from None
    except (OSError, ValueError) as err:
        reason = str(err).strip().splitlines()[-1] if str(err).strip() else type(err).__name__
        raise _Unusable(f"malformed CSV ({reason[:120]})") from None


def _norm(name: str) -> str:
    return name.strip().strip('"').strip().lower()


def _choose_columns(header: list[str], spec: SeriesSpec) -> _Columns:
    """Pick the date and value columns and name the layout (see the module docstring)."""
    by_name: dict[str, str] = {}
    for column in header:
        by_name.setdefault(_norm(column), column)
    found = ", ".join(c.strip()[:30] for c in header[:8])
    date_col = next((by_name[n] for n in DATE_COLUMNS if n in by_name), None)
    if date_col is None:
        raise _Unusable(f"no date column (expected Date or observation_date; found: {found})")
    ohlcv = _ohlcv(by_name)
    ids = [i.lower() for i in (spec.id, *spec.csv_aliases)]
    if "close" in by_name:
        close = by_name["close"]
        lowercase = close.strip() == "close"
        layout = "lowercase OHLCV layout" if lowercase else "Yahoo layout"
        note = ""
        if "adj close" in by_name:
            layout += ", Adj Close not used"
            note = "Adj Close present and not used: values are the raw Close"
        return _Columns(date_col, close, layout, *ohlcv, note=note)
    if "adj close" in by_name:
        return _Columns(
            date_col,
            by_name["adj close"],
            "Yahoo layout, Adj Close only",
            note="only Adj Close present: values are dividend-adjusted closes",
        )
    match = next((by_name[i] for i in ids if i in by_name), None)
    if match is not None:
        return _Columns(date_col, match, "fredgraph layout")
    if "value" in by_name:
        return _Columns(date_col, by_name["value"], "date,value layout")
    if len(header) == 2:
        other = header[1] if header[0] == date_col else header[0]
        return _Columns(date_col, other, "two-column layout")
    raise _Unusable(f"no value column (expected Close, value or {spec.id}; found: {found})")


def _ohlcv(by_name: dict[str, str]) -> tuple[str | None, tuple[str, str, str] | None]:
    """The volume column and the (open, high, low) columns, when the file has them."""
    volume = by_name.get("volume")
    if all(n in by_name for n in ("open", "high", "low")):
        return volume, (by_name["open"], by_name["high"], by_name["low"])
    return volume, None


# --- cleaning ------------------------------------------------------------------------------


def _clean(
    frame: pd.DataFrame, columns: _Columns, spec: SeriesSpec, today: date, saved_at: datetime
) -> tuple[pd.Series, list[str], str]:
    """Turn the parsed cells into a dated float series, noting everything dropped or odd."""
    notes = [columns.note] if columns.note else []
    raw_dates = frame[columns.date].fillna("").astype(str).str.strip()
    raw_values = frame[columns.value]
    rows = pd.DataFrame(
        {
            "date": _dates(raw_dates, spec),
            "value": _as_float(raw_values),
            "missing": _missing(raw_values),
            "raw": raw_values,
            "volume": _numbers(frame, columns.volume),
            "ohl_equal_close": _ohl_equal_close(frame, columns),
        }
    )
    bad_date = rows["date"].isna()
    if bad_date.all():
        example = _example(raw_dates)
        expected = "YYYY-MM-DD or MM/DD/YYYY" if spec.id in US_DATE_SERIES else "YYYY-MM-DD"
        raise _Unusable(f"no readable dates (expected {expected}; found {example})")
    rows = _drop_rows(rows, bad_date, "unreadable dates", notes, example=raw_dates)
    rows = _drop_bad_values(rows, spec, notes)
    rows = _to_catalog_units(rows, spec, notes)
    rows, layout = _sort(rows, columns.layout, notes)
    rows = _drop_duplicates(rows, notes)
    rows = _drop_future(rows, today, notes)
    rows = _drop_before_start(rows, spec, notes)
    rows = _drop_unfinished_bars(rows, spec, saved_at, notes)
    notes.extend(_close_only_note(rows))
    notes.extend(_zero_volume_note(rows, spec, saved_at))
    notes.extend(_seven_day_note(rows, spec))
    return pd.Series(rows["value"].to_numpy(), index=rows["date"]), notes, layout


def _dates(raw: pd.Series, spec: SeriesSpec) -> pd.Series:
    """ISO dates (anything after the date ignored); for :data:`US_DATE_SERIES` also
    ``MM/DD/YYYY`` (ICI's layout), where a cell is not ISO."""
    dates = pd.to_datetime(raw.str.slice(0, 10), format="%Y-%m-%d", errors="coerce")
    if spec.id in US_DATE_SERIES and dates.isna().any():
        us = pd.to_datetime(raw.str.split(" ").str[0], format="%m/%d/%Y", errors="coerce")
        dates = dates.fillna(us)
    return dates


def _to_catalog_units(rows: pd.DataFrame, spec: SeriesSpec, notes: list[str]) -> pd.DataFrame:
    """Money-fund totals in USD bn: $ millions told by magnitude and converted (noted), then
    implausible totals dropped (noted). Raises when nothing plausible is left."""
    threshold = MILLIONS_ABOVE.get(spec.id)
    if threshold is None:
        return rows
    millions = rows["value"] > threshold
    if millions.any():
        rows = rows.assign(value=rows["value"].where(~millions, rows["value"] / 1000.0))
        every = "all values" if millions.all() else f"{_rows(millions.sum())}"
        notes.append(
            f"{every} above {threshold:,.0f} read as $ millions (ICI's unit) and converted to "
            f"$ billions ({_span(rows['date'][millions])})"
        )
    low, high = PLAUSIBLE_RANGE[spec.id]
    implausible = (rows["value"] < low) | (rows["value"] > high)
    label = f"implausible money-fund totals (outside {low:,.0f}-{high:,.0f} $ billions)"
    if implausible.all():
        raise _Unusable(f"{label}: e.g. {_example(rows['raw'])}; expected $ billions or $ millions")
    return _drop_rows(rows, implausible, label, notes, rows["raw"])


def _as_float(column: pd.Series) -> pd.Series:
    """Floats from a parsed column; cells that are not numbers become NaN."""
    if column.dtype.kind in "iuf":
        return column.astype("float64")
    text = column.astype(str).str.strip().where(column.notna(), "")
    return pd.to_numeric(text, errors="coerce").astype("float64")


def _missing(column: pd.Series) -> pd.Series:
    """True for cells meaning "no observation" (blank, '.', NA, ...), unlike junk text."""
    if column.dtype.kind in "iuf":
        return column.isna()
    return column.isna() | column.astype(str).str.strip().str.lower().isin(MISSING_TOKENS)


def _numbers(frame: pd.DataFrame, column: str | None) -> pd.Series:
    if column is None:
        return pd.Series(np.nan, index=frame.index)
    return _as_float(frame[column])


def _ohl_equal_close(frame: pd.DataFrame, columns: _Columns) -> pd.Series:
    """True where open, high and low all equal the close (a close-only row)."""
    if columns.open_high_low is None:
        return pd.Series(False, index=frame.index)
    close = _numbers(frame, columns.value)
    equal = pd.Series(True, index=frame.index)
    for column in columns.open_high_low:
        equal &= _numbers(frame, column) == close
    return equal


def _drop_rows(
    rows: pd.DataFrame,
    mask: pd.Series,
    what: str,
    notes: list[str],
    example: pd.Series | None = None,
) -> pd.DataFrame:
    """Drop the rows in ``mask``, noting how many, their dates, and an offending cell."""
    if not mask.any():
        return rows
    where = _span(rows["date"][mask].dropna())
    if example is not None:
        where = ", ".join(filter(None, (where, f"e.g. {_example(example[mask])}")))
    notes.append(f"dropped {_rows(mask.sum())} with {what} ({where})")
    return rows[~mask]


def _drop_bad_values(rows: pd.DataFrame, spec: SeriesSpec, notes: list[str]) -> pd.DataFrame:
    """Drop missing, non-numeric, non-finite, implausible and (for prices) non-positive values.

    Raises when nothing is left, listing what was dropped."""
    first_note = len(notes)
    rows = _drop_rows(rows, rows["missing"], "missing values (blank or '.')", notes)
    rows = _drop_rows(rows, rows["value"].isna(), "non-numeric values", notes, rows["raw"])
    rows = _drop_rows(rows, ~np.isfinite(rows["value"]), "infinite values", notes)
    huge = rows["value"].abs() > IMPLAUSIBLE_ABS
    rows = _drop_rows(rows, huge, "implausible values (beyond 1e15)", notes, rows["raw"])
    if spec.kind in POSITIVE_KINDS:
        rows = _drop_rows(rows, rows["value"] <= 0, "zero or negative prices", notes, rows["raw"])
    if rows.empty:
        raise _Unusable("no usable values (" + "; ".join(notes[first_note:]) + ")")
    return rows


def _sort(rows: pd.DataFrame, layout: str, notes: list[str]) -> tuple[pd.DataFrame, str]:
    """Oldest first. Newest-first files are a layout, not dirt; any other order is noted."""
    dates = rows["date"]
    if dates.is_monotonic_increasing:
        return rows, layout
    if dates.is_monotonic_decreasing:
        layout = f"{layout}, newest first"
    else:
        notes.append("dates were out of order: sorted oldest first")
    return rows.sort_values("date", kind="stable"), layout


def _drop_duplicates(rows: pd.DataFrame, notes: list[str]) -> pd.DataFrame:
    """Keep the last row of each date (a later line in the file corrects an earlier one)."""
    duplicated = rows["date"].duplicated(keep="last")
    if duplicated.any():
        count = int(rows["date"][duplicated].nunique())
        notes.append(
            f"{count:,} duplicate date{'s' if count != 1 else ''}: kept the last row of each "
            f"({_rows(duplicated.sum())} dropped)"
        )
    return rows[~duplicated]


def _drop_future(rows: pd.DataFrame, today: date, notes: list[str]) -> pd.DataFrame:
    """Nothing can have been observed after today: such rows are typos or placeholders."""
    future = rows["date"] > pd.Timestamp(today)
    if future.all():
        raise _Unusable(f"every row is dated after today ({_span(rows['date'])})")
    if future.any():
        notes.append(
            f"dropped {_rows(future.sum())} dated after today ({_span(rows['date'][future])})"
        )
    return rows[~future]


def _drop_before_start(rows: pd.DataFrame, spec: SeriesSpec, notes: list[str]) -> pd.DataFrame:
    """Rows before a Yahoo or FRED series' catalog start (where that provider's history begins)
    come from another feed: the series is the same whichever source serves it. A user's own
    series (``MMF_TOTAL``) and symbols outside the catalog keep every row."""
    if BY_ID.get(spec.id) is not spec or spec.provider not in ("yahoo", "fred"):
        return rows
    start = pd.Timestamp(spec.start)
    early = rows["date"] < start
    if not early.any():
        return rows
    if early.all():
        raise _Unusable(
            f"every row is before {start:%Y-%m-%d}, where {spec.id}'s history starts "
            f"({_span(rows['date'])})"
        )
    provider = "Yahoo" if spec.provider == "yahoo" else "FRED"
    notes.append(
        f"dropped {_rows(early.sum())} before {start:%Y-%m-%d}, where {spec.id}'s history starts "
        f"at {provider} ({_span(rows['date'][early])}: a backfill from another feed)"
    )
    return rows[~early]


def _drop_unfinished_bars(
    rows: pd.DataFrame, spec: SeriesSpec, saved_at: datetime, notes: list[str]
) -> pd.DataFrame:
    """Bars whose session had not closed when the file was saved (see the module docstring)."""
    late = unfinished(pd.DatetimeIndex(rows["date"]), spec.frequency, saved_at).to_numpy()
    if not late.any():
        return rows
    until = (
        "that UTC day ended" if spec.frequency == "D" else "that session closed (16:00 New York)"
    )
    notes.append(
        f"dropped {_rows(late.sum())} dated {_span(rows['date'][late])}: the file was saved "
        f"{saved_at.astimezone(UTC):%Y-%m-%d %H:%M} UTC, before {until}"
    )
    return rows[~late]


def _zero_volume_note(rows: pd.DataFrame, spec: SeriesSpec, saved_at: datetime) -> list[str]:
    """Sessions reporting volume 0 in a file that otherwise has volume are kept: volume does
    not decide whether a bar is final (indexes and thin ETFs print complete sessions with none).
    A last row like that is named, since an export made during its session would end so."""
    volume = rows["volume"]
    if spec.frequency not in SESSION_FREQUENCIES or not (volume > 0).any():
        return []
    zero = (volume == 0) & ~rows["ohl_equal_close"]
    if not zero.any():
        return []
    note = (
        f"{_rows(zero.sum())} with volume 0 kept ({_span(rows['date'][zero])}): a bar is final "
        "once its session has closed, whatever its volume"
    )
    if zero.iloc[-1]:
        note += (
            f"; the last one ({rows['date'].iloc[-1]:%Y-%m-%d}) is intraday only if the file "
            f"was exported during that session (it was saved "
            f"{saved_at.astimezone(UTC):%Y-%m-%d %H:%M} UTC)"
        )
    return [note]


def _close_only_note(rows: pd.DataFrame) -> list[str]:
    """Rows with open = high = low = close and no volume carry a close only (e.g. early
    bitcoin back-filled from another feed): the closes are valid, ranges from them are not."""
    close_only = rows["ohl_equal_close"] & (rows["volume"].fillna(0) == 0)
    count = int(close_only.sum())
    if count == 0:
        return []
    return [
        f"{_rows(count)} close-only ({_span(rows['date'][close_only])}: open = high = low = "
        "close, volume 0); their closes are kept"
    ]


def _seven_day_note(rows: pd.DataFrame, spec: SeriesSpec) -> list[str]:
    """Weekend rows are expected for 7-day markets; say so, since other series have none."""
    if spec.frequency != "D":
        return []
    weekend = int((rows["date"].dt.day_of_week >= 5).sum())
    if weekend == 0:
        return []
    return [f"trades 7 days a week ({weekend:,} weekend days included)"]


def _rows(count: int) -> str:
    count = int(count)
    return f"{count:,} row{'s' if count != 1 else ''}"


def _span(dates: pd.Series) -> str:
    if dates.empty:
        return ""
    first, last = dates.min(), dates.max()
    return f"{first:%Y-%m-%d}" if first == last else f"{first:%Y-%m-%d} to {last:%Y-%m-%d}"


def _example(raw: pd.Series) -> str:
    """The first offending cell, quoted and shortened, so the user can find it."""
    return repr(str(raw.iloc[0])[:20]) if len(raw) else "''"


# --- the source ----------------------------------------------------------------------------


def _skip_reason(entry: os.DirEntry, files: dict[str, str]) -> str:
    """Why a folder entry that serves no catalog series is not read, in a few words."""
    name = entry.name
    if entry.is_symlink() and not os.path.exists(entry.path):
        return f"broken link to {os.readlink(entry.path)}"
    if entry.is_dir():
        return "a folder: only files directly in the data folder are read"
    if not entry.is_file():
        return "not a regular file"
    if not os.access(entry.path, os.R_OK):
        return "cannot be read (permission denied)"
    if not name.endswith(".csv"):
        if name.lower().endswith(".csv"):
            return "the extension must be lowercase .csv"
        return "not a .csv file"
    for spec in CATALOG:
        if name in candidate_names(spec) and spec.id in files:
            return f"{files[spec.id]} is read for {spec.id} (it comes first)"
    stem = name.removesuffix(".csv")
    if normalize_ticker(stem) == stem:
        return f"not a catalog series: read when {stem} is added as a ticker"
    return "matches no catalog series and no ticker symbol"


class CsvDirSource:
    """Serve catalog series from CSV files in ``folder`` (see the module docstring)."""

    name = SOURCE

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def supports(self, spec: SeriesSpec) -> bool:
        try:
            return self.path_for(spec) is not None
        except OSError:
            return False

    def fetch(
        self, specs: Sequence[SeriesSpec], start: date | None = None
    ) -> dict[str, FetchOutcome]:
        try:
            names = self._csv_names()
        except OSError as err:
            raise SourceUnavailable(
                f"cannot read the data folder {self.folder} ({err.strerror or err})",
                source=SOURCE,
            ) from None
        return {spec.id: self._fetch_one(spec, names, start) for spec in specs}

    def health(self) -> Health:
        try:
            scan = self.scan()
        except OSError as err:
            return Health(SOURCE, False, f"cannot read {self.folder} ({err.strerror or err})")
        detail = f"{self.folder}: CSV files for {len(scan.files)} of {len(CATALOG)} catalog series"
        if scan.skipped:
            detail += f"; {len(scan.skipped)} other entries not read (see the data status)"
        return Health(SOURCE, bool(scan.files), detail)

    def path_for(self, spec: SeriesSpec, names: frozenset[str] | None = None) -> Path | None:
        """The file serving ``spec`` (among ``names``, the folder's CSV files, when given)."""
        if names is None:
            names = self._csv_names()
        for name in candidate_names(spec):
            if name in names:
                return self.folder / name
        return None

    def scan(self) -> FolderScan:
        """The file serving each catalog series, and every other entry with why it is not read.

        Raises ``OSError`` when the folder itself cannot be listed."""
        names = self._csv_names()
        files = {}
        for spec in CATALOG:
            path = self.path_for(spec, names)
            if path is not None:
                files[spec.id] = path.name
        used = set(files.values())
        with os.scandir(self.folder) as entries:
            skipped = [
                SkippedFile(entry.name, _skip_reason(entry, files))
                for entry in sorted(entries, key=lambda e: e.name)
                if entry.name not in used
            ]
        return FolderScan(self.folder, files, tuple(skipped))

    def _csv_names(self) -> frozenset[str]:
        """Names of the ``*.csv`` files in the folder, symbolic links to files included (exact
        case, no recursion)."""
        with os.scandir(self.folder) as entries:
            return frozenset(e.name for e in entries if e.name.endswith(".csv") and e.is_file())

    def _fetch_one(
        self, spec: SeriesSpec, names: frozenset[str], start: date | None
    ) -> FetchOutcome:
        candidates = candidate_names(spec)
        if not candidates:
            return SeriesNotFound(
                f"{spec.id!r} cannot name a file", source=SOURCE, series_id=spec.id
            )
        path = self.path_for(spec, names)
        if path is None:
            return SeriesNotFound(
                f"no file for {spec.id} (looked for {', '.join(candidates)})",
                source=SOURCE,
                series_id=spec.id,
            )
        try:
            parsed = read_csv_series(path, spec)
        except SeriesNotFound as err:
            return err
        series, notes = parsed.series, parsed.notes
        if start is not None:
            series = series[series.index >= pd.Timestamp(start)]
            if series.empty:
                notes += (
                    f"no rows on or after {start:%Y-%m-%d}; the file ends "
                    f"{parsed.series.index[-1]:%Y-%m-%d}",
                )
        return Fetched(
            series=series,
            origin=f"csv ({parsed.layout}): {path}",
            notes=notes,
            fetched_at=datetime.fromtimestamp(path.stat().st_mtime, tz=UTC),  # when it was saved
        )
