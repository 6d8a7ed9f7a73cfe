"""The parquet store: one parquet object per series, where every reader finds it.

Two backends, one interface (``read``, ``read_many``, ``write``, ``manifest``, ``delete``,
``quarantined``, ``health``); :func:`open_store` picks one from the settings.

**A local folder** (:class:`Store`, the default), under ``cache_root()``::

    series/<quoted id>.parquet   one column ``value``, DatetimeIndex ``date``; provenance in the
                                 parquet key-value metadata, so the manifest can be rebuilt
    manifest.json                id -> {source, origin, fetched_at, first_date, last_date, rows,
                                 notes}
    quarantine/                  files that could not be read, kept for inspection, never fatal
    .lock                        one inter-process lock for writers (filelock)

Writes are atomic (temp file + ``os.replace``) and serialized by the lock, so two
``rotation refresh`` processes on one host cannot tear a file or lose a manifest entry. Readers
never take the lock: they see either the old or the new file. A file that does not parse, or has
the wrong schema, is moved to ``quarantine/`` and reported as missing, so the loader refetches
it. The lock is only as good as the file system's locking: a folder on a network disk shared by
several hosts is not supported for concurrent writers (use object storage).

**Object storage** (:class:`ObjectStore`, ``s3://bucket/prefix``, ``gs://``, ``az://`` through
fsspec)::

    objects/<quoted id>/<version>.parquet   immutable: written once, complete, never changed
    current/<quoted id>.json                the pointer: which version is current, its size,
                                            sha256 and manifest entry
    quarantine/                             copies of objects that failed to parse

A write uploads a new version under a fresh key, then replaces the pointer: a reader follows a
pointer to a complete object, or to the previous one, never to half an object (and checks the
size and sha256 it was promised). On S3 the pointer is replaced with a conditional PUT
(``If-Match`` the ETag read, ``If-None-Match: *`` when there was none): a writer that lost the
race re-reads the winner's version, merges over it and tries again, so two refreshes on two
hosts never lose each other's rows. A writer killed before the pointer leaves an orphan object
that readers never see (collected later). gs:// and az:// objects are atomic too, but their
pointer is last-writer-wins (fsspec exposes no precondition there): no torn series, but one of
two simultaneous merges can be overwritten until the next refresh.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import random
import secrets
import tempfile
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING
from urllib.parse import quote

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from filelock import FileLock

from dashboard.errors import RotationError

if TYPE_CHECKING:
    from dashboard.settings import Settings

log = logging.getLogger(__name__)

_META_KEY = b"rotation_radar"
MANIFEST = "manifest.json"


class StoreError(RotationError):
    """The store could not be read or written (unreachable, no permission, missing extra).
    Messages never carry credentials."""


#: the start of a provenance note for values served but not saved (the store refused them)
NOT_STORED = "not saved to the store"


class ReadOnlyStore(StoreError):
    """A write to a store opened read-only (a replica)."""


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
    def describe(
        cls,
        series_id: str,
        series: pd.Series,
        source: str,
        origin: str,
        notes: Iterable[str],
        fetched_at: datetime,
    ) -> Entry:
        """The entry for ``series`` (sorted by date) as it is about to be stored."""
        return cls(
            series_id=series_id,
            source=source,
            origin=origin,
            fetched_at=fetched_at,
            first_date=series.index[0].date() if len(series) else None,
            last_date=series.index[-1].date() if len(series) else None,
            rows=int(series.size),
            notes=tuple(notes),
        )

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


@dataclass(frozen=True, slots=True)
class StoreHealth:
    ok: bool
    detail: str


class Store:
    """Parquet-per-series cache in a local folder, with a manifest. Safe for concurrent
    processes on one host."""

    #: what a reader and two concurrent writers can rely on (shown by ``rotation doctor``)
    guarantee = (
        "local folder: atomic file replace, writers serialized by a file lock (one host only)"
    )

    def __init__(self, root: Path | str, *, read_only: bool = False) -> None:
        self.root = Path(root)
        self.read_only = read_only
        self.series_dir = self.root / "series"
        self.quarantine_dir = self.root / "quarantine"
        self._lock = FileLock(str(self.root / ".lock"), timeout=60)

    @property
    def location(self) -> str:
        return str(self.root)

    def health(self) -> StoreHealth:
        """Whether the store can be read (and, unless read-only, written)."""
        if not self.root.exists():
            return StoreHealth(True, f"{self.root} (empty: nothing refreshed yet)")
        if not os.access(self.root, os.R_OK):
            return StoreHealth(False, f"{self.root} is not readable")
        if not self.read_only and not os.access(self.root, os.W_OK):
            return StoreHealth(False, f"{self.root} is not writable")
        return StoreHealth(True, str(self.root))

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
    def read_many(self, series_ids: Iterable[str]) -> dict[str, Stored | None]:
        """``read`` for several ids (raises :class:`StoreError` only when the store itself
        cannot be reached; a local folder always can)."""
        return {sid: self.read(sid) for sid in dict.fromkeys(series_ids)}

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
        if self.read_only:
            raise ReadOnlyStore(f"the store at {self.location} is read-only here")
        fetched_at = fetched_at or datetime.now(UTC)
        with self._lock:
            self._ensure_dirs()
            if merge:
                old = self.read(series_id)
                if old is not None and not old.series.empty:
                    series = _merge(old.series, series)
            series = series.sort_index()
            entry = Entry.describe(series_id, series, source, origin, notes, fetched_at)
            _atomic_write_table(self.path_for(series_id), _table(series, entry))
            entries = self.manifest()
            entries[series_id] = entry
            self._write_manifest(entries)
        return entry

    def delete(self, series_id: str) -> None:
        if self.read_only:
            raise ReadOnlyStore(f"the store at {self.location} is read-only here")
        with self._lock:
            with contextlib.suppress(FileNotFoundError):
                self.path_for(series_id).unlink()
            entries = self.manifest()
            if entries.pop(series_id, None) is not None:
                self._write_manifest(entries)

    # --- quarantine ---------------------------------------------------------------------------
    def _quarantine(self, path: Path, reason: str) -> None:
        if self.read_only:  # a replica reports, the writer's host moves files
            log.warning("unreadable %s: %s", path.name, reason)
            return
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


def _parquet_bytes(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink)
    return sink.getvalue().to_pybytes()


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


# --- object storage -----------------------------------------------------------------------------
#: how often a writer that lost the pointer race re-reads the winner and tries again
_PUBLISH_ATTEMPTS = 8
#: versions younger than this are never collected: a reader or a writer may be using them
_GRACE = timedelta(minutes=15)
_CONFLICT_CODES = frozenset({"PreconditionFailed", "ConditionalRequestConflict", "412", "409"})
_EXTRA = {
    "s3": "pip install 'rotation-radar[s3]' (s3fs)",
    "gs": "pip install gcsfs",
    "gcs": "pip install gcsfs",
    "az": "pip install adlfs",
    "abfs": "pip install adlfs",
}


class _Conflict(Exception):
    """The pointer changed after it was read: another writer published first."""


def _is_conflict(exc: BaseException) -> bool:
    """A failed precondition (HTTP 412) or a concurrent conditional write (409), however the
    S3 client wrapped it."""
    seen: BaseException | None = exc
    for _ in range(8):  # the cause chain is short; bounded all the same
        if seen is None:
            return False
        if isinstance(seen, FileExistsError):  # s3fs: If-None-Match failed
            return True
        response = getattr(seen, "response", None)
        if isinstance(response, dict):
            code = str(response.get("Error", {}).get("Code", ""))
            status = response.get("ResponseMetadata", {}).get("HTTPStatusCode")
            if code in _CONFLICT_CODES or status in (409, 412):
                return True
        seen = seen.__cause__ or seen.__context__
    return False


def _not_implemented(exc: BaseException) -> bool:
    response = getattr(exc.__cause__, "response", None) or getattr(exc, "response", None)
    if not isinstance(response, dict):
        return False
    return str(response.get("Error", {}).get("Code", "")) in ("NotImplemented", "501")


def _new_version(now: datetime) -> str:
    """Sortable by time, unique across hosts: ``20260116T210000123456Z-1a2b3c4d``."""
    return f"{now:%Y%m%dT%H%M%S%f}Z-{secrets.token_hex(4)}"


def _version_time(name: str) -> datetime | None:
    try:
        return datetime.strptime(PurePosixPath(name).name[:21], "%Y%m%dT%H%M%S%f").replace(
            tzinfo=UTC
        )
    except ValueError:
        return None


class ObjectStore:
    """Parquet-per-series on object storage: immutable versions plus one pointer per series.

    Safe for concurrent writers on any number of hosts (see the module docstring for what each
    backend guarantees). Reads and writes go through fsspec; parquet is encoded by pyarrow.
    """

    def __init__(
        self,
        url: str,
        *,
        options: Mapping[str, object] | None = None,
        read_only: bool = False,
        timeout: float = 10.0,
    ) -> None:
        from fsspec.core import split_protocol

        protocol, _ = split_protocol(url)
        self.url = url
        self.protocol = (protocol or "file").lower()
        self.read_only = read_only
        self._fs_kwargs, self._hidden = _client_options(self.protocol, options or {}, timeout)
        self._fs = None
        self._root = ""
        self._conditional = self.protocol == "s3"

    @property
    def location(self) -> str:
        return self.url

    @property
    def guarantee(self) -> str:
        if self._conditional:
            return (
                "object store: immutable versions, pointer replaced by conditional PUT "
                "(If-Match / If-None-Match): no torn or lost series across hosts"
            )
        return (
            "object store: immutable versions, pointer last-writer-wins: no torn series; "
            "simultaneous merges on two hosts may drop one until the next refresh"
        )

    # --- the client -----------------------------------------------------------------------------
    @property
    def fs(self):
        if self._fs is None:
            import fsspec

            try:
                fs = fsspec.filesystem(self.protocol, **self._fs_kwargs)
            except ImportError:
                hint = _EXTRA.get(self.protocol, "install its fsspec implementation")
                raise StoreError(
                    f"{self.protocol}:// stores need an extra package: {hint}"
                ) from None
            except Exception as exc:  # noqa: BLE001 - a bad option must be a message, not a crash
                raise StoreError(f"cannot open {self.url}: {self._redact(exc)}") from None
            self._root = fs._strip_protocol(self.url).rstrip("/")
            self._fs = fs
        return self._fs

    def _redact(self, exc: BaseException | str) -> str:
        text = exc if isinstance(exc, str) else (str(exc).strip() or type(exc).__name__)
        for value in self._hidden:
            text = text.replace(value, "***")
        return text if len(text) <= 300 else text[:300] + "…"

    def _call(self, what: str, fn, *args, **kwargs):
        """Run one client call; anything but 'not found' becomes a :class:`StoreError`."""
        fs = self.fs
        try:
            return fn(fs, *args, **kwargs)
        except FileNotFoundError:
            raise
        except StoreError:
            raise
        except Exception as exc:  # noqa: BLE001 - every transport failure becomes a typed error
            raise StoreError(f"{what} at {self.url} failed: {self._redact(exc)}") from None

    # --- keys -----------------------------------------------------------------------------------
    def _under(self, *parts: str) -> str:
        """``<root>/<parts...>`` (opening the client resolves the root)."""
        self.fs  # noqa: B018 - resolves self._root
        return "/".join((self._root, *parts))

    def _pointer_key(self, series_id: str) -> str:
        return self._under("current", f"{quote(series_id, safe='')}.json")

    def _objects_dir(self, series_id: str) -> str:
        return self._under("objects", quote(series_id, safe=""))

    def _object_key(self, series_id: str, pointer: Mapping) -> str | None:
        """The data object a pointer names, if it is one of this series' objects."""
        rel = str(pointer.get("object", ""))
        prefix = f"objects/{quote(series_id, safe='')}/"
        name = rel[len(prefix) :]
        if not rel.startswith(prefix) or "/" in name or not name.endswith(".parquet"):
            return None
        return f"{self._root}/{rel}"

    # --- raw objects ----------------------------------------------------------------------------
    def _get(self, key: str) -> tuple[bytes, str | None] | None:
        """An object's bytes and its ETag (S3; None elsewhere), or None when absent."""
        if self.protocol == "s3":
            return self._call(f"reading {PurePosixPath(key).name}", _s3_get, key)
        try:
            return self._call(f"reading {PurePosixPath(key).name}", _cat_file, key), None
        except FileNotFoundError:
            return None

    def _get_many(self, keys: Iterable[str]) -> dict[str, bytes | None]:
        keys = list(dict.fromkeys(keys))
        if not keys:
            return {}
        got = self._call("reading", _cat_many, keys)
        out: dict[str, bytes | None] = {}
        for key in keys:
            value = got.get(key)
            if isinstance(value, FileNotFoundError) or value is None:
                out[key] = None
            elif isinstance(value, BaseException):
                raise StoreError(f"reading at {self.url} failed: {self._redact(value)}")
            else:
                out[key] = value
        return out

    def _put(
        self, key: str, data: bytes, *, if_match: str | None = None, create_only: bool = False
    ) -> None:
        what = f"writing {PurePosixPath(key).name}"
        if self.protocol != "s3":
            self._call(what, _pipe_file, key, data)
            return
        conditions = {}
        if self._conditional and if_match is not None:
            conditions["IfMatch"] = if_match
        elif self._conditional and create_only:
            conditions["IfNoneMatch"] = "*"
        try:
            _s3_put(self.fs, key, data, conditions)
        except FileNotFoundError:
            raise StoreError(f"{what} at {self.url} failed: the bucket does not exist") from None
        except Exception as exc:  # noqa: BLE001 - sorted into conflict / unsupported / failure
            if conditions and _is_conflict(exc):
                raise _Conflict from None
            if conditions and _not_implemented(exc):
                log.warning("%s does not support conditional writes; last writer wins", self.url)
                self._conditional = False
                self._put(key, data)
                return
            raise StoreError(f"{what} at {self.url} failed: {self._redact(exc)}") from None

    def _remove(self, key: str) -> None:
        with contextlib.suppress(FileNotFoundError, StoreError):
            self._call("removing", _rm, key)

    def _list(self, prefix: str) -> list[str]:
        try:
            return sorted(self._call("listing", _ls, prefix))
        except FileNotFoundError:
            return []

    # --- read -----------------------------------------------------------------------------------
    def _pointer(self, series_id: str) -> tuple[dict | None, str | None, bool]:
        """(pointer, its ETag, whether a pointer object exists at all)."""
        got = self._get(self._pointer_key(series_id))
        if got is None:
            return None, None, False
        data, etag = got
        return _parse_pointer(data, series_id), etag, True

    def _decode(self, series_id: str, pointer: Mapping, data: bytes) -> Stored | None:
        try:
            if len(data) != int(pointer["bytes"]):
                raise ValueError(f"{len(data)} bytes, the pointer promised {pointer['bytes']}")
            if hashlib.sha256(data).hexdigest() != pointer["sha256"]:
                raise ValueError("sha256 differs from the pointer's")
            table = pq.read_table(pa.BufferReader(data))
            entry = _entry_from_schema(table.schema, series_id)
            series = _series_from_table(table, series_id)
        except Exception as exc:  # noqa: BLE001 - any unreadable object is quarantined
            self._quarantine(series_id, pointer, data, f"{type(exc).__name__}: {exc}")
            return None
        return Stored(series=series, entry=entry)

    def read(self, series_id: str) -> Stored | None:
        """The stored series, or None when absent, unreadable or the store is unreachable
        (logged; :meth:`read_many` raises for an unreachable store instead)."""
        try:
            return self.read_many([series_id])[series_id]
        except StoreError as exc:
            log.warning("%s", exc)
            return None

    def read_many(self, series_ids: Iterable[str]) -> dict[str, Stored | None]:
        """Several series in two rounds of concurrent requests (pointers, then objects).

        Raises :class:`StoreError` when the store cannot be reached.
        """
        ids = list(dict.fromkeys(series_ids))
        keys = {sid: self._pointer_key(sid) for sid in ids}
        raw = self._get_many(keys.values())
        pointers = {sid: _parse_pointer(raw[keys[sid]], sid) for sid in ids}
        wanted = {
            sid: key
            for sid, p in pointers.items()
            if p is not None and (key := self._object_key(sid, p)) is not None
        }
        objects = self._get_many(wanted.values())
        out: dict[str, Stored | None] = {}
        for sid in ids:
            pointer, key = pointers[sid], wanted.get(sid)
            if pointer is None or key is None:
                out[sid] = None
            elif objects[key] is None:
                out[sid] = self._read_again(sid)  # collected since: the pointer has moved on
            else:
                out[sid] = self._decode(sid, pointer, objects[key])
        return out

    def _read_again(self, series_id: str) -> Stored | None:
        pointer, _, _ = self._pointer(series_id)
        return self._load(series_id, pointer) if pointer else None

    def _load(self, series_id: str, pointer: Mapping) -> Stored | None:
        """The version ``pointer`` names (None when it is gone or unreadable)."""
        key = self._object_key(series_id, pointer)
        got = self._get(key) if key else None
        return self._decode(series_id, pointer, got[0]) if got else None

    def manifest(self) -> dict[str, Entry]:
        """Every series' entry, from the pointers ({} when the store cannot be reached)."""
        try:
            raw = self._get_many(self._pointer_keys())
        except StoreError as exc:
            log.warning("%s", exc)
            return {}
        entries: dict[str, Entry] = {}
        for data in raw.values():
            pointer = _parse_pointer(data, None)
            if pointer is not None:
                sid = str(pointer["series_id"])
                with contextlib.suppress(KeyError, TypeError, ValueError):
                    entries[sid] = Entry.from_json(sid, pointer["entry"])
        return dict(sorted(entries.items()))

    def _pointer_keys(self) -> list[str]:
        return [k for k in self._list(self._under("current")) if k.endswith(".json")]

    def health(self) -> StoreHealth:
        """Whether the bucket answers, and how many series it holds."""
        try:
            if self.protocol == "s3":
                self._call("checking the bucket", _s3_head_bucket, self._under())
            count = len(self._pointer_keys())
        except FileNotFoundError:
            return StoreHealth(False, f"{self.url}: the bucket does not exist")
        except StoreError as exc:
            return StoreHealth(False, str(exc))
        return StoreHealth(True, f"{self.url} ({count} series)")

    # --- write ----------------------------------------------------------------------------------
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
        """Store ``series`` as a new version (merged over the current one when ``merge``: new
        values win), then make it current. Raises :class:`StoreError` when it cannot."""
        if self.read_only:
            raise ReadOnlyStore(f"the store at {self.url} is read-only here")
        fetched_at = fetched_at or datetime.now(UTC)
        for attempt in range(_PUBLISH_ATTEMPTS):
            pointer, etag, exists = self._pointer(series_id)
            values = series
            if merge and pointer is not None:
                old = self._load(series_id, pointer)
                if old is not None and not old.series.empty:
                    values = _merge(old.series, series)
            values = values.sort_index()
            entry = Entry.describe(series_id, values, source, origin, notes, fetched_at)
            payload = _parquet_bytes(_table(values, entry))
            now = datetime.now(UTC)
            key = f"{self._objects_dir(series_id)}/{_new_version(now)}.parquet"
            self._put(key, payload, create_only=True)
            new_pointer = {
                "series_id": series_id,
                "object": key[len(self._root) + 1 :],
                "bytes": len(payload),
                "sha256": hashlib.sha256(payload).hexdigest(),
                "written_at": now.isoformat(timespec="microseconds"),
                "entry": entry.to_json(),
            }
            body = json.dumps(new_pointer, indent=1).encode("utf-8")
            try:
                self._put(
                    self._pointer_key(series_id),
                    body,
                    if_match=etag if exists else None,
                    create_only=not exists,
                )
            except _Conflict:
                self._remove(key)  # never made current: no reader can hold it
                time.sleep(random.uniform(0.01, 0.05) * (attempt + 1))
                continue
            previous = self._object_key(series_id, pointer) if pointer else None
            self._collect(series_id, keep={key, previous} - {None})
            return entry
        raise StoreError(
            f"{series_id}: other writers kept replacing it; gave up after "
            f"{_PUBLISH_ATTEMPTS} attempts"
        )

    def _collect(self, series_id: str, keep: set[str]) -> None:
        """Remove old versions: all but the current, the previous (a reader may have just
        followed its pointer) and anything younger than the grace period (a writer may be about
        to publish it). An orphan left by a killed writer goes the same way."""
        try:
            versions = self._list(self._objects_dir(series_id))
        except StoreError:
            return
        now = datetime.now(UTC)
        for key in versions:
            written = _version_time(key)
            if key in keep or written is None or now - written < _GRACE:
                continue
            self._remove(key)

    def delete(self, series_id: str) -> None:
        if self.read_only:
            raise ReadOnlyStore(f"the store at {self.url} is read-only here")
        self._remove(self._pointer_key(series_id))
        for key in self._list(self._objects_dir(series_id)):
            self._remove(key)

    # --- quarantine -----------------------------------------------------------------------------
    def _quarantine(self, series_id: str, pointer: Mapping, data: bytes, reason: str) -> None:
        log.warning("unreadable %s in %s: %s", series_id, self.url, reason)
        if self.read_only:
            return
        name = PurePosixPath(str(pointer.get("object", "unknown"))).name
        target = f"{self._root}/quarantine/{quote(series_id, safe='')}.{name}"
        with contextlib.suppress(StoreError):
            self._put(target, data)
            self._put(f"{target}.why.txt", (reason + "\n").encode("utf-8"))

    def quarantined(self) -> list[PurePosixPath]:
        try:
            keys = self._list(self._under("quarantine"))
        except StoreError:
            return []
        return [PurePosixPath(k) for k in keys if not k.endswith(".why.txt")]


def _parse_pointer(data: bytes | None, series_id: str | None) -> dict | None:
    if data is None:
        return None
    try:
        pointer = json.loads(data)
        if series_id is not None and pointer["series_id"] != series_id:
            raise ValueError(f"pointer names {pointer['series_id']!r}")
        int(pointer["bytes"])
        str(pointer["sha256"])
        dict(pointer["entry"])
    except (ValueError, KeyError, TypeError) as exc:
        log.warning("unreadable pointer for %s: %s", series_id, exc)
        return None
    return pointer


def _client_options(
    protocol: str, options: Mapping[str, object], timeout: float
) -> tuple[dict, tuple[str, ...]]:
    """fsspec keyword arguments for ``protocol`` and the values to redact from messages."""
    revealed = {
        k: (v.reveal() if hasattr(v, "reveal") else str(v)) for k, v in options.items() if v
    }
    # real keys are 16+ characters; redacting a one-letter test value would shred messages
    hidden = tuple(revealed[k] for k in ("key", "secret", "token") if len(revealed.get(k, "")) >= 4)
    if protocol != "s3":  # gcsfs / adlfs read their own standard variables
        return {}, hidden
    kwargs: dict = {
        # a store that does not answer must not hold a page for long: short connects, 2 tries
        "config_kwargs": {
            "connect_timeout": min(timeout, 5.0),
            "read_timeout": timeout,
            "retries": {"max_attempts": 2, "mode": "standard"},
        },
    }
    for name in ("key", "secret", "token", "endpoint_url", "profile"):
        if name in revealed:
            kwargs[name] = revealed[name]
    if "region" in revealed:
        kwargs["client_kwargs"] = {"region_name": revealed["region"]}
    return kwargs, hidden


# fsspec calls, kept apart so ObjectStore._call can wrap each one
def _cat_file(fs, key: str) -> bytes:
    return fs.cat_file(key)


def _cat_many(fs, keys: list[str]) -> dict:
    return fs.cat(keys, on_error="return")


def _pipe_file(fs, key: str, data: bytes) -> None:
    fs.pipe_file(key, data)


def _rm(fs, key: str) -> None:
    fs.rm_file(key)


def _ls(fs, prefix: str) -> list[str]:
    fs.invalidate_cache(prefix)
    return fs.ls(prefix, detail=False)


def _s3_get(fs, key: str) -> tuple[bytes, str] | None:
    """One GET returning the body and the ETag together (the ETag of what was read, which a
    conditional write then names)."""
    from fsspec.asyn import sync

    bucket, name, _ = fs.split_path(key)

    async def get():
        try:
            response = await fs._call_s3("get_object", Bucket=bucket, Key=name)
        except FileNotFoundError:
            return None
        try:
            return await response["Body"].read(), response["ETag"]
        finally:
            response["Body"].close()

    return sync(fs.loop, get)


def _s3_put(fs, key: str, data: bytes, conditions: Mapping[str, str]) -> None:
    bucket, name, _ = fs.split_path(key)
    fs.call_s3("put_object", Bucket=bucket, Key=name, Body=data, **conditions)
    fs.invalidate_cache(key)


def _s3_head_bucket(fs, root: str) -> None:
    fs.call_s3("head_bucket", Bucket=root.split("/", 1)[0])


def open_store(settings: Settings) -> Store | ObjectStore:
    """The store the settings name: the local cache folder, or an object store by URL."""
    if settings.store_url:
        from dashboard.settings import store_credentials

        return ObjectStore(
            settings.store_url,
            options=store_credentials(),
            read_only=settings.read_only,
            timeout=settings.http_timeout,
        )
    return Store(settings.cache_dir, read_only=settings.read_only)
