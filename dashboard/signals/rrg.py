"""Relative rotation (RRG-style): where each asset stands against a benchmark, and where it heads.

Each asset gets two coordinates against the benchmark, both centred on 100, and a quadrant.
Unlike the public approximations of the JdK method, which normalise over the whole sample (so a
2026 move rescales a 2015 point: the future leaks into the past), every value here is
normalised on a trailing window: the point at week ``t`` uses only weeks up to ``t``.

Sampling
--------
Asset and benchmark are first aligned on their common dates (:func:`dashboard.signals.relative.
align`: BTC-USD is sampled on equity sessions). With ``freq="W"`` (default) each week is
represented by its last common close (weeks end on Friday; a week's point is dated by that
close's actual date, so a week still in progress shows as its latest session and is never
dated in the future). ``freq="D"`` uses every common session.

Formula (``n`` = ``window``, ``k`` = ``momentum``, ``m`` = ``norm_window``, all in periods)
------------------------------------------------------------------------------------------------
::

    RS_t        = 100 * A_t / B_t                                   relative strength line
    gap_t       = 100 * (RS_t / mean(RS_{t-n+1..t}) - 1)            % above its n-period average
    roc_t       = 100 * (RS_t / RS_{t-k} - 1)                       % change over k periods
    scale(x)_t  = sqrt(mean(x_{t-m+1..t} ** 2))                     trailing root mean square
    RS-Ratio_t    = 100 + gap_t / scale(gap)_t                      (trend of relative strength)
    RS-Momentum_t = 100 + roc_t / scale(roc)_t                      (its rate of change)

Defaults: weekly, ``n = 10``, ``k = 4``, ``m = 52`` (at least ``min_periods = 26`` values of
the quantity being scaled), so one unit on either axis is one "typical" move of that asset
against the benchmark over the past year, which makes volatile and quiet assets comparable on
one chart. ``expanding=True`` scales by everything up to ``t`` instead (still no look-ahead).

Why root mean square and not a z-score: subtracting a trailing mean would call a persistent
trend "normal" and pull a steady outperformer back to 100; with RMS the sign is kept, so an
asset that keeps beating the benchmark sits right of (and above) 100. Both axes are unit-free.

Quadrants (clockwise rotation)
------------------------------
============  ==============================  =========================================
quadrant      rule                            reading
============  ==============================  =========================================
leading       ratio > 100 and momentum > 100  outperforming, and still gaining
weakening     ratio > 100, momentum <= 100    outperforming, but losing pace
lagging       ratio <= 100, momentum <= 100   underperforming, and still losing
improving     ratio <= 100, momentum > 100    underperforming, but gaining
============  ==============================  =========================================

The tail is the last ``tail`` points (default 8 weeks) of each asset's path.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

import numpy as np
import pandas as pd

from dashboard.signals._checks import positive_int, prices
from dashboard.signals.relative import align

Frequency = Literal["W", "D"]
QUADRANTS: tuple[str, ...] = ("leading", "weakening", "lagging", "improving")
DEFAULT_FREQ: Frequency = "W"
DEFAULT_WINDOW = 10
DEFAULT_MOMENTUM = 4
DEFAULT_NORM_WINDOW = 52
DEFAULT_MIN_PERIODS = 26
DEFAULT_TAIL = 8
COLUMNS = ("rs", "rs_ratio", "rs_momentum", "quadrant")


def week_end_closes(values: pd.Series | pd.DataFrame) -> pd.Series | pd.DataFrame:
    """The last observation of each week (weeks ending Friday), dated by its actual date.

    Uses only data up to each week's end; a week in progress is represented by its latest
    observation, so appending later days never changes a completed week's value."""
    if len(values) == 0:
        return values
    return values[_last_of_each_week(pd.DatetimeIndex(values.index))]


#: Days from 1970-01-01 (a Thursday) to the first Saturday: weeks run Saturday to Friday.
_FIRST_SATURDAY = 2
_NS_PER_DAY = 86_400 * 10**9


def _last_of_each_week(index: pd.DatetimeIndex) -> np.ndarray:
    """True at the last observation of each week ending Friday (``to_period("W-FRI")`` and
    ``duplicated(keep="last")``, in integer arithmetic)."""
    if index.hasnans:
        return ~pd.Index(index.to_period("W-FRI")).duplicated(keep="last")
    days = np.floor_divide(index.as_unit("ns").asi8, _NS_PER_DAY)
    weeks = np.floor_divide(days - _FIRST_SATURDAY, 7)
    if index.is_monotonic_increasing:
        return np.r_[weeks[1:] != weeks[:-1], True]
    last = np.zeros(len(weeks), dtype=bool)
    _, first_from_end = np.unique(weeks[::-1], return_index=True)
    last[len(weeks) - 1 - first_from_end] = True
    return last


def sample(values: pd.Series | pd.DataFrame, freq: Frequency) -> pd.Series | pd.DataFrame:
    """``values`` at the chosen frequency: every observation (``"D"``) or week ends (``"W"``)."""
    if freq == "D":
        return values
    if freq == "W":
        return week_end_closes(values)
    raise ValueError(f"freq must be 'W' or 'D', got {freq!r}")


def _scale(x: np.ndarray, norm_window: int, min_periods: int, expanding: bool) -> np.ndarray:
    sq = pd.Series(x * x)
    roll = sq.expanding(min_periods) if expanding else sq.rolling(norm_window, min_periods)
    rms = np.sqrt(roll.mean().to_numpy())
    return np.where(rms > 0, rms, np.nan)


def quadrant(ratio: pd.Series, momentum: pd.Series) -> pd.Series:
    """The quadrant name per date (see the module docstring); None where either is NaN."""
    names = _quadrants(ratio.to_numpy(dtype="float64"), momentum.to_numpy(dtype="float64"))
    return pd.Series(names, index=ratio.index, name="quadrant", dtype=object)


def _quadrants(r: np.ndarray, m: np.ndarray) -> np.ndarray:
    names = np.full(len(r), "lagging", dtype=object)  # weakest rule first: the table order wins
    names[m > 100] = "improving"
    names[r > 100] = "weakening"
    names[(r > 100) & (m > 100)] = "leading"
    names[np.isnan(r) | np.isnan(m)] = None
    return names


@np.errstate(all="ignore")  # as pandas arithmetic: inf and NaN, no warnings
def rrg(
    asset: pd.Series,
    benchmark: pd.Series,
    *,
    freq: Frequency = DEFAULT_FREQ,
    window: int = DEFAULT_WINDOW,
    momentum: int = DEFAULT_MOMENTUM,
    norm_window: int = DEFAULT_NORM_WINDOW,
    min_periods: int = DEFAULT_MIN_PERIODS,
    expanding: bool = False,
) -> pd.DataFrame:
    """RS line, RS-Ratio, RS-Momentum and quadrant of ``asset`` against ``benchmark``.

    Columns: ``rs`` (100 x price ratio), ``rs_ratio`` and ``rs_momentum`` (centred on 100,
    unit-free, see the module docstring), ``quadrant``. One row per sampled common date; NaN
    until enough history exists (about ``window + min_periods`` periods for the ratio).
    """
    window = positive_int(window, "window", minimum=2)
    momentum = positive_int(momentum, "momentum")
    norm_window = positive_int(norm_window, "norm_window", minimum=2)
    min_periods = positive_int(min_periods, "min_periods", minimum=2)
    if min_periods > norm_window and not expanding:
        raise ValueError("min_periods must not exceed norm_window")
    frame = align({"a": prices(asset, "asset"), "b": prices(benchmark, "benchmark")}).frame
    if frame.empty:
        return pd.DataFrame(columns=list(COLUMNS), index=pd.DatetimeIndex([]))
    # numpy on the sampled closes; the rolling means stay pandas' (its summation, its bits)
    dates, a, b = frame.index, frame["a"].to_numpy(), frame["b"].to_numpy()
    if freq == "W":
        keep = np.flatnonzero(_last_of_each_week(dates))
        # take(), as the frame's own selection does: a regular step keeps a frequency
        dates, a, b = dates.take(keep), a[keep], b[keep]
    elif freq != "D":
        raise ValueError(f"freq must be 'W' or 'D', got {freq!r}")
    rs = 100.0 * np.where(a > 0, a, np.nan) / np.where(b > 0, b, np.nan)
    gap = 100.0 * (rs / pd.Series(rs).rolling(window, min_periods=window).mean().to_numpy() - 1.0)
    earlier = np.full(len(rs), np.nan)
    earlier[momentum:] = rs[: max(len(rs) - momentum, 0)]
    roc = 100.0 * (rs / earlier - 1.0)
    ratio = 100.0 + gap / _scale(gap, norm_window, min_periods, expanding)
    mom = 100.0 + roc / _scale(roc, norm_window, min_periods, expanding)
    names = pd.Series(_quadrants(ratio, mom), index=dates, dtype=object)
    columns = {"rs": rs, "rs_ratio": ratio, "rs_momentum": mom, "quadrant": names}
    return pd.DataFrame(columns, index=dates)


def rrg_table(
    assets: Mapping[str, pd.Series],
    benchmark: pd.Series,
    *,
    tail: int = DEFAULT_TAIL,
    **params,
) -> pd.DataFrame:
    """The last ``tail`` valid points of each asset's rotation, in one long frame.

    Columns: ``asset``, ``date``, ``rs``, ``rs_ratio``, ``rs_momentum``, ``quadrant``, ``step``
    (0 = the latest point, -1 the one before, ...). Assets without a valid point are left out.
    ``params`` go to :func:`rrg`.
    """
    tail = positive_int(tail, "tail")
    parts = []
    for name, values in assets.items():
        path = rrg(values, benchmark, **params).dropna(subset=["rs_ratio", "rs_momentum"])
        path = path.iloc[-tail:]
        if path.empty:
            continue
        part = path.reset_index(names="date")
        part.insert(0, "asset", str(name))
        part["step"] = np.arange(-len(part) + 1, 1)
        parts.append(part)
    if not parts:
        return pd.DataFrame(columns=["asset", "date", *COLUMNS, "step"])
    return pd.concat(parts, ignore_index=True)


def latest(table: pd.DataFrame) -> pd.DataFrame:
    """The latest point per asset of an :func:`rrg_table`, indexed by asset."""
    if table.empty:
        return table.set_index("asset")
    return table[table["step"] == 0].set_index("asset")
