"""What pages (and the CLI) call to get data: series plus provenance, through the fallback chain.

For each requested id, sources are tried in the configured order (``ROTATION_SOURCES``)::

    csvdir (a local file, read directly)
    network source (yahoo / fred):  fresh store entry -> live fetch -> stale store entry
    demo (synthetic, labelled as such)

Every step that was tried and failed is recorded in the series' provenance notes and shown on
the page; the status says what the user is looking at (live / cached / stale / synthetic /
unavailable). Live fetches are merged into the parquet store (incremental: only the dates after
the last stored one, with an overlap for revisions).

A provider that rate-limits or is unreachable is put on a back-off (a process-wide circuit
breaker), so a page does not hammer it on every rerun; meanwhile the store serves stale data.

Bounded waits: the network sources of one call are fetched concurrently, each in a daemon
thread, and the call waits at most ``settings.fetch_deadline`` (``ROTATION_HTTP_TIMEOUT`` plus a
small margin) for all of them together, whatever the network does. A provider still silent then
counts as unreachable (stale copy or demo, with the reason; back-off). An answer without a
single value is never "live": it does not advance the stored copy's fetched-at and is served
as stale with the reason.

:func:`fetch_series` is plain Python (CLI, benchmarks); :func:`load_series` puts a per-series
in-memory cache in front of it for pages (see its docstring for when an entry is current).
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from typing import Literal

import numpy as np
import pandas as pd
import streamlit as st

from dashboard.data import catalog
from dashboard.data.catalog import SeriesSpec
from dashboard.data.provenance import Failure, Provenance, Status, span
from dashboard.data.replica import LOCAL_SOURCES, serve_store
from dashboard.data.sources.base import Fetched, Source, clean_series
from dashboard.data.store import NOT_STORED, ObjectStore, Store, Stored, StoreError, open_store
from dashboard.errors import RateLimited, SeriesNotFound, SourceError, SourceUnavailable
from dashboard.settings import Settings, get_settings

log = logging.getLogger(__name__)

NETWORK_SOURCES = frozenset({"yahoo", "ofr", "fred"})
#: Overlap re-fetched before the last stored date, so revisions replace old values.
_OVERLAP = {"B": 10, "D": 10, "BD": 10, "W": 70}
_BACKOFF_RATE_LIMIT = timedelta(minutes=5)
_BACKOFF_UNREACHABLE = timedelta(minutes=2)
#: Why a series was not even tried: no configured source handles it.
NO_SOURCE = "no configured source serves it"


@dataclass(frozen=True)
class Loaded:
    """Series and their provenance, keyed by id, in the order requested."""

    series: Mapping[str, pd.Series]
    provenance: Mapping[str, Provenance]
    ids: tuple[str, ...] = field(default_factory=tuple)
    #: some source in the chain failed for some series (from load_series: some series' live
    #: source failed, or no source could deliver it)
    degraded: bool = False

    def get(self, series_id: str) -> pd.Series | None:
        return self.series.get(series_id)

    def frame(self, ids: Iterable[str] | None = None) -> pd.DataFrame:
        """Available series side by side (outer join on dates; NaN where a series has no value)."""
        wanted = [i for i in (ids or self.ids) if i in self.series]
        if not wanted:
            return pd.DataFrame()
        return pd.concat([self.series[i] for i in wanted], axis=1, sort=True)

    @property
    def unavailable(self) -> dict[str, str]:
        """id -> why it could not be loaded."""
        return {
            sid: "; ".join(p.notes) or "no source could deliver it"
            for sid, p in self.provenance.items()
            if not p.available
        }

    @property
    def synthetic(self) -> bool:
        return any(p.synthetic for p in self.provenance.values())


# --- back-off (circuit breaker) -----------------------------------------------------------------
class _Backoff:
    def __init__(self) -> None:
        self._until: dict[str, tuple[float, str]] = {}
        self._lock = threading.Lock()

    def active(self, source: str) -> str | None:
        with self._lock:
            until, why = self._until.get(source, (0.0, ""))
        if time.monotonic() < until:
            return why
        return None

    def trip(self, source: str, span_: timedelta, why: str) -> None:
        resume = datetime.now(UTC) + span_
        with self._lock:
            self._until[source] = (
                time.monotonic() + span_.total_seconds(),
                f"{why}; retrying after {resume:%H:%M} UTC",
            )

    def reset(self, source: str | None = None) -> None:
        with self._lock:
            if source is None:
                self._until.clear()
            else:
                self._until.pop(source, None)


BACKOFF = _Backoff()


# --- sources ------------------------------------------------------------------------------------
def build_sources(settings: Settings) -> list[Source]:
    """The configured sources, in order (imports are lazy: the demo needs no network stack)."""
    built: list[Source] = []
    for name in settings.sources:
        if settings.read_only and name not in LOCAL_SOURCES:
            continue  # a read-only replica never builds a network source (issue 16)
        if name == "csvdir" and settings.data_dir is not None:
            from dashboard.data.sources.csvdir import CsvDirSource

            built.append(CsvDirSource(settings.data_dir))
        elif name == "yahoo":
            from dashboard.data.sources.yahoo import YahooSource

            built.append(YahooSource(timeout=settings.http_timeout))
        elif name == "ofr":
            from dashboard.data.sources.ofr import OfrSource

            built.append(OfrSource(settings))
        elif name == "fred":
            from dashboard.data.sources.fred import FredSource

            built.append(FredSource(settings))
        elif name == "demo":
            from dashboard.data.sources.demo import DemoSource

            built.append(DemoSource())
    return built


# --- the chain ----------------------------------------------------------------------------------
def _undelivered(spec: SeriesSpec, tried: Sequence[str], failed: Sequence[Failure]) -> Provenance:
    """The provenance of a series no source delivered: what was tried, and each typed failure."""
    return _provenance(
        spec,
        None,
        source="",
        origin="",
        status="unavailable",
        fetched_at=None,
        notes=tried or [NO_SOURCE],
        failures=failed,
    )


def _provenance(
    spec: SeriesSpec,
    series: pd.Series | None,
    *,
    source: str,
    origin: str,
    status: Status,
    fetched_at: datetime | None,
    notes: Sequence[str] = (),
    failures: Sequence[Failure] = (),
) -> Provenance:
    first, last, rows = span(series) if series is not None else (None, None, 0)
    return Provenance(
        series_id=spec.id,
        label=spec.label,
        source=source,
        origin=origin,
        status=status,
        units=spec.units,
        frequency=spec.frequency,
        first_date=first,
        last_date=last,
        rows=rows,
        fetched_at=fetched_at,
        notes=tuple(dict.fromkeys(n for n in notes if n)),
        failures=tuple(failures),
    )


def _incremental_start(specs: Sequence[SeriesSpec], stored: Mapping[str, Stored]) -> date | None:
    """One start date for a batch: the earliest 'last stored date - overlap', or None (full
    history) when any series has nothing stored or is low-frequency (cheap to refetch whole)."""
    starts = []
    for spec in specs:
        entry = stored.get(spec.id)
        days = _OVERLAP.get(spec.frequency)
        if entry is None or entry.entry.last_date is None or days is None:
            return None
        starts.append(entry.entry.last_date - timedelta(days=days))
    return min(starts) if starts else None


def _is_fresh(entry, settings: Settings, spec: SeriesSpec, now: datetime) -> bool:
    return now - entry.fetched_at < settings.freshness(spec.frequency)


def _usable(outcome: Fetched | SourceError | None, spec: SeriesSpec, source: str):
    """A network answer as it may enter the store: clean, finite values only.

    A provider answering with NaN, inf or absurd values must never overwrite a good stored
    history: such values are dropped with a note, and an answer with nothing left counts as a
    failure (so the stored copy is served, marked stale).
    """
    if not isinstance(outcome, Fetched) or outcome.series.empty:
        return outcome
    raw = outcome.series
    values = clean_series(raw, spec.id)
    values = values[np.isfinite(values.to_numpy()) & (values.abs().to_numpy() <= 1e15)]
    if len(values) == len(raw):
        return outcome
    if values.empty:
        return SeriesNotFound(
            f"returned no usable values ({len(raw)} missing, non-finite or implausible)",
            source=source,
            series_id=spec.id,
        )
    note = f"{source}: dropped {len(raw) - len(values)} missing, non-finite or implausible values"
    return replace(outcome, series=values, notes=(*outcome.notes, note))


def _failure(source: str, outcome: object) -> Failure:
    """A failed outcome of ``source`` as a typed :class:`Failure` (its kind from the error's
    class, its detail the adapter's message)."""
    if not isinstance(outcome, BaseException):
        return Failure(source, "error", "returned nothing")
    if isinstance(outcome, RateLimited):
        kind = "rate_limited"
    elif isinstance(outcome, SourceUnavailable):
        kind = "unreachable"
    elif isinstance(outcome, SeriesNotFound):
        kind = "not_found"
    else:
        kind = "error"
    return Failure(source, kind, _short(outcome))


def _short(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text if len(text) <= 200 else text[:200] + "…"


def known_specs(
    ids: Sequence[str],
) -> tuple[dict[str, SeriesSpec], dict[str, Provenance]]:
    """The catalog spec of each id, and an 'unavailable' provenance for each id that has none."""
    specs: dict[str, SeriesSpec] = {}
    unknown: dict[str, Provenance] = {}
    for sid in ids:
        try:
            specs[sid] = catalog.get(sid)
        except KeyError:
            unknown[sid] = Provenance(
                series_id=str(sid)[:40],
                label=str(sid)[:40],
                source="",
                origin="",
                status="unavailable",
                notes=("not a catalog series and not a valid Yahoo symbol",),
            )
    return specs, unknown


def fetch_series(
    ids: Iterable[str],
    settings: Settings | None = None,
    *,
    sources: Sequence[Source] | None = None,
    now: datetime | None = None,
    force_live: bool = False,
) -> Loaded:
    """Resolve ``ids`` through the fallback chain. Never raises for data problems."""
    settings = settings or get_settings()
    now = now or datetime.now(UTC)
    if settings.read_only:  # a replica serves the shared store, never a provider (issue 16)
        return serve_store(ids, settings, now=now, sources=sources)
    sources = list(sources) if sources is not None else build_sources(settings)
    store = open_store(settings)
    ordered = tuple(dict.fromkeys(ids))

    specs, provenance = known_specs(ordered)
    series: dict[str, pd.Series] = {}
    pending = [sid for sid in ordered if sid in specs]
    tried: dict[str, list[str]] = {sid: [] for sid in pending}
    failed: dict[str, list[Failure]] = {sid: [] for sid in pending}
    stale: dict[str, Stored] = {}

    def resolve(sid: str, prov: Provenance, values: pd.Series) -> None:
        series[sid] = values
        provenance[sid] = replace(prov.with_notes(*tried[sid]), failures=tuple(failed[sid]))
        pending.remove(sid)

    calls: dict[str, _Call | None] = {}
    deadline = 0.0  # set when the network fetches start
    for position, source in enumerate(sources):
        batch = [specs[s] for s in pending if source.supports(specs[s])]
        if not batch:
            continue
        if source.name not in NETWORK_SOURCES:
            _resolve_local(source, batch, tried, failed, resolve)
            continue

        if not calls:  # first network source: start every network source's fetch at once
            deadline = time.monotonic() + settings.fetch_deadline
            for later in sources[position:]:
                if later.name in NETWORK_SOURCES:
                    calls[later.name] = _start_fetch(
                        later,
                        [specs[s] for s in pending if later.supports(specs[s])],
                        plan=lambda spec, src=later: _plan_one(
                            spec, src, store, settings, now, force_live, stale, resolve
                        ),
                    )
        call = calls.get(source.name)
        if call is None or not (need := [s for s in call.need if s.id in pending]):
            continue
        outcomes = call.outcomes(deadline, settings)
        same_source = call.same_source
        delivered_any = unreachable = False
        for spec in need:
            outcome = _usable(outcomes.get(spec.id), spec, source.name)
            if isinstance(outcome, Fetched) and outcome.series.empty:
                # never "nothing new": the incremental window overlaps the stored history, so
                # an empty answer is a failed fetch; the stored copy stays as it was
                outcome = SourceUnavailable(
                    "answered without a single value (an empty answer is never fresh data)",
                    source=source.name,
                    series_id=spec.id,
                )
            if isinstance(outcome, Fetched):
                delivered_any = True
                try:
                    store.write(
                        spec.id,
                        outcome.series,
                        source=source.name,
                        origin=outcome.origin,
                        notes=outcome.notes,
                        fetched_at=now,
                        merge=spec.id in same_source,
                    )
                    merged = store.read(spec.id)
                except StoreError as exc:  # served all the same; the store did not take it
                    merged = None
                    tried[spec.id].append(f"{NOT_STORED}: {exc}")
                values = merged.series if merged is not None else outcome.series
                status: Status = "cached" if outcome.from_http_cache else "live"
                resolve(
                    spec.id,
                    _provenance(
                        spec,
                        values,
                        source=source.name,
                        origin=outcome.origin,
                        status=status,
                        fetched_at=now,
                        notes=outcome.notes,
                    ),
                    values,
                )
                continue
            unreachable = unreachable or isinstance(outcome, SourceUnavailable)
            failure = _failure(source.name, outcome)
            tried[spec.id].append(failure.note())
            failed[spec.id].append(failure)
            held = stale.get(spec.id)
            if held is not None:
                prov = _stored_provenance(spec, held, "stale").with_notes(
                    f"{source.name} failed; showing the copy stored "
                    f"{held.entry.fetched_at:%Y-%m-%d %H:%M} UTC"
                )
                resolve(spec.id, prov, held.series)
        throttled = next((o for o in outcomes.values() if isinstance(o, RateLimited)), None)
        if throttled is not None and not BACKOFF.active(source.name):
            BACKOFF.trip(source.name, _BACKOFF_RATE_LIMIT, f"rate limited ({_short(throttled)})")
        elif not delivered_any and unreachable and not BACKOFF.active(source.name):
            BACKOFF.trip(source.name, _BACKOFF_UNREACHABLE, "answered without usable data")

    for sid in list(pending):
        provenance[sid] = _undelivered(specs[sid], tried[sid], failed[sid])
    degraded = any(tried.values()) or any(not p.available for p in provenance.values())
    return Loaded(series=series, provenance=provenance, ids=ordered, degraded=degraded)


# --- network fetches: planned per source, run concurrently, bounded by one deadline -------------
def _plan_one(
    spec: SeriesSpec,
    source: Source,
    store: Store | ObjectStore,
    settings,
    now,
    force_live,
    stale,
    resolve,
) -> Stored | None | bool:
    """Read ``spec``'s stored copy; resolve it as cached when it is fresh (returns False: no
    fetch needed), else return the stored copy of this source (or None) for an incremental
    fetch. Any stored copy is remembered as the stale fallback."""
    held = store.read(spec.id)
    if held is not None:
        stale.setdefault(spec.id, held)
    if held is None or held.entry.source != source.name:
        return None
    if not force_live and _is_fresh(held.entry, settings, spec, now):
        resolve(spec.id, _stored_provenance(spec, held, "cached"), held.series)
        return False
    return held


@dataclass
class _Call:
    """One network source's fetch, running in a daemon thread (or not at all: backed off)."""

    source: Source
    need: list[SeriesSpec]
    same_source: dict[str, Stored]
    backed_off: str | None = None
    thread: threading.Thread | None = None
    result: dict = field(default_factory=dict)

    def outcomes(self, deadline: float, settings: Settings) -> dict[str, Fetched | SourceError]:
        """Wait for the fetch until ``deadline`` (monotonic) at most; failures become
        outcomes and trip the back-off."""
        name = self.source.name
        if self.backed_off:
            return {s.id: SourceUnavailable(self.backed_off, source=name) for s in self.need}
        if self.thread is not None:
            self.thread.join(max(0.0, deadline - time.monotonic()))
            if self.thread.is_alive():
                self.result["error"] = SourceUnavailable(
                    f"no answer within {settings.fetch_deadline:g} s (timed out)", source=name
                )
        error = self.result.get("error")
        if isinstance(error, RateLimited):
            BACKOFF.trip(name, _BACKOFF_RATE_LIMIT, f"rate limited ({_short(error)})")
        elif isinstance(error, SourceError):
            BACKOFF.trip(name, _BACKOFF_UNREACHABLE, f"unreachable ({_short(error)})")
        elif error is not None:  # a source bug must not take the page down
            log.error("source %s failed: %s", name, _short(error))
            error = SourceUnavailable(_short(error), source=name)
        if error is not None:
            return {s.id: error for s in self.need}
        return self.result.get("outcomes", {})


def _start_fetch(source: Source, batch: Sequence[SeriesSpec], plan) -> _Call | None:
    """Plan ``batch`` for ``source`` (fresh copies resolve as cached) and start fetching the
    rest in a daemon thread: a hung provider can never hold the caller (or the process)."""
    need: list[SeriesSpec] = []
    same_source: dict[str, Stored] = {}
    for spec in batch:
        held = plan(spec)
        if held is False:
            continue
        if held is not None:
            same_source[spec.id] = held
        need.append(spec)
    if not need:
        return None
    call = _Call(source, need, same_source, backed_off=BACKOFF.active(source.name))
    if call.backed_off:
        return call
    start = _incremental_start(need, same_source)

    def run() -> None:
        try:
            call.result["outcomes"] = source.fetch(need, start=start)
        except Exception as exc:  # noqa: BLE001 - handed to the waiting thread as an outcome
            call.result["error"] = exc

    call.thread = threading.Thread(target=run, name=f"fetch-{source.name}", daemon=True)
    call.thread.start()
    return call


def _stored_provenance(spec: SeriesSpec, held: Stored, status: Status) -> Provenance:
    return _provenance(
        spec,
        held.series,
        source=held.entry.source,
        origin=held.entry.origin,
        # demo data published into a shared store stays labelled (issue 16)
        status="synthetic" if held.entry.source == "demo" else status,
        fetched_at=held.entry.fetched_at,
        notes=held.entry.notes,
    )


def _resolve_local(source: Source, batch: Sequence[SeriesSpec], tried, failed, resolve) -> None:
    """csvdir and demo: read directly, never stored (they are local already)."""
    try:
        outcomes = source.fetch(batch)
    except Exception as exc:  # noqa: BLE001 - a local source failing must not stop the chain
        outcomes = {spec.id: exc for spec in batch}
    for spec in batch:
        outcome = outcomes.get(spec.id)
        if isinstance(outcome, Fetched) and not outcome.series.empty:
            prov = _provenance(
                spec,
                outcome.series,
                source=source.name,
                origin=outcome.origin,
                # a local file is a stored copy made earlier (its mtime is the fetched-at), not a
                # live answer from a provider
                status="synthetic" if outcome.synthetic else "cached",
                fetched_at=outcome.fetched_at,
                notes=outcome.notes,
            )
            resolve(spec.id, prov, outcome.series)
        else:
            failure = _failure(source.name, outcome)
            tried[spec.id].append(failure.note())
            failed[spec.id].append(failure)


# --- the in-memory loader cache pages read through -----------------------------------------------
#: A good answer from a network source or the store is kept this long (seconds).
MEMORY_TTL_S = 600.0
#: A degraded answer (the series' live source failed: stale copy, demo, unavailable) is retried
#: after this long, or once its source's back-off lifts if that is later.
RETRY_AFTER_S = 60.0
MEMORY_MAX_SERIES = 256
#: The back-off key of a replica's shared store (see dashboard.data.replica).
STORE_SOURCE = "store"


@dataclass(frozen=True, slots=True)
class _Held:
    """One series as the memory cache holds it, and when it stops being current."""

    series: pd.Series | None
    provenance: Provenance
    files: tuple | None  #: the data folder's files for it when it was read (see _file_key)
    stored_at: float  #: time.monotonic() when it was fetched
    #: "files": current while its files are unchanged (a data-folder file, demo data);
    #: "network": a good network or store answer, for MEMORY_TTL_S; "retry": degraded
    lifetime: Literal["files", "network", "retry"]
    retry_source: str | None  #: degraded: the live source that failed (its back-off extends it)

    def current(self, files, now: float) -> bool:
        if files != self.files:
            return False
        if self.lifetime == "files":
            return True
        if self.lifetime == "network":
            return now - self.stored_at < MEMORY_TTL_S
        if now - self.stored_at < RETRY_AFTER_S:
            return True
        # past its retry time: retrying while its source is backed off would only repeat it
        return self.retry_source is not None and BACKOFF.active(self.retry_source) is not None


def _file_key(settings: Settings, spec: SeriesSpec) -> tuple | None:
    """What a data-folder read of ``spec`` depends on: (size, mtime) of every file name the
    csvdir source would look for (None where absent), and today's date (future-dated rows are
    dropped). None when no data folder is in the chain. A few ``stat`` calls, no reading."""
    if settings.data_dir is None or "csvdir" not in settings.sources:
        return None
    from dashboard.data.sources.csvdir import candidate_names

    stamps = []
    for name in candidate_names(spec):
        try:
            info = (settings.data_dir / name).stat()
        except OSError:
            stamps.append(None)
        else:
            stamps.append((info.st_size, info.st_mtime_ns))
    return (date.today(), *stamps)


def _live_source_failed(settings: Settings, spec: SeriesSpec, prov: Provenance) -> str | None:
    """The network source that should have served ``spec`` and did not, or None.

    A series' live source is its catalog provider (a network source serves exactly its own
    provider's series). The answer is degraded when that source is in the chain and the series
    came from a source after it (demo instead of live), from its stale stored copy, or not at
    all.
    """
    live = spec.provider
    if live not in NETWORK_SOURCES or live not in settings.sources:
        return None
    if prov.status in ("stale", "unavailable"):
        return live
    ahead = settings.sources[: settings.sources.index(live) + 1]
    return None if prov.source in ahead else live


def _from_shared_store(prov: Provenance) -> bool:
    """A replica's series read from the shared store (its age note says so)."""
    from dashboard.data.replica import STORE_NOTE

    return any(note.startswith(STORE_NOTE) for note in prov.notes)


def _hold(settings: Settings, spec: SeriesSpec, loaded: Loaded, files, now: float) -> _Held:
    prov = loaded.provenance[spec.id]
    if settings.read_only:  # a replica: the shared store is its live source
        if _from_shared_store(prov):
            return _Held(loaded.series.get(spec.id), prov, files, now, "network", None)
        # not in the store, or the store failed (then it is backed off): ask again soon
        return _Held(loaded.series.get(spec.id), prov, files, now, "retry", STORE_SOURCE)
    failed = _live_source_failed(settings, spec, prov)
    if failed is not None or prov.status == "unavailable":
        lifetime = "retry"
    elif prov.source in NETWORK_SOURCES:
        lifetime = "network"
    else:  # a data-folder file or demo data: current for as long as the files are unchanged
        lifetime = "files"
    return _Held(loaded.series.get(spec.id), prov, files, now, lifetime, failed)


class _MemoryCache:
    """Per-series results of :func:`fetch_series`, keyed by (data configuration, id), shared by
    every session of the process. An entry is dropped only when it is replaced, evicted (least
    recently used beyond ``MEMORY_MAX_SERIES``) or cleared explicitly; one series' degraded
    answer never drops another's."""

    def __init__(self) -> None:
        self._held: OrderedDict[tuple[str, str], _Held] = OrderedDict()
        self._lock = threading.Lock()
        self._loading: dict[tuple, threading.Lock] = {}

    def current(self, key: tuple[str, str], files, now: float) -> _Held | None:
        with self._lock:
            held = self._held.get(key)
            if held is not None:
                self._held.move_to_end(key)
        return held if held is not None and held.current(files, now) else None

    def put(self, key: tuple[str, str], held: _Held) -> None:
        with self._lock:
            self._held[key] = held
            self._held.move_to_end(key)
            while len(self._held) > MEMORY_MAX_SERIES:
                self._held.popitem(last=False)

    def loading(self, key: tuple) -> threading.Lock:
        """One lock per batch being fetched, so concurrent sessions asking for the same series
        wait for one fetch instead of starting their own."""
        with self._lock:
            return self._loading.setdefault(key, threading.Lock())

    def done_loading(self, key: tuple) -> None:
        with self._lock:
            self._loading.pop(key, None)

    def clear(self) -> None:
        with self._lock:
            self._held.clear()


MEMORY = _MemoryCache()


def _spinner():
    """Streamlit's spinner inside a running script, nothing elsewhere (CLI, benchmarks)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    if get_script_run_ctx(suppress_warning=True) is None:
        return contextlib.nullcontext()
    return st.spinner("Loading data…")


def load_series(ids: Iterable[str]) -> Loaded:
    """Pages call this: :func:`fetch_series` through a per-series in-memory cache.

    Each series is held until it stops being current: a data-folder file until it changes
    (size, modification time, or a new file the folder lookup would prefer); demo data while
    the configuration stands; a good network or store answer for ``MEMORY_TTL_S``; a degraded
    one (its live source failed) for ``RETRY_AFTER_S``, or until that source's back-off lifts.
    On a read-only replica the shared store is the live source: what it served is held for
    ``MEMORY_TTL_S``, anything else (a local fallback) is retried like a degraded answer.
    Only the series that are not current are fetched, in one batch; a repeated load of
    unchanged data costs a few ``stat`` calls and dictionary lookups.
    """
    settings = get_settings()
    wanted = tuple(dict.fromkeys(ids))
    now = time.monotonic()
    held: dict[str, _Held] = {}
    files: dict[str, tuple | None] = {}
    specs: dict[str, SeriesSpec] = {}
    for sid in wanted:
        try:
            specs[sid] = catalog.get(sid)
        except (KeyError, TypeError):
            continue  # not a series: fetch_series explains it, nothing to cache
        files[sid] = _file_key(settings, specs[sid])
        entry = MEMORY.current((settings.fingerprint, sid), files[sid], now)
        if entry is not None:
            held[sid] = entry
    missing = tuple(sid for sid in wanted if sid not in held)
    fetched: Loaded | None = None
    if missing:
        batch = (settings.fingerprint, missing)
        try:
            with MEMORY.loading(batch):
                for sid in missing:  # another session may have fetched them meanwhile
                    entry = MEMORY.current((settings.fingerprint, sid), files.get(sid), now)
                    if entry is not None:
                        held[sid] = entry
                todo = tuple(sid for sid in missing if sid not in held)
                if todo:
                    with _spinner():
                        fetched = fetch_series(todo, settings)
                    now = time.monotonic()
                    for sid in todo:
                        if sid in specs:
                            entry = _hold(settings, specs[sid], fetched, files[sid], now)
                            MEMORY.put((settings.fingerprint, sid), entry)
                            held[sid] = entry
        finally:
            MEMORY.done_loading(batch)
    return _assemble(wanted, held, fetched)


def _assemble(wanted: tuple[str, ...], held: Mapping[str, _Held], fetched: Loaded | None) -> Loaded:
    """One :class:`Loaded` in the requested order; each caller gets its own series objects."""
    series: dict[str, pd.Series] = {}
    provenance: dict[str, Provenance] = {}
    degraded = False
    for sid in wanted:
        entry = held.get(sid)
        if entry is None:  # not a catalog series: fetch_series' answer, uncached
            provenance[sid] = fetched.provenance[sid]
            degraded = True
            continue
        provenance[sid] = entry.provenance
        if entry.series is not None:
            series[sid] = entry.series.copy()
        degraded = degraded or entry.retry_source is not None or not entry.provenance.available
    return Loaded(series=series, provenance=provenance, ids=wanted, degraded=degraded)
