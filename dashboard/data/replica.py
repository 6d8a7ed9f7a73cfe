"""A read-only replica (``ROTATION_READ_ONLY=1``): serve the shared store, never call a provider.

The scheduled ``rotation refresh`` (or ``rotation publish``) fills the store; replicas only read
it. Each series served from the store says how old it is; one older than twice the refresh
schedule (``ROTATION_REFRESH_EVERY``) means the job missed a run: the series is marked stale and
the page says the refresh job is late. What the store lacks may still come from local sources
(a data folder, the labelled demo); Yahoo, FRED and any other network source are never built.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Literal

from dashboard.data import catalog
from dashboard.data.provenance import Failure, Provenance, Status
from dashboard.data.store import ObjectStore, Store, StoreError, open_store
from dashboard.settings import Settings

if TYPE_CHECKING:
    from dashboard.data.load import Loaded
    from dashboard.data.sources.base import Source

#: sources a replica may use: they read local files or make data up, they never open a socket
LOCAL_SOURCES = frozenset({"csvdir", "demo"})
#: a series this many refresh periods old means the job missed a run
LATE_FACTOR = 2
STORE_NOTE = "from the shared store, written"
LATE_NOTE = "the refresh job is late"
#: how long a replica waits before asking a store that failed again
STORE_BACKOFF = timedelta(seconds=30)


def age_text(age: timedelta) -> str:
    """``45 s``, ``12 min``, ``5.5 h``, ``3.2 d``: one unit, as people read an age."""
    seconds = max(age.total_seconds(), 0.0)
    if seconds < 60:
        return f"{seconds:.0f} s"
    if seconds < 3600:
        return f"{seconds / 60:.0f} min"
    if seconds < 86400:
        return f"{seconds / 3600:.1f} h".replace(".0 h", " h")
    return f"{seconds / 86400:.1f} d".replace(".0 d", " d")


def late_after(settings: Settings) -> timedelta:
    return settings.refresh_every * LATE_FACTOR


def stored_provenance(
    spec: catalog.SeriesSpec, stored, settings: Settings, now: datetime
) -> Provenance:
    """A stored series as a replica shows it: cached (or synthetic for published demo data),
    stale when the refresh job is late; its age in the notes."""
    from dashboard.data.load import _provenance

    entry = stored.entry
    age = now - entry.fetched_at
    late = age > late_after(settings)
    status: Status = "synthetic" if entry.source == "demo" else ("stale" if late else "cached")
    notes = [
        *entry.notes,
        f"{STORE_NOTE} {entry.fetched_at:%Y-%m-%d %H:%M} UTC ({age_text(age)} ago)",
    ]
    if late:
        notes.append(
            f"{LATE_NOTE}: it runs every {age_text(settings.refresh_every)}, this copy is "
            f"{age_text(age)} old"
        )
    return _provenance(
        spec,
        stored.series,
        source=entry.source,
        origin=entry.origin,
        status=status,
        fetched_at=entry.fetched_at,
        notes=notes,
    )


def serve_store(
    ids: Iterable[str],
    settings: Settings,
    *,
    now: datetime | None = None,
    store: Store | ObjectStore | None = None,
    sources: Sequence[Source] | None = None,
) -> Loaded:
    """Resolve ``ids`` from the store, then local sources; never a network source."""
    from dashboard.data.load import (
        BACKOFF,
        Loaded,
        _resolve_local,
        _undelivered,
        build_sources,
        known_specs,
    )

    now = now or datetime.now(UTC)
    store = store if store is not None else open_store(settings)
    local = [
        s
        for s in (sources if sources is not None else build_sources(settings))
        if s.name in LOCAL_SOURCES
    ]
    ordered = tuple(dict.fromkeys(ids))
    specs, provenance = known_specs(ordered)
    series = {}
    pending = [sid for sid in ordered if sid in specs]
    tried: dict[str, list[str]] = {sid: [] for sid in pending}
    failed: dict[str, list[Failure]] = {sid: [] for sid in pending}
    problem, held = None, {}
    why = BACKOFF.active("store")  # a store that just failed is not asked again on every rerun
    if why:
        problem = f"the shared store is unreachable ({why})"
    else:
        try:
            held = store.read_many(pending)
        except StoreError as exc:
            BACKOFF.trip("store", STORE_BACKOFF, str(exc))
            problem = f"the shared store is unreachable ({exc})"

    def resolve(sid: str, prov: Provenance, values) -> None:
        series[sid] = values
        provenance[sid] = replace(prov.with_notes(*tried[sid]), failures=tuple(failed[sid]))
        pending.remove(sid)

    for sid in list(pending):
        stored = held.get(sid)
        if stored is not None and not stored.series.empty:
            resolve(sid, stored_provenance(specs[sid], stored, settings, now), stored.series)
        else:
            why = problem or "not in the shared store: the refresh job has not written it yet"
            tried[sid].append(why)
            failed[sid].append(Failure("store", "unreachable" if problem else "not_found", why))
    for source in local:
        batch = [specs[s] for s in pending if source.supports(specs[s])]
        if batch:
            _resolve_local(source, batch, tried, failed, resolve)
    for sid in pending:
        provenance[sid] = _undelivered(specs[sid], tried[sid], failed[sid])
    # Only an unreachable store is worth retrying on the next rerun; a late refresh is not.
    return Loaded(series=series, provenance=provenance, ids=ordered, degraded=problem is not None)


@dataclass(frozen=True, slots=True)
class ReplicaNotice:
    level: Literal["info", "warning"]
    text: str


def replica_notice(
    provenance: Iterable[Provenance], settings: Settings, now: datetime | None = None
) -> ReplicaNotice | None:
    """What a read-only replica tells its viewers above the data: where it comes from, how old
    it is, and whether the refresh job is late. None when the app is not a read-only replica."""
    if not settings.read_only:
        return None
    now = now or datetime.now(UTC)
    stored = [
        p
        for p in provenance
        if p.fetched_at is not None and any(n.startswith(STORE_NOTE) for n in p.notes)
    ]
    every = age_text(settings.refresh_every)
    where = f"the shared store ({settings.store_location})"
    if not stored:
        return ReplicaNotice(
            "warning",
            f"Read-only replica: none of this page's series is in {where} yet; the scheduled "
            f"refresh (every {every}) has not written them.",
        )
    newest = min(now - p.fetched_at for p in stored)
    late = [p for p in stored if now - p.fetched_at > late_after(settings)]
    if not late:
        return ReplicaNotice(
            "info",
            f"Read-only replica: data from {where}, written by the scheduled refresh (every "
            f"{every}); newest copy {age_text(newest)} old.",
        )
    oldest = max(now - p.fetched_at for p in late)
    names = ", ".join(p.series_id for p in late[:6]) + (
        f" and {len(late) - 6} more" if len(late) > 6 else ""
    )
    return ReplicaNotice(
        "warning",
        f"The refresh job is late: {names} {'was' if len(late) == 1 else 'were'} last written "
        f"to {where} up to {age_text(oldest)} ago, and the job runs every {every}. The figures "
        "stand as of those copies.",
    )
