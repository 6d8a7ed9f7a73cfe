"""Release rules: when a value dated ``t`` becomes public.

Macro data is dated by its reference period, not by when anyone could know it. These rules map
each observation date to its release date so that as-of queries (``--as-of``, the Overview's
date picker) see only what was published by then. They are documented approximations of the
publishers' calendars; with a FRED key, ALFRED vintages give the exact first releases.

=================================  ==============================================================
rule                               release date of an observation dated ``t``
=================================  ==============================================================
``close``                          ``t`` (a market close is known at the end of its session)
``next_day``                       the next business day after ``t`` (H.15 daily rates)
``third_thursday``                 the third Thursday of ``t``'s month (Philadelphia Fed survey)
``mid_month``                      the 15th of ``t``'s month, or the next business day (Empire)
``weekly_thursday``                ``t`` + 5 days: the Thursday after a week ending Saturday
                                   (the Wednesday before, when that Thursday is a holiday)
``weekly_thursday_from_wednesday`` ``t`` + 1 day: ICI totals as of Wednesday, out on Thursday
``lag_<N>d``                       the end of ``t``'s period (month, quarter) + N calendar days
=================================  ==============================================================
"""

from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd
from pandas.tseries.holiday import USFederalHolidayCalendar

_LAG = re.compile(r"^lag_(\d+)d$")


@lru_cache(maxsize=1)
def _federal_holidays() -> pd.DatetimeIndex:
    """US federal holidays 1950-2100 (computing them takes milliseconds: once per process)."""
    return USFederalHolidayCalendar().holidays("1950-01-01", "2100-12-31")


def _period_end(index: pd.DatetimeIndex, frequency: str) -> pd.DatetimeIndex:
    if frequency == "M":
        return index + pd.offsets.MonthEnd(0)
    if frequency == "Q":
        return index + pd.offsets.QuarterEnd(0)
    return index


def release_dates(index: pd.DatetimeIndex, rule: str, frequency: str) -> pd.DatetimeIndex:
    """Release date for each observation date in ``index`` under ``rule``."""
    index = pd.DatetimeIndex(index)
    if rule == "close":
        return index
    if rule == "next_day":
        return index + pd.offsets.BDay(1)
    if rule == "third_thursday":
        month_start = index.to_period("M").to_timestamp()
        # weekday 3 = Thursday; days to the first Thursday, then two more weeks
        first_thursday = month_start + pd.to_timedelta((3 - month_start.day_of_week) % 7, unit="D")
        return first_thursday + pd.Timedelta(days=14)
    if rule == "mid_month":
        fifteenth = index.to_period("M").to_timestamp() + pd.Timedelta(days=14)
        return fifteenth + pd.offsets.BDay(0)
    if rule == "weekly_thursday":
        # out on Wednesday when the Thursday is a federal holiday (Thanksgiving, New Year's Day)
        thursdays = index + pd.Timedelta(days=5)
        on_holiday = thursdays.isin(_federal_holidays())
        return thursdays.where(~on_holiday, thursdays - pd.Timedelta(days=1))
    if rule == "weekly_thursday_from_wednesday":
        return index + pd.Timedelta(days=1)
    match = _LAG.match(rule)
    if match:
        return _period_end(index, frequency) + pd.Timedelta(days=int(match.group(1)))
    raise ValueError(f"unknown release rule {rule!r}")


def published_as_of(
    series: pd.Series, rule: str, frequency: str, as_of: pd.Timestamp | None
) -> pd.Series:
    """The part of ``series`` that was public on ``as_of`` (everything when ``as_of`` is None)."""
    if as_of is None or series.empty:
        return series
    released = release_dates(series.index, rule, frequency)
    return series[released <= pd.Timestamp(as_of)]
