"""Breakouts above a prior peak, running highs, drawdowns, sessions since.

The thesis: the Russell 2000 (^RUT) broke above its November 2021 all-time high (the
2021-11-08 close of 2442.74) in January 2026. These functions answer "did it, when, by how
much, and is it still above?" for any price series, on closes.

Formulas (``P_t`` the close on session ``t``; ``c`` the cut-off date, e.g. 2022-01-01)
------------------------------------------------------------------------------------------
========================  =====================================================  ==============
name                      value                                                  units
========================  =====================================================  ==============
prior peak                ``K = max{P_s : s < c}`` (strictly before ``c``); its  price
                          date is the *first* session that closed at ``K``
breakout date             first ``t >= c`` with ``P_t > K`` (strictly above)      date
% above the prior peak    ``100 * (P_t / K - 1)`` (negative: below)              %
running high              ``H_t = max{P_s : s <= t}``                             price
drawdown                  ``100 * (P_t / H_t - 1)`` (<= 0)                        %
new all-time high         ``P_t > max{P_s : s < t}`` (the first close is not one) bool
sessions since breakout   sessions after the breakout date up to ``t`` (0 on it)  sessions
========================  =====================================================  ==============

"All-time" means the history given (a series that starts late has a late "all-time" high).
Every value at ``t`` uses closes up to ``t`` only (running maxima, never a full-sample max);
the prior peak uses only closes before ``c``, so it is known from ``c`` on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from dashboard.signals._checks import prices

BreakoutStatus = Literal["above", "fell back", "below", "no prior peak", "no data after cut-off"]
DEFAULT_CUTOFF = pd.Timestamp("2022-01-01")


def running_high(values: pd.Series) -> pd.Series:
    """``H_t = max{P_s : s <= t}`` (price units)."""
    return prices(values).cummax().rename("running_high")


def drawdown(values: pd.Series) -> pd.Series:
    """``100 * (P_t / H_t - 1)``: % below the running high (0 on a new high, never positive)."""
    s = prices(values)
    high = s.cummax()
    return (100.0 * (s / high.where(high > 0) - 1.0)).rename("drawdown_pct")


def new_highs(values: pd.Series) -> pd.Series:
    """True where the close is strictly above every earlier close (first close: False)."""
    s = prices(values)
    before = s.cummax().shift(1)
    return (s > before).fillna(False).astype(bool).rename("new_high")


def prior_peak(values: pd.Series, before: pd.Timestamp | str) -> tuple[pd.Timestamp, float] | None:
    """``(date, close)`` of the highest close strictly before ``before`` (first date it was
    reached); None when there is no close before ``before``."""
    s = prices(values)
    earlier = s[s.index < pd.Timestamp(before)]
    if earlier.empty:
        return None
    when = earlier.idxmax()  # first occurrence of the maximum
    return pd.Timestamp(when), float(earlier.loc[when])


def first_close_above(
    values: pd.Series, level: float, after: pd.Timestamp | str
) -> tuple[pd.Timestamp, float] | None:
    """``(date, close)`` of the first close strictly above ``level`` on or after ``after``."""
    s = prices(values)
    later = s[(s.index >= pd.Timestamp(after)) & (s > level)]
    if later.empty:
        return None
    return pd.Timestamp(later.index[0]), float(later.iloc[0])


def pct_above(values: pd.Series, level: float) -> pd.Series:
    """``100 * (P_t / level - 1)`` in % (negative when below ``level``)."""
    if not np.isfinite(level) or level <= 0:
        raise ValueError(f"level must be a positive number, got {level!r}")
    return (100.0 * (prices(values) / level - 1.0)).rename("pct_above")


@dataclass(frozen=True, slots=True)
class Breakout:
    """The state of a price series against its prior peak, on its latest close."""

    name: str
    cutoff: pd.Timestamp  #: the prior peak is the highest close strictly before this date
    peak_date: pd.Timestamp | None
    peak: float | None
    breakout_date: pd.Timestamp | None  #: first close above the peak on or after ``cutoff``
    breakout_close: float | None
    last_date: pd.Timestamp | None
    last_close: float | None
    pct_above: float | None  #: latest close vs the prior peak, %
    max_pct_above: float | None  #: highest close since the cut-off vs the prior peak, %
    sessions_since: int | None  #: sessions after the breakout date up to the latest close
    running_high: float | None  #: highest close up to the latest date
    running_high_date: pd.Timestamp | None
    drawdown_pct: float | None  #: latest close vs the running high, %
    at_new_high: bool  #: the latest close is a new all-time high of the history given
    #: per session: close, running_high, drawdown_pct, new_high, pct_above_peak
    state: pd.DataFrame

    @property
    def status(self) -> BreakoutStatus:
        if self.peak is None:
            return "no prior peak"
        if self.last_date is None or self.last_date < self.cutoff:
            return "no data after cut-off"
        if self.pct_above is not None and self.pct_above > 0:
            return "above"
        return "fell back" if self.breakout_date is not None else "below"

    def describe(self) -> str:
        """One sentence for captions and scorecard details."""
        if self.peak is None:
            return f"{self.name}: no close before {self.cutoff:%Y-%m-%d}, so no prior peak."
        peak = f"its highest close before {self.cutoff:%Y-%m-%d} ({self.peak:,.2f} on " + (
            f"{self.peak_date:%Y-%m-%d})"
        )
        if self.status == "no data after cut-off":
            return (
                f"{self.name}: no close on or after {self.cutoff:%Y-%m-%d} to compare with {peak}."
            )
        text = (
            f"{self.name} closed at {self.last_close:,.2f} on {self.last_date:%Y-%m-%d}, "
            f"{self.pct_above:+.2f}% vs {peak}"
        )
        if self.breakout_date is None:
            return text + "; no close above it since."
        text += (
            f"; first close above it on {self.breakout_date:%Y-%m-%d} "
            f"({self.sessions_since} session{'' if self.sessions_since == 1 else 's'} ago)"
        )
        if self.status == "fell back":
            text += ", but it is back below"
        return text + "."


@np.errstate(all="ignore")  # as pandas arithmetic: inf and NaN, no warnings
def analyse(
    values: pd.Series, cutoff: pd.Timestamp | str = DEFAULT_CUTOFF, *, name: str | None = None
) -> Breakout:
    """Prior peak before ``cutoff``, breakout after it, drawdown and highs (module docstring).

    One pass over the closes in numpy; the helpers above compute the same columns one by one.
    """
    s = prices(values, str(name or values.name or "series"))
    label = str(name or values.name or "series")
    cut = pd.Timestamp(cutoff)
    closes = s.to_numpy()
    n = len(closes)
    high = np.maximum.accumulate(closes) if n else closes
    drawdown_pct = 100.0 * (closes / np.where(high > 0, high, np.nan) - 1.0)
    new_high = np.zeros(n, dtype=bool)
    new_high[1:] = closes[1:] > high[:-1]
    split = int(s.index.searchsorted(cut, side="left"))  # closes strictly before the cut-off
    has_peak = split > 0 and closes[:split].max() > 0
    if has_peak:
        at_peak = int(np.argmax(closes[:split]))  # the first session at the prior peak
        peak_date, level = s.index[at_peak], float(closes[at_peak])
        # the peak is known from the cut-off on: no value before it (no look-ahead)
        pct_above_peak = 100.0 * (closes / level - 1.0)
        pct_above_peak[:split] = np.nan
    else:
        pct_above_peak = np.full(n, np.nan)
    state = pd.DataFrame(
        {
            "close": s,
            "running_high": high,
            "drawdown_pct": drawdown_pct,
            "new_high": new_high,
            "pct_above_peak": pct_above_peak,
        },
        index=s.index,
    )
    empty = dict(
        breakout_date=None,
        breakout_close=None,
        pct_above=None,
        max_pct_above=None,
        sessions_since=None,
    )
    last = dict(
        last_date=s.index[-1] if n else None,
        last_close=float(closes[-1]) if n else None,
        running_high=float(high[-1]) if n else None,
        running_high_date=s.index[int(np.argmax(closes))] if n else None,  # its first date
        drawdown_pct=float(drawdown_pct[-1]) if n else None,
        at_new_high=bool(new_high[-1]) if n else False,
    )
    if not has_peak:
        return Breakout(label, cut, None, None, **empty, **last, state=state)
    after = closes[split:]
    if not len(after):
        return Breakout(label, cut, peak_date, level, **empty, **last, state=state)
    values_after = dict(
        pct_above=float(100.0 * (after[-1] / level - 1.0)),
        max_pct_above=float(100.0 * (after.max() / level - 1.0)),
    )
    crossed = np.flatnonzero(after > level)
    if not len(crossed):
        return Breakout(
            label,
            cut,
            peak_date,
            level,
            breakout_date=None,
            breakout_close=None,
            sessions_since=None,
            **values_after,
            **last,
            state=state,
        )
    first = int(crossed[0])
    return Breakout(
        label,
        cut,
        peak_date,
        level,
        breakout_date=s.index[split + first],
        breakout_close=float(after[first]),
        sessions_since=len(after) - 1 - first,
        **values_after,
        **last,
        state=state,
    )
