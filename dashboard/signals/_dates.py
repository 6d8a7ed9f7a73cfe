"""Which observation answers a target date: the lookups of ``Series.reindex(targets,
method="nearest" | "ffill", tolerance=...)`` as integer positions, in numpy.

Signals look up thousands of dates at once (every week's value 4 or 13 weeks earlier, every
flow's relative return k weeks later); ``reindex`` re-validates and rebuilds an index per call,
these only search. ``index`` must be sorted and unique (what :func:`._checks.prices` returns).
A position of -1 means no observation within the tolerance.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: Nanoseconds per unit of a datetime64 index.
_NS_PER_UNIT = {"ns": 1, "us": 1_000, "ms": 1_000_000, "s": 1_000_000_000}
DAY_NS = 86_400 * 1_000_000_000


def as_ns(dates: pd.DatetimeIndex) -> np.ndarray:
    """The dates as int64 nanoseconds (cheaper than ``as_unit("ns")``: no new index)."""
    factor = _NS_PER_UNIT[np.datetime_data(dates.dtype)[0]]
    return dates.asi8 if factor == 1 else dates.asi8 * factor


def nearest(have: np.ndarray, want: np.ndarray, tolerance_ns: int) -> np.ndarray:
    """:func:`nearest_positions` on int64 nanoseconds."""
    n = len(have)
    if n == 0:
        return np.full(len(want), -1, dtype=np.intp)
    after = np.searchsorted(have, want, side="left")  # first observation on or after
    before = np.searchsorted(have, want, side="right") - 1  # last observation on or before
    gap_before = want - have[np.maximum(before, 0)]
    gap_after = have[np.minimum(after, n - 1)] - want
    take_before = (after == n) | ((before >= 0) & (gap_before < gap_after))
    pick = np.where(take_before, before, after)
    distance = np.where(take_before, gap_before, gap_after)
    return np.where(distance <= tolerance_ns, pick, -1)


def nearest_positions(
    index: pd.DatetimeIndex, targets: pd.DatetimeIndex, tolerance: pd.Timedelta
) -> np.ndarray:
    """Position of the observation nearest each target (a tie goes to the later one, as
    ``reindex(method="nearest")`` on an increasing index), -1 when it is further than
    ``tolerance`` away or ``index`` is empty."""
    return nearest(as_ns(index), as_ns(targets), tolerance.value)


def pad_positions(
    index: pd.DatetimeIndex, targets: pd.DatetimeIndex, tolerance: pd.Timedelta
) -> np.ndarray:
    """Position of the last observation on or before each target (``reindex(method="ffill")``),
    -1 when there is none within ``tolerance`` before it."""
    have, want = as_ns(index), as_ns(targets)
    before = np.searchsorted(have, want, side="right") - 1
    if not len(have):
        return before
    gap = want - have[np.maximum(before, 0)]
    return np.where((before >= 0) & (gap <= tolerance.value), before, -1)


def values_at(values: np.ndarray, positions: np.ndarray) -> np.ndarray:
    """``values[positions]`` as float64, NaN where the position is -1."""
    if not len(values):
        return np.full(len(positions), np.nan)
    return np.where(positions >= 0, values[positions], np.nan).astype("float64", copy=False)
