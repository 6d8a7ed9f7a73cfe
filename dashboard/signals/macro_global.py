"""Global green shoots: real GDP growth abroad, copper, the dollar and US real yields.

Pure functions on pandas series (no Streamlit, no I/O). Every value at date ``t`` uses only
observations up to ``t``; point-in-time cuts (what was *published* by an as-of date) are made
before these functions are called (:func:`dashboard.data.release.published_as_of`), and
:func:`release_status` says how current the newest published observation is.

Formulas (``L`` a quarterly level, ``X`` a daily value, ``n`` a number of observations)
-----------------------------------------------------------------------------------------
==========================  ==============================================  ==================
function                    value at ``t``                                  units
==========================  ==============================================  ==================
``qoq_growth``              ``100 * (L_q / L_{q-1} - 1)``; NaN when the     % q/q
                            previous quarter is missing (no gap-spanning)
``annualized_qoq``          ``100 * ((1 + g / 100) ** 4 - 1)``              % a year (SAAR)
``yoy_growth``              ``100 * (L_q / L_{q-4} - 1)`` (4 quarters back   % y/y
                            on the calendar, not 4 observations)
``level_change``            ``X_t - X_{t-n}`` over ``n`` observations       units of X (pp
                                                                            for a yield)
``pct_change``              :func:`dashboard.signals.relative.period_return` %
``copper_usd_per_tonne``    ``HG=F (USD/lb) * 2204.62262``                  USD/t
==========================  ==============================================  ==================

Staleness
---------
A quarterly GDP series is *current* at an as-of date when its newest observation is the
quarter the release rule says should be out by then (``expected``); one missing release is
tolerated (publishers slip, our rules approximate their calendars) and named; ``max_behind``
(default 1) or more missing quarters beyond that make the series *stale*: the scorecard does not
pass a years-old print off as today's growth.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.data import catalog
from dashboard.data.release import release_dates
from dashboard.signals._checks import positive_int, prices
from dashboard.signals.relative import period_return

#: Pounds per metric tonne (1 lb = 0.45359237 kg exactly).
LB_PER_TONNE = 1000.0 / 0.45359237
#: Quarterly series that may lag the expected quarter by this many releases and still count.
DEFAULT_MAX_BEHIND = 1
#: The 20-session horizon of the ``real_yields`` claim.
REAL_YIELD_SESSIONS = 20
#: Sessions over which the broad dollar's change is shown (the same horizon as real yields).
DOLLAR_SESSIONS = 20

GERMANY = "CLVMNACSCAB1GQDE"
UK = "NGDPRSAXDCGBQ"
GDP_COUNTRIES: dict[str, str] = {GERMANY: "Germany", UK: "UK"}
COPPER_MONTHLY = "PCOPPUSDM"
COPPER_FUTURES = "HG=F"
DOLLAR = "DTWEXBGS"
REAL_YIELD = "DFII10"


def quarter_label(when: pd.Timestamp) -> str:
    """``2025-07-01`` -> ``2025Q3``."""
    ts = pd.Timestamp(when)
    return f"{ts.year}Q{ts.quarter}"


def _quarterly(levels: pd.Series, name: str) -> pd.Series:
    s = prices(levels, name)
    # a quarterly series is dated at the start of its quarter; normalise any other day in it
    s.index = s.index.to_period("Q").to_timestamp()
    return s[~s.index.duplicated(keep="last")]


def qoq_growth(levels: pd.Series) -> pd.Series:
    """Quarter-on-quarter growth of a quarterly level, in % (not annualised).

    ``100 * (L_q / L_{q-1} - 1)`` where ``q-1`` is the calendar quarter before ``q``; a quarter
    whose predecessor is missing gets NaN rather than a multi-quarter change. Non-positive levels
    give NaN. Indexed by quarter start.
    """
    s = _quarterly(levels, "levels")
    growth = period_return(s, 1)
    quarter = s.index.year.to_numpy() * 4 + s.index.quarter.to_numpy()  # consecutive integers
    consecutive = np.zeros(len(quarter), dtype=bool)
    consecutive[1:] = quarter[1:] == quarter[:-1] + 1
    return growth.where(consecutive).rename("qoq_pct")


def annualized_qoq(qoq_pct: pd.Series) -> pd.Series:
    """``100 * ((1 + g/100) ** 4 - 1)``: q/q growth compounded to a year (SAAR), in %."""
    g = pd.to_numeric(qoq_pct, errors="coerce").astype("float64")
    return (100.0 * ((1.0 + g / 100.0) ** 4 - 1.0)).rename("saar_pct")


def yoy_growth(levels: pd.Series) -> pd.Series:
    """``100 * (L_q / L_{q-4} - 1)`` with ``q-4`` the same quarter a year earlier, in %."""
    s = _quarterly(levels, "levels")
    base = s.reindex(s.index - pd.DateOffset(years=1))
    base.index = s.index
    return (100.0 * (s / base.where(base > 0) - 1.0)).rename("yoy_pct")


def level_change(values: pd.Series, periods: int) -> pd.Series:
    """``X_t - X_{t-n}`` over ``n = periods`` observations (NaNs dropped first), in the units of
    ``X``: percentage points for a yield."""
    s = prices(values, "values")
    n = positive_int(periods, "periods")
    return (s - s.shift(n)).rename(f"change_{n}")


def session_change(values: pd.Series, series_id: str, periods: int) -> pd.Series:
    """The change a view shows for a daily market series: in percentage points for a rate
    (``kind == "rate"`` in the catalog, e.g. DFII10), in % for anything else (an index)."""
    if catalog.get(series_id).kind == "rate":
        return level_change(values, periods)
    return pct_change(values, periods)


def pct_change(values: pd.Series, periods: int) -> pd.Series:
    """``100 * (X_t / X_{t-n} - 1)`` over ``n`` observations, in % (:func:`period_return`)."""
    return period_return(values, periods).rename(f"pct_{periods}")


def copper_usd_per_tonne(usd_per_lb: pd.Series) -> pd.Series:
    """COMEX copper (HG=F, USD per pound) in USD per metric tonne, the unit of PCOPPUSDM."""
    return (prices(usd_per_lb, "copper") * LB_PER_TONNE).rename("copper_usd_t")


@dataclass(frozen=True, slots=True)
class ReleaseStatus:
    """How current the newest observation of a quarterly series is at an as-of date."""

    last: pd.Timestamp | None  #: newest observation (quarter start) published by as-of
    expected: pd.Timestamp | None  #: newest quarter the release rule says is out by as-of
    behind: int  #: quarters between ``last`` and ``expected`` (0 = current)
    max_behind: int

    @property
    def stale(self) -> bool:
        return self.last is None or self.behind > self.max_behind

    def describe(self) -> str:
        if self.last is None:
            return "no observation published"
        if self.behind <= 0:
            return f"{quarter_label(self.last)} is the latest quarter due"
        quarters = "quarter" if self.behind == 1 else "quarters"
        due = quarter_label(self.expected) if self.expected is not None else "?"
        return f"{self.behind} {quarters} behind ({due} was due by the as-of date)"


def expected_quarter(as_of: pd.Timestamp, rule: str, frequency: str = "Q") -> pd.Timestamp:
    """The newest quarter (start date) whose release under ``rule`` falls on or before ``as_of``."""
    as_of = pd.Timestamp(as_of).normalize()
    # the quarter of as_of and the eight before it, newest first
    candidates = pd.period_range(end=as_of.to_period("Q"), periods=9)[::-1].to_timestamp()
    released = release_dates(candidates, rule, frequency)
    ok = candidates[released <= as_of]
    return ok[0] if len(ok) else candidates[-1]


def release_status(
    levels: pd.Series,
    as_of: pd.Timestamp,
    rule: str,
    *,
    max_behind: int = DEFAULT_MAX_BEHIND,
) -> ReleaseStatus:
    """How far the newest observation of ``levels`` (already cut to ``as_of``) lags the quarter
    the release rule expects to be out by ``as_of``."""
    max_behind = positive_int(max_behind, "max_behind", minimum=0)
    s = prices(levels, "levels")
    expected = expected_quarter(as_of, rule)
    if s.empty:
        return ReleaseStatus(None, expected, 0, max_behind)
    last = s.index[-1].to_period("Q").to_timestamp()
    behind = (expected.to_period("Q") - last.to_period("Q")).n
    return ReleaseStatus(last, expected, max(int(behind), 0), max_behind)


@dataclass(frozen=True, slots=True)
class CountryGrowth:
    """One country's latest published q/q real GDP growth and how current it is."""

    series_id: str
    country: str
    quarter: pd.Timestamp | None  #: the quarter the growth refers to
    growth: float  #: % q/q, NaN when it cannot be computed
    release: ReleaseStatus

    @property
    def usable(self) -> bool:
        return np.isfinite(self.growth) and not self.release.stale

    def describe(self) -> str:
        if self.quarter is None or not np.isfinite(self.growth):
            return f"{self.country} ({self.series_id}): no q/q growth computable ({self.release.describe()})"
        text = f"{self.country} {quarter_label(self.quarter)} {self.growth:+.2f}% q/q"
        if self.release.stale:
            years = (self.release.expected - self.quarter).days / 365.25
            text += f" is STALE: {self.release.describe()}, about {years:.1f} years old"
        elif self.release.behind:
            text += f" ({self.release.describe()})"
        return text


def country_growth(
    series_id: str,
    levels: pd.Series,
    as_of: pd.Timestamp,
    rule: str,
    *,
    country: str | None = None,
    max_behind: int = DEFAULT_MAX_BEHIND,
) -> CountryGrowth:
    """Latest q/q growth of a published-by-``as_of`` level series and its release status."""
    status = release_status(levels, as_of, rule, max_behind=max_behind)
    growth = qoq_growth(levels).dropna()
    name = country or GDP_COUNTRIES.get(series_id, series_id)
    if growth.empty:
        return CountryGrowth(series_id, name, status.last, float("nan"), status)
    quarter = growth.index[-1]
    if status.last is not None and quarter != status.last:
        # the newest quarter has no computable growth (its predecessor is missing)
        return CountryGrowth(series_id, name, status.last, float("nan"), status)
    return CountryGrowth(series_id, name, quarter, float(growth.iloc[-1]), status)


@dataclass(frozen=True, slots=True)
class Change:
    """A change over ``periods`` observations ending on the newest one."""

    value: float  #: NaN when there are not enough observations
    last_date: pd.Timestamp | None
    base_date: pd.Timestamp | None
    last_level: float
    base_level: float
    periods: int


def latest_change(values: pd.Series, periods: int = REAL_YIELD_SESSIONS) -> Change:
    """``X_last - X_{last-n}`` with both dates and levels (for the ``real_yields`` detail)."""
    s = prices(values, "values")
    n = positive_int(periods, "periods")
    if len(s) <= n:
        last = s.index[-1] if len(s) else None
        level = float(s.iloc[-1]) if len(s) else float("nan")
        return Change(float("nan"), last, None, level, float("nan"), n)
    return Change(
        float(s.iloc[-1] - s.iloc[-1 - n]),
        s.index[-1],
        s.index[-1 - n],
        float(s.iloc[-1]),
        float(s.iloc[-1 - n]),
        n,
    )


def gdp_table(levels: pd.Series) -> pd.DataFrame:
    """Level, q/q %, q/q annualised % and y/y % per quarter (for charts and the CSV)."""
    s = _quarterly(levels, "levels")
    qoq = qoq_growth(s)
    return pd.DataFrame(
        {"level": s, "qoq_pct": qoq, "saar_pct": annualized_qoq(qoq), "yoy_pct": yoy_growth(s)}
    )
