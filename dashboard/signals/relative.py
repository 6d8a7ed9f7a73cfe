"""Relative performance: calendar alignment, rebasing, ratio lines, period and excess returns.

Every function takes price (or level) series on a ``DatetimeIndex`` and returns pandas objects;
NaNs are dropped, not filled, and a value at date ``t`` uses only observations up to ``t``.

Calendars
---------
Pairs can trade on different calendars (BTC-USD every day, ETFs on NYSE sessions). Comparisons
use :func:`align`: the dates on which *every* series has a close (an inner join), so a 20-session
return of BTC-USD sampled on equity sessions spans the same dates as IWM's. What was dropped to
get there is stated in :attr:`Alignment.note`, which pages show next to the chart.

Formulas (``P`` a price, ``n`` a number of observations on the aligned calendar)
-----------------------------------------------------------------------------------
=========================  =====================================================  ==============
function                   value at ``t``                                          units
=========================  =====================================================  ==============
``rebase``                 ``base * P_t / P_first``                                index points
``ratio``                  ``A_t / B_t``                                           ratio
``period_return``          ``100 * (P_t / P_{t-n} - 1)``                           %
``excess_return``          ``period_return(A, n) - period_return(B, n)``           pp
``relative_return``        ``100 * (R_t / R_{t-n} - 1)`` with ``R = A / B``        %
``moving_average``         mean of the last ``window`` values (``window`` needed)  units of input
=========================  =====================================================  ==============
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.signals._checks import positive_int, prices


@dataclass(frozen=True, slots=True)
class Alignment:
    """Series side by side on the dates all of them have a value."""

    frame: pd.DataFrame  #: one column per input, only the common dates
    dropped: Mapping[str, int]  #: per input: observations not on the common calendar

    @property
    def note(self) -> str:
        """A sentence stating the alignment, for a chart caption."""
        if self.frame.empty:
            return "No dates on which all series have a close."
        lost = {k: v for k, v in self.dropped.items() if v}
        text = f"Aligned on {len(self.frame):,} common dates"
        if lost:
            text += " (dropped " + ", ".join(f"{v:,} {k} dates" for k, v in lost.items()) + ")"
        return text + "."


def align(series: Mapping[str, pd.Series]) -> Alignment:
    """Inner join of ``series`` on their dates (NaNs dropped per series first)."""
    cleaned = {str(name): prices(s, str(name)) for name, s in series.items()}
    if not cleaned:
        return Alignment(pd.DataFrame(), {})
    indexes = [s.index for s in cleaned.values()]
    first = indexes[0]
    if all(i.dtype == first.dtype and i.equals(first) for i in indexes[1:]):
        # one calendar already (the common case): the frame the join below builds, without it
        if any(i.name != first.name for i in indexes[1:]):
            first = first.rename(None)
        frame = pd.DataFrame({k: s.to_numpy() for k, s in cleaned.items()}, index=first)
    else:
        frame = pd.concat(cleaned, axis=1, join="inner", sort=True)
    dropped = {name: len(s) - len(frame) for name, s in cleaned.items()}
    return Alignment(frame, dropped)


def rebase(data: pd.Series | pd.DataFrame, base: float = 100.0) -> pd.Series | pd.DataFrame:
    """``base * P_t / P_first``: each column divided by its own first valid value (index points).

    Columns whose first valid value is not > 0 become all-NaN (a rebased line needs a positive
    start)."""
    if isinstance(data, pd.Series):
        return rebase(data.to_frame(), base).iloc[:, 0]
    values = data.to_numpy(dtype="float64", na_value=np.nan)
    first = np.full(values.shape[1], np.nan)  # each column's first valid value
    if len(values):
        valid = ~np.isnan(values)
        at = valid.argmax(axis=0)  # the first valid row (0 when there is none)
        first = np.where(valid.any(axis=0), values[at, np.arange(values.shape[1])], np.nan)
    with np.errstate(all="ignore"):  # as pandas arithmetic: inf and NaN, no warnings
        rebased = base * values / np.where(first > 0, first, np.nan)
    return pd.DataFrame(rebased, index=data.index, columns=data.columns)


def ratio(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    """``A_t / B_t`` on the common dates (a ratio line; rising = A outperforms)."""
    frame = align({"a": numerator, "b": denominator}).frame
    if frame.empty:
        return pd.Series(dtype="float64", name="ratio")
    return (frame["a"] / frame["b"].where(frame["b"] != 0)).rename("ratio")


def period_return(values: pd.Series, periods: int) -> pd.Series:
    """``100 * (P_t / P_{t-n} - 1)`` over ``n = periods`` observations, in %."""
    s = prices(values)
    n = positive_int(periods, "periods")
    closes = s.to_numpy()
    base = np.full(len(closes), np.nan)
    base[n:] = closes[: max(len(closes) - n, 0)]
    with np.errstate(all="ignore"):  # as pandas arithmetic: inf and NaN, no warnings
        out = 100.0 * (closes / np.where(base > 0, base, np.nan) - 1.0)
    return pd.Series(out, index=s.index, name=f"return_{n}")


def excess_return(a: pd.Series, b: pd.Series, periods: int) -> pd.Series:
    """``period_return(A, n) - period_return(B, n)`` on the common dates, in percentage points."""
    frame = align({"a": a, "b": b}).frame
    n = positive_int(periods, "periods")
    if frame.empty:
        return pd.Series(dtype="float64", name=f"excess_{n}")
    out = period_return(frame["a"], n) - period_return(frame["b"], n)
    return out.rename(f"excess_{n}")


def relative_return(a: pd.Series, b: pd.Series, periods: int) -> pd.Series:
    """``100 * (R_t / R_{t-n} - 1)`` of the ratio ``R = A / B`` on the common dates, in %."""
    n = positive_int(periods, "periods")
    line = ratio(a, b)
    if line.empty:
        return pd.Series(dtype="float64", name=f"relative_{n}")
    return period_return(line, n).rename(f"relative_{n}")


def moving_average(values: pd.Series, window: int) -> pd.Series:
    """Mean of the last ``window`` observations; NaN until ``window`` exist."""
    n = positive_int(window, "window")
    return prices(values).rolling(n, min_periods=n).mean().rename(f"ma_{n}")
