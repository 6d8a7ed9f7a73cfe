"""The parquet store: one file per series under the cache dir, plus a manifest.

Layout under ``cache_root()``::

    series/<quoted id>.parquet   one column ``value``, DatetimeIndex ``date``; provenance in the
                                 parquet key-value metadata, so the manifest can be rebuilt
    manifest.json                id -> {source, origin, fetched_at, first_date, last_date, rows,
                                 notes}
    quarantine/                  files that could not be read, kept for inspection, never fatal
    .lock                        one inter-process lock for writers (filelock)

Writes are atomic (temp file + ``os.replace``) and serialized by the lock, so two
``rotation refresh`` processes cannot tear a file or lose a manifest entry. Readers never take
the lock: they see either the old or the new file. A file that does not parse, or has the wrong
schema, is moved to ``quarantine/`` and reported as missing, so the loader refetches it.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import quote

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from filelock import FileLock

log = logging.getLogger(__name__)

_META_KEY = b"rotation_radar"
MANIFEST = "manifest.json"


@dataclass(frozen=True, slots=True)
class Entry:
    """What the manifest knows about one stored series."""

    series_id: str
    source: str
    origin: str
    fetched_at: datetime
    first_date: date | None
    last_date: date | None
    rows: int
    notes: tuple[str, ...] = field(default_factory=tuple)

    def to_json(self) -> dict:
        return {
            "source": self.source,
            "origin": self.origin,
            "fetched_at": self.fetched_at.isoformat(timespec="seconds"),
            "first_date": self.first_date.isoformat() if self.first_date else None,
            "last_date": self.last_date.isoformat() if self.last_date else None,
            "rows": self.rows,
            "notes": list(self.notes),
        }

    @classmethod
    def from_json(cls, series_id: str, raw: dict) -> Entry:
        fetched = datetime.fromisoformat(raw["fetched_at"])
        if fetched.tzinfo is None:
            fetched = fetched.replace(tzinfo=UTC)
        return cls(
            series_id=series_id,
            source=str(raw["source"]),
            origin=str(raw.get("origin", "")),
            fetched_at=fetched,
            first_date=date.fromisoformat(raw["first_date"]) if raw.get("first_date") else None,
            last_date=date.fromisoformat(raw["last_date"]) if raw.get("last_date") else None,
            rows=int(raw.get("rows", 0)),
            notes=tuple(str(n) for n in raw.get("notes", ())),
        )


@dataclass(frozen=True, slots=True)
class Stored:
    series: pd.Series
    entry: Entry


class Store:
    """Parquet-per-series cache with a manifest. Safe for concurrent processes."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.series_dir = self.root / "series"
        self.quarantine_dir = self.root / "quarantine"
        self._lock = FileLock(str(self.root / ".lock"), timeout=60)

    # --- paths ------------------------------------------------------------------------------
    def path_for(self, series_id: str) -> Path:
        # quote() makes ^RUT, HG=F, BTC-USD safe file names and keeps ids from escaping the dir
        return self.series_dir / f"{quote(series_id, safe='')}.parquet"

    def _ensure_dirs(self) -> None:
        self.series_dir.mkdir(parents=True, exist_ok=True)

    # --- manifest -----------------------------------------------------------------------------
    def manifest(self) -> dict[str, Entry]:
        """The manifest; rebuilt from the parquet files when missing or unreadable."""
        path = self.root / MANIFEST
        if not path.exists():
            return self._rebuild_manifest() if self.series_dir.exists() else {}
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            return {sid: Entry.from_json(sid, e) for sid, e in raw.items()}
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning("manifest unreadable (%s); rebuilding from parquet metadata", exc)
            self._quarantine(path, "manifest unreadable")
            return self._rebuild_manifest()

    def _rebuild_manifest(self) -> dict[str, Entry]:
        entries: dict[str, Entry] = {}
        for file in sorted(self.series_dir.glob("*.parquet")):
            entry = self._entry_from_metadata(file)
            if entry is not None:
                entries[entry.series_id] = entry
        return entries

    def _write_manifest(self, entries: dict[str, Entry]) -> None:
        payload = json.dumps({k: v.to_json() for k, v in sorted(entries.items())}, indent=1)
        _atomic_write_bytes(self.root / MANIFEST, payload.encode("utf-8"))

    # --- read -----------------------------------------------------------------------------
    def read(self, series_id: str) -> Stored | None:
        """The stored series, or None when absent. Bad files are quarantined, never raised."""
        path = self.path_for(series_id)
        if not path.exists():
            return None
        try:
            table = pq.read_table(path)
            entry = _entry_from_schema(table.schema, series_id)
            series = _series_from_table(table, series_id)
        except Exception as exc:  # noqa: BLE001 - any unreadable file is quarantined
            self._quarantine(path, f"unreadable parquet ({type(exc).__name__}: {exc})")
            return None
        return Stored(series=series, entry=entry)

    def _entry_from_metadata(self, file: Path) -> Entry | None:
        try:
            schema = pq.read_schema(file)
            raw = json.loads(schema.metadata[_META_KEY])
            return Entry.from_json(raw["series_id"], raw)
        except Exception:  # noqa: BLE001 - unreadable files are dealt with on read()
            return None

    # --- write ------------------------------------------------------------------------------
    def write(
        self,
        series_id: str,
        series: pd.Series,
        *,
        source: str,
        origin: str,
        notes: tuple[str, ...] = (),
        fetched_at: datetime | None = None,
        merge: bool = True,
    ) -> Entry:
        """Store ``series`` (merged over what is stored when ``merge``: new values win)."""
        fetched_at = fetched_at or datetime.now(UTC)
        with self._lock:
            self._ensure_dirs()
            if merge:
                old = self.read(series_id)
                if old is not None and not old.series.empty:
                    series = _merge(old.series, series)
            series = series.sort_index()
            entry = Entry(
                series_id=series_id,
                source=source,
                origin=origin,
                fetched_at=fetched_at,
                first_date=series.index[0].date() if len(series) else None,
                last_date=series.index[-1].date() if len(series) else None,
                rows=int(series.size),
                notes=tuple(notes),
            )
            _atomic_write_table(self.path_for(series_id), _table(series, entry))
            entries = self.manifest()
            entries[series_id] = entry
            self._write_manifest(entries)
        return entry

    def delete(self, series_id: str) -> None:
        with self._lock:
            with contextlib.suppress(FileNotFoundError):
                self.path_for(series_id).unlink()
            entries = self.manifest()
            if entries.pop(series_id, None) is not None:
                self._write_manifest(entries)

    # --- quarantine ---------------------------------------------------------------------------
    def _quarantine(self, path: Path, reason: str) -> None:
        self.quarantine_dir.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        target = self.quarantine_dir / f"{path.name}.{stamp}"
        with contextlib.suppress(OSError):
            os.replace(path, target)
            (self.quarantine_dir / f"{target.name}.why.txt").write_text(reason + "\n")
        log.warning("quarantined %s: %s", path.name, reason)
        if path.suffix == ".parquet":
            self._drop_from_manifest(path)

    def _drop_from_manifest(self, path: Path) -> None:
        manifest_path = self.root / MANIFEST
        if not manifest_path.exists():
            return
        with self._lock:
            try:
                raw = json.loads(manifest_path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                return
            kept = {sid: e for sid, e in raw.items() if self.path_for(sid) != path}
            if len(kept) != len(raw):
                _atomic_write_bytes(manifest_path, json.dumps(kept, indent=1).encode("utf-8"))

    def quarantined(self) -> list[Path]:
        if not self.quarantine_dir.exists():
            return []
        return sorted(p for p in self.quarantine_dir.iterdir() if not p.name.endswith(".why.txt"))


# --- helpers ------------------------------------------------------------------------------------
def _merge(old: pd.Series, new: pd.Series) -> pd.Series:
    """Union of dates; on overlap the newer fetch wins (revisions)."""
    combined = pd.concat([old[~old.index.isin(new.index)], new])
    return combined.sort_index()


def _table(series: pd.Series, entry: Entry) -> pa.Table:
    frame = pd.DataFrame({"value": series.astype("float64").to_numpy()}, index=series.index)
    frame.index = pd.DatetimeIndex(frame.index, name="date").astype("datetime64[ns]")
    table = pa.Table.from_pandas(frame, preserve_index=True)
    meta = dict(table.schema.metadata or {})
    meta[_META_KEY] = json.dumps({"series_id": entry.series_id, **entry.to_json()}).encode()
    return table.replace_schema_metadata(meta)


def _entry_from_schema(schema: pa.Schema, series_id: str) -> Entry:
    raw = json.loads((schema.metadata or {})[_META_KEY])
    if raw.get("series_id") != series_id:
        raise ValueError(f"file holds {raw.get('series_id')!r}, expected {series_id!r}")
    return Entry.from_json(series_id, raw)


def _series_from_table(table: pa.Table, series_id: str) -> pd.Series:
    if table.column_names != ["value", "date"] and set(table.column_names) != {"value", "date"}:
        raise ValueError(f"unexpected columns {table.column_names}")
    frame = table.to_pandas()
    if not isinstance(frame.index, pd.DatetimeIndex):
        raise ValueError("index is not dates")
    values = pd.to_numeric(frame["value"], errors="raise").astype("float64")
    if not values.index.is_monotonic_increasing or values.index.has_duplicates:
        raise ValueError("dates not sorted and unique")
    values.name = series_id
    values.index.name = "date"
    return values


def _atomic_write_bytes(path: Path, payload: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _atomic_write_table(path: Path, table: pa.Table) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        pq.write_table(table, tmp)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
