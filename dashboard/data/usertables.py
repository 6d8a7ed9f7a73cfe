"""Small hand-kept tables: a bundled CSV in the package plus the team's own rows.

The consensus expectations (macro view) and the policy event timeline ship as CSV files in
``dashboard/resources/``. Users add rows in the app; those go to a user file beside the cache
(``<cache dir>/user/<name>.csv``), never into the bundled file. Loading merges the two: a user
row with the same key as a bundled row replaces it (a correction), every row says where it came
from (``origin`` = bundled / user).

Every row is validated against the table's columns (dates as ``YYYY-MM-DD``, finite numbers,
plain text of bounded length). Invalid rows are dropped on load with a notice naming the row and
the reason; saving refuses to write anything while any row is invalid, so nothing typed is lost
silently and a bad row never reaches a signal.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Literal

import pandas as pd

from dashboard.data import catalog
from dashboard.data.store import _atomic_write_bytes
from dashboard.settings import Settings, cache_root

ORIGIN_COLUMN = "origin"
MAX_CELL_CHARS = 300


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    kind: Literal["date", "number", "text"]
    required: bool = True
    help: str = ""


@dataclass(frozen=True, slots=True)
class TableSpec:
    name: str  #: file stem of the bundled resource and of the user file
    title: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]  #: a user row with the same key replaces the bundled row
    max_rows: int = 5000
    choices: dict[str, tuple[str, ...]] = field(default_factory=dict)  #: allowed text values

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]


@dataclass(frozen=True, slots=True)
class TableLoad:
    frame: pd.DataFrame  #: valid rows: the spec's columns (typed) plus ``origin``
    notices: tuple[str, ...]  #: rows dropped and why, problems reading a file
    user_path: Path


CONSENSUS = TableSpec(
    name="consensus",
    title="Consensus expectations",
    columns=(
        Column("indicator", "text", help="catalog series id, e.g. GACDFSA066MSFRBPHI"),
        Column("reference_period", "date", help="the observation date the release refers to"),
        Column("release_date", "date", help="when the figure was published"),
        Column("consensus", "number", help="the median forecast, in the series' units"),
        Column("source_note", "text", required=False, help="where the consensus comes from"),
    ),
    key=("indicator", "reference_period"),
    choices={"indicator": tuple(s.id for s in catalog.CATALOG if s.group == "macro")},
)

EVENTS = TableSpec(
    name="events",
    title="Policy and market events",
    columns=(
        Column("date", "date"),
        Column("title", "text"),
        Column("category", "text", help="tariffs, capex, macro, markets, ..."),
        Column("source_note", "text", required=False),
    ),
    key=("date", "title"),
)


def user_path(spec: TableSpec, settings: Settings | None = None) -> Path:
    """Where the team's own rows of ``spec`` live: beside the cache, never in the package."""
    # cache_root() alone, not get_settings(): pages ask for this path on every rerun
    cache_dir = settings.cache_dir if settings is not None else cache_root()
    return cache_dir / "user" / f"{spec.name}.csv"


def _empty(spec: TableSpec) -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series(dtype="object") for name in spec.names})


def _blank(value: object) -> bool:
    """None, NaN, NaT (an editor's empty date cell) or an empty string."""
    if value is None or (isinstance(value, str) and value == ""):
        return True
    try:
        return bool(pd.api.types.is_scalar(value) and pd.isna(value))
    except (TypeError, ValueError):
        return False


def _cell_error(column: Column, value: object, spec: TableSpec) -> tuple[object, str | None]:
    """The typed value of one cell, or an error message."""
    if _blank(value):
        return None, (f"{column.name} is required" if column.required else None)
    text = str(value).strip()
    if len(text) > MAX_CELL_CHARS or not text.isprintable():
        return None, f"{column.name} is too long or not printable text"
    if column.kind == "date":
        try:
            stamp = pd.Timestamp(text[:10] if len(text) > 10 else text)
        except (ValueError, TypeError):
            stamp = pd.NaT
        if pd.isna(stamp):
            return None, f"{column.name}={text[:20]!r} is not a YYYY-MM-DD date"
        return stamp.normalize(), None
    if column.kind == "number":
        try:
            number = float(text)
        except ValueError:
            return None, f"{column.name}={text[:20]!r} is not a number"
        if not math.isfinite(number):
            return None, f"{column.name} must be a finite number"
        return number, None
    allowed = spec.choices.get(column.name)
    if allowed and text not in allowed:
        return None, f"{column.name}={text[:20]!r} is not one of {', '.join(allowed)}"
    return text, None


def validate(spec: TableSpec, raw: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Typed valid rows of ``raw`` and one message per invalid row (1-based row numbers).

    Missing columns make every row invalid; extra columns are ignored (``origin`` included).
    Fully blank rows (an editor's empty new row) are skipped silently.
    """
    missing = [c.name for c in spec.columns if c.required and c.name not in raw.columns]
    if missing:
        return _empty(spec), [f"{spec.title}: missing column(s) {', '.join(missing)}"]
    rows, errors = [], []
    for number, (_, record) in enumerate(raw.iterrows(), start=1):
        values = {c.name: record.get(c.name) for c in spec.columns}
        if all(_blank(v) for v in values.values()):
            continue
        typed, problems = {}, []
        for column in spec.columns:
            typed[column.name], problem = _cell_error(column, values[column.name], spec)
            if problem:
                problems.append(problem)
        if problems:
            errors.append(f"row {number}: " + "; ".join(problems))
        else:
            rows.append(typed)
    if len(rows) > spec.max_rows:
        errors.append(f"{spec.title}: kept the first {spec.max_rows} of {len(rows)} rows")
        rows = rows[: spec.max_rows]
    frame = pd.DataFrame(rows, columns=spec.names) if rows else _empty(spec)
    duplicated = frame.duplicated(list(spec.key), keep="last")
    if duplicated.any():
        errors.append(f"{spec.title}: {int(duplicated.sum())} duplicate key row(s); kept the last")
        frame = frame[~duplicated]
    return frame.reset_index(drop=True), errors


def _read_csv(text: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, comment="#")


def bundled(spec: TableSpec) -> pd.DataFrame:
    """The rows shipped with the project (validated; a broken bundled file is a bug: raises)."""
    text = resources.files("dashboard.resources").joinpath(f"{spec.name}.csv").read_text("utf-8")
    frame, errors = validate(spec, _read_csv(text))
    if errors:
        raise ValueError(f"bundled {spec.name}.csv is invalid: {errors[:3]}")
    return frame


def load(spec: TableSpec, settings: Settings | None = None) -> TableLoad:
    """Bundled rows merged with the user's rows (user wins on the same key). Never raises for a
    bad user file: its problems come back as notices and its valid rows are still used."""
    path = user_path(spec, settings)
    base = bundled(spec).assign(**{ORIGIN_COLUMN: "bundled"})
    notices: list[str] = []
    user = _empty(spec)
    if path.exists():
        try:
            user, errors = validate(spec, _read_csv(path.read_text("utf-8")))
            notices += [f"{path.name}: {e}" for e in errors]
        except (OSError, UnicodeDecodeError, pd.errors.ParserError, ValueError) as exc:
            notices.append(f"{path.name} could not be read ({type(exc).__name__}); ignored it")
    user = user.assign(**{ORIGIN_COLUMN: "user"})
    merged = pd.concat([base, user], ignore_index=True) if not user.empty else base
    merged = merged.drop_duplicates(list(spec.key), keep="last").reset_index(drop=True)
    return TableLoad(merged, tuple(notices), path)


def user_rows(spec: TableSpec, settings: Settings | None = None) -> pd.DataFrame:
    """The user's own rows as stored (for an editor), typed; empty when there are none."""
    path = user_path(spec, settings)
    if not path.exists():
        return _empty(spec)
    try:
        frame, _ = validate(spec, _read_csv(path.read_text("utf-8")))
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, ValueError):
        return _empty(spec)
    return frame


def save_user_rows(
    spec: TableSpec, rows: pd.DataFrame, settings: Settings | None = None
) -> list[str]:
    """Validate and write the user's rows (atomically). Returns the errors; writes nothing when
    there is any, so a bad row is rejected with its message and the stored rows stay intact."""
    frame, errors = validate(spec, rows)
    if errors:
        return errors
    out = frame.copy()
    for column in spec.columns:
        if column.kind == "date":
            out[column.name] = pd.to_datetime(out[column.name]).dt.strftime("%Y-%m-%d")
    _atomic_write_bytes(user_path(spec, settings), out.to_csv(index=False).encode("utf-8"))
    return []
