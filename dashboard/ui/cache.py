"""View models and the views' heavier computations, kept across reruns and sessions.

A page reruns its whole script on every widget change, and every viewer of a shared link asks
for the same numbers. Views are pure (same inputs, same result), so what they build is kept,
keyed by its inputs, in one process-wide cache (``cachetools.TTLCache``: the newest
:data:`MAX_ENTRIES`, each for ten minutes like the loaded data it comes from).

The key of a pandas input is a summary (length, first and last date, name, the sum of its
values), not a hash of every value: ``st.cache_data`` spends milliseconds hashing decades of
daily data and then copies the result on every hit, which is most of a warm rerun. The key of
loaded data adds each series' provenance (source, origin, fetched-at, dates, rows, notes), so
a refreshed file or a new fetch makes a new entry. Results are shared, never copied: views do
not modify their inputs or what they return, and pages only read them.
"""

from __future__ import annotations

import dataclasses
import threading
import weakref
from collections.abc import Callable, Hashable, Mapping
from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd
from cachetools import TTLCache

from dashboard import scoring
from dashboard.data import usertables
from dashboard.data.load import Loaded, load_series
from dashboard.signals import scorecard as rules
from dashboard.state import ViewState
from dashboard.views.model import Timeline

TTL = timedelta(minutes=10)
MAX_ENTRIES = 96
_CACHE: TTLCache = TTLCache(maxsize=MAX_ENTRIES, ttl=TTL.total_seconds())
_LOCK = threading.Lock()
_MISSING = object()


def _checksum(values: np.ndarray) -> float | int:
    if values.dtype.kind in "fiub":
        total = float(values.sum())
        return total if total == total else float(np.nansum(values))  # NaN: sum the rest
    return hash(tuple(map(str, values))) if len(values) <= 5000 else len(values)


#: id -> (weak reference, key) of pandas objects already keyed: a frame a cache returned is
#: the same object on every rerun, and its key need not be computed again.
_KNOWN: dict[int, tuple[weakref.ref, Hashable]] = {}


def _remembered(value: pd.Series | pd.DataFrame, compute: Callable[[], Hashable]) -> Hashable:
    known = _KNOWN.get(id(value))
    if known is not None and known[0]() is value:
        return known[1]
    key = compute()
    if len(_KNOWN) > 4 * MAX_ENTRIES:  # ids of collected objects: forget them
        for ident in [i for i, (ref, _) in _KNOWN.items() if ref() is None]:
            del _KNOWN[ident]
    _KNOWN[id(value)] = (weakref.ref(value), key)
    return key


def _series_key(series: pd.Series) -> Hashable:
    index = series.index
    return (
        "series",
        series.name,
        len(series),
        index[0] if len(index) else None,
        index[-1] if len(index) else None,
        _checksum(series.to_numpy()),
    )


def key_of(value: Any) -> Hashable:
    """A cheap, hashable stand-in for ``value`` (see the module docstring)."""
    if isinstance(value, Loaded):
        return (
            "loaded",
            value.ids,
            tuple(
                (
                    sid,
                    p.status,
                    p.source,
                    p.origin,
                    p.fetched_at,
                    p.first_date,
                    p.last_date,
                    p.rows,
                    p.notes,
                    key_of(value.series.get(sid)),
                )
                for sid, p in value.provenance.items()
            ),
        )
    if isinstance(value, pd.Series):
        return _remembered(value, lambda: _series_key(value))
    if isinstance(value, pd.DataFrame):
        return _remembered(
            value,
            lambda: ("frame", tuple(value.columns), tuple(key_of(value[c]) for c in value.columns)),
        )
    if isinstance(value, pd.Index):
        return ("index", len(value), hash(value.to_numpy().tobytes()) if len(value) else 0)
    if isinstance(value, Mapping):
        return ("map", tuple((k, key_of(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return tuple(key_of(v) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        try:
            hash(value)
        except TypeError:  # a dataclass holding frames or dicts: key it by its fields
            fields = dataclasses.fields(value)
            return (type(value).__qualname__, tuple(key_of(getattr(value, f.name)) for f in fields))
        return value
    hash(value)  # anything else must be hashable as it is (a TypeError names what is not)
    return value


def memo(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """``fn(*args, **kwargs)``, kept under the key of its inputs (the views' ``Memo``)."""
    key = (
        getattr(fn, "__module__", ""),
        getattr(fn, "__qualname__", repr(fn)),
        key_of(args),
        key_of(tuple(sorted(kwargs.items()))),
    )
    with _LOCK:
        found = _CACHE.get(key, _MISSING)
    if found is not _MISSING:
        return found
    result = fn(*args, **kwargs)
    with _LOCK:
        _CACHE[key] = result
    return result


def clear() -> None:
    with _LOCK:
        _CACHE.clear()


def table_stamp(spec: usertables.TableSpec) -> tuple[str, int]:
    """The version of the team's rows of ``spec``: their file and its modification time."""
    path = usertables.user_path(spec)
    try:
        return str(path), path.stat().st_mtime_ns
    except OSError:
        return str(path), 0


def _consensus(stamp: tuple) -> pd.DataFrame:
    del stamp  # part of the key only
    return usertables.load(usertables.CONSENSUS).frame


def consensus() -> pd.DataFrame:
    """The consensus expectations (bundled and the team's rows), read again when the team's
    file changes."""
    return memo(_consensus, table_stamp(usertables.CONSENSUS))


def default_as_of(today: date) -> tuple[date, str]:
    """The day every view stands on when no as-of date is chosen, and why: resolved from the
    scorecard's series (kept across reruns like a view), so a view of a few series opens on
    the same day as the Overview (the last market close when nothing is fresh today)."""
    return memo(scoring.default_as_of, load_series(rules.required_series()), today)


def _timeline(stamp: tuple) -> Timeline:
    del stamp  # part of the key only
    return Timeline.from_table(usertables.load(usertables.EVENTS).frame, stamp=())


def timeline(view: ViewState) -> Timeline | None:
    """The event timeline for the charts, or None when the sidebar toggle is off."""
    if not view.events:
        return None
    stamp = table_stamp(usertables.EVENTS)
    built = memo(_timeline, stamp)
    return Timeline(built.events, stamp)
