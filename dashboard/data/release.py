"""Release rules: when a value dated ``t`` becomes public.

Macro data is dated by its reference period, not by when anyone could know it. These rules map
each observation date to its release date so that as-of queries (``--as-of``, the Overview's
date picker) see only what was published by then. They follow the publishers' calendars; with a
FRED key, ALFRED vintages give the exact first releases.

Every rule uses one calendar of publishing days (:func:`business_days`): weekdays that are not
US federal holidays (pandas' ``USFederalHolidayCalendar``: New Year's Day, MLK Day, Presidents'
Day, Memorial Day, Juneteenth from 2021, Independence Day, Labor Day, Columbus Day, Veterans
Day, Thanksgiving, Christmas, each on its observed day) and not a day the federal government
closed by executive order (``FEDERAL_CLOSURES``: national days of mourning). A release that
would fall on another day moves to the next publishing day, except jobless claims, which the
Labor Department brings forward to the day before.

==================================  =============================================================
rule                                release date of an observation dated ``t``
==================================  =============================================================
``close``                           ``t`` (a market close is known at the end of its session)
``next_day``                        the next publishing day after ``t`` (H.15 daily rates)
``third_thursday``                  the third Thursday of ``t``'s month (Philadelphia Fed
                                    survey; Juneteenth 2025 -> Friday 2025-06-20)
``mid_month``                       the 15th of ``t``'s month, or the next publishing day
                                    (Empire State; 2026-02-15 is a Sunday and 02-16 Presidents'
                                    Day -> Tuesday 2026-02-17)
``weekly_thursday``                 ``t`` + 5 days: the Thursday after a week ending Saturday
                                    (the publishing day before, when that Thursday is closed)
``weekly_thursday_from_wednesday``  ``t`` + 1 day: ICI totals as of Wednesday, out on Thursday
``h6_weekly``                       the H.6 money stock release, weeks ending Monday: until
                                    2021-02-23 weekly, on the Thursday 10 days after the week;
                                    since then monthly, on the fourth Tuesday of the month after
                                    the week's month (WRMFNS)
``z1_quarterly``                    the Z.1 Financial Accounts: the second Thursday of the
                                    third month after the quarter; the fourth Thursday of
                                    September for Q2 (the annual revision has come as late as
                                    the 20th); the verified dates in ``Z1_RELEASES`` win
``lag_<N>d``                        the end of ``t``'s period (month, quarter) + N calendar days,
                                    or the next publishing day
==================================  =============================================================
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import pandas as pd
from pandas.tseries.holiday import USFederalHolidayCalendar

_LAG = re.compile(r"^lag_(\d+)d$")

#: Days the federal government closed by executive order (national days of mourning for
#: Presidents Reagan, Ford, G.H.W. Bush and Carter); publishers kept them as holidays (claims for
#: the week ending 2025-01-04 came out on Wednesday 2025-01-08).
FEDERAL_CLOSURES: tuple[str, ...] = ("2004-06-11", "2007-01-02", "2018-12-05", "2025-01-09")

#: The H.6 went from weekly (Thursdays) to monthly publication with this release.
H6_MONTHLY_FROM = pd.Timestamp("2021-02-23")

#: Z.1 release dates read from the Federal Reserve's own publications (release cover pages,
#: "next release" notices, ALFRED vintage dates), by the quarter they cover. Other quarters
#: follow the ``z1_quarterly`` rule, which is never earlier than any of these.
Z1_RELEASES: dict[str, str] = {
    "2015Q3": "2015-12-10",
    "2016Q2": "2016-09-16",
    "2016Q3": "2016-12-08",
    "2019Q1": "2019-06-06",
    "2019Q2": "2019-09-20",
    "2019Q4": "2020-03-12",
    "2020Q1": "2020-06-11",
    "2023Q4": "2024-03-07",
    "2024Q4": "2025-03-13",
    "2025Q1": "2025-06-12",
    "2026Q1": "2026-06-11",
}

_MONDAY, _TUESDAY, _THURSDAY = 0, 1, 3


@lru_cache(maxsize=1)
def federal_holidays() -> pd.DatetimeIndex:
    """US federal holidays 1950-2100 plus ``FEDERAL_CLOSURES`` (computed once per process)."""
    holidays = USFederalHolidayCalendar().holidays("1950-01-01", "2100-12-31")
    return holidays.union(pd.DatetimeIndex(FEDERAL_CLOSURES))


@lru_cache(maxsize=1)
def business_days() -> np.busdaycalendar:
    """The publishing-day calendar every rule shares: weekdays minus :func:`federal_holidays`."""
    return np.busdaycalendar(
        weekmask="1111100", holidays=federal_holidays().values.astype("datetime64[D]")
    )


def _days(index: pd.DatetimeIndex) -> np.ndarray:
    return index.values.astype("datetime64[D]")


def _as_index(days: np.ndarray) -> pd.DatetimeIndex:
    return pd.DatetimeIndex(days.astype("datetime64[ns]"))


def roll(index: pd.DatetimeIndex, direction: str = "forward") -> pd.DatetimeIndex:
    """Each date, or the next (``forward``) / previous (``backward``) publishing day."""
    return _as_index(np.busday_offset(_days(index), 0, roll=direction, busdaycal=business_days()))


def _nth_weekday(month_start: pd.DatetimeIndex, weekday: int, n: int) -> pd.DatetimeIndex:
    """The ``n``-th ``weekday`` (0 = Monday) of the month starting at each ``month_start``."""
    first = month_start + pd.to_timedelta((weekday - month_start.day_of_week) % 7, unit="D")
    return first + pd.Timedelta(days=7 * (n - 1))


def _month_start(index: pd.DatetimeIndex, months_after: int = 0) -> pd.DatetimeIndex:
    return (index.to_period("M") + months_after).to_timestamp()


def _period_end(index: pd.DatetimeIndex, frequency: str) -> pd.DatetimeIndex:
    if frequency in ("M", "Q"):
        return index.to_period(frequency).to_timestamp(how="end").normalize()
    return index


def _h6_weekly(index: pd.DatetimeIndex) -> pd.DatetimeIndex:
    weekly = roll(index + pd.Timedelta(days=10))
    monthly = roll(_nth_weekday(_month_start(index, 1), _TUESDAY, 4))
    return weekly.where(weekly < H6_MONTHLY_FROM, monthly)


def z1_rule(index: pd.DatetimeIndex) -> pd.DatetimeIndex:
    """The Z.1 day by rule alone, for quarters without a verified date (see ``z1_quarterly``)."""
    month = (index.to_period("Q").asfreq("M", how="end") + 3).to_timestamp()
    second = _nth_weekday(month, _THURSDAY, 2)
    # Q2 figures come in September with the annual revision, later than the usual day
    fourth = _nth_weekday(month, _THURSDAY, 4)
    return roll(pd.DatetimeIndex(np.where(month.month == 9, fourth, second)))


@lru_cache(maxsize=1)
def _z1_known() -> dict[pd.Period, pd.Timestamp]:
    return {pd.Period(q, "Q"): pd.Timestamp(day) for q, day in Z1_RELEASES.items()}


def _z1_quarterly(index: pd.DatetimeIndex) -> pd.DatetimeIndex:
    known = _z1_known()
    verified = pd.DatetimeIndex([known.get(q, pd.NaT) for q in index.to_period("Q")])
    return pd.DatetimeIndex(np.where(verified.isna(), z1_rule(index), verified))


def release_dates(index: pd.DatetimeIndex, rule: str, frequency: str) -> pd.DatetimeIndex:
    """Release date for each observation date in ``index`` under ``rule``."""
    index = pd.DatetimeIndex(index)
    if rule == "close":
        return index
    if rule == "next_day":
        return _as_index(
            np.busday_offset(_days(index), 1, roll="forward", busdaycal=business_days())
        )
    if rule == "third_thursday":
        return roll(_nth_weekday(_month_start(index), _THURSDAY, 3))
    if rule == "mid_month":
        return roll(_month_start(index) + pd.Timedelta(days=14))
    if rule == "weekly_thursday":
        # the Labor Department brings claims forward when the Thursday is closed (Thanksgiving)
        return roll(index + pd.Timedelta(days=5), "backward")
    if rule == "weekly_thursday_from_wednesday":
        return roll(index + pd.Timedelta(days=1))
    if rule == "h6_weekly":
        return _h6_weekly(index)
    if rule == "z1_quarterly":
        return _z1_quarterly(index)
    match = _LAG.match(rule)
    if match:
        return roll(_period_end(index, frequency) + pd.Timedelta(days=int(match.group(1))))
    raise ValueError(f"unknown release rule {rule!r}")


def published_as_of(
    series: pd.Series, rule: str, frequency: str, as_of: pd.Timestamp | None
) -> pd.Series:
    """The part of ``series`` that was public on ``as_of`` (everything when ``as_of`` is None)."""
    if as_of is None or series.empty:
        return series
    released = release_dates(series.index, rule, frequency)
    return series[released <= pd.Timestamp(as_of)]
