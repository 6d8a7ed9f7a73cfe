"""Money-market-fund liquidity: the level of the "wall of cash", its flows, and whether it turned.

The thesis: money-market-fund (MMF) assets climbed for two years to about $7.8T and started to
fall ($7.72T), cash leaving 4-5% yields for risk assets. These pure functions measure that on any
level series (USD bn by convention; every function is unit-agnostic unless it says otherwise).

Series and which one is "the total"
-----------------------------------
=================  =========  =======  =========================================================
id                 frequency  units    what it is
=================  =========  =======  =========================================================
``MMF_TOTAL``      weekly     USD bn   total MMF assets as ICI reports them (the $7.7T figure);
                                       only from a user file ``MMF_TOTAL.csv`` (or the demo)
``MMF-MMF_TOT-M``  monthly    USD bn   total MMF assets from SEC form N-MFP, keyless from the
                                       OFR's Short-term Funding Monitor (USD, converted)
``MMMFFAQ027S``    quarterly  USD mn   total financial assets of MMFs (Fed Z.1), on FRED;
                                       converted here to USD bn
``WRMFNS``         weekly     USD bn   retail MMF share classes only (Fed H.6): a
                                       high-frequency proxy for flows, never the total
=================  =========  =======  =========================================================

:func:`select_series` picks the best available total, in this order: real ``MMF_TOTAL`` > real
``MMF-MMF_TOT-M`` > real ``MMMFFAQ027S`` > the same three synthetic; ``WRMFNS`` is never the
total. The weekly series for flows is ``MMF_TOTAL`` or ``WRMFNS``, real before synthetic,
``MMF_TOTAL`` first within each group.

Trend horizon by frequency
--------------------------
The total's trend is its % change over the step its frequency allows (:func:`trend_horizon`):
4 weeks for a weekly total, 1 month for a monthly one (the observation of the previous
calendar month: exact, whatever the month's length), 13 weeks for a quarterly one. Every
reading says which horizon it used.

Changes
-------
For a level ``L`` and a horizon of ``k`` weeks, the base ``B_t`` is the observation nearest to
``t - 7k`` days, accepted only within ``tolerance_days`` (default 3) of it; otherwise the change
at ``t`` is NaN (a gap in the data never silently stretches a 4-week change to 5 weeks)::

    change_k(t)     = L_t - B_t                                  (units of L)
    pct_change_k(t) = 100 * (L_t / B_t - 1)                      (%)
    annualized_k(t) = 100 * ((L_t / B_t) ** (52 / k) - 1)        (% a year)

The tolerance lets a 13-week change work on quarterly data dated at quarter starts (quarters
are 90-92 days apart, 13 weeks are 91 days). Weekly flows are the 1-week changes (for MMF assets
they include reinvested yield, about 0.08% a week at 4%; they are asset changes, not ICI's
net new money).

Flow z-score
------------
``z_t = (f_t - mean(f over the previous window)) / std(f over the previous window)`` with
``window = 52`` observations (at least ``min_periods = 26``): how unusual this week's flow is
against the past year, which excludes the week itself.

Turning point
-------------
A turn is a running peak followed by a sustained decline. The running peak ``P_t`` is the
highest level observed up to ``t`` (its date is the latest date the level stood there). A turn
is *detected* at the first date ``t`` at which the level has stayed at least
``min_decline_pct`` (default 1.0%) below the running peak on every observation for at least
``min_weeks`` (default 4) weeks, counted from the first observation of that run. A new high
resets the peak. Both dates are exposed: the peak date (known only in hindsight) and the
detection date (the first date the rule could say so); a signal at ``t`` uses only data up to
``t``. The defaults make the thesis' move ($7.8T to $7.72T, -1.03%) a turn once it has held for
four weeks, while a tax-season dip that recovers within a month is not.

Lead-lag against small caps
---------------------------
Does an outflow precede small-cap outperformance? With weekly flows ``f_t`` (% change) and the
weekly relative return of IWM against SPY ``r_t`` (% change of the IWM/SPY price ratio over the
week ending ``t``), the profile is ``corr(f_t, r_{t+k})`` for lags ``k = 0 .. max_lag`` weeks
(default 13): the flow in week ``t`` against relative performance ``k`` weeks later. A negative
correlation at ``k > 0`` means outflows preceded outperformance; the lag with the most negative
correlation is reported with its number of pairs and the sample dates. This is a historical,
whole-sample description (it pairs each week with later ones by design), not a signal value;
``+-1.96 / sqrt(n)`` is the rough 95% band of a zero correlation.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from dashboard.signals._checks import positive_int, prices
from dashboard.signals._dates import (
    DAY_NS,
    as_ns,
    nearest,
    nearest_positions,
    pad_positions,
    values_at,
)

MMF_TOTAL = "MMF_TOTAL"
MONTHLY_TOTAL = "MMF-MMF_TOT-M"
QUARTERLY_TOTAL = "MMMFFAQ027S"
RETAIL_PROXY = "WRMFNS"
#: The totals, best first (before real-vs-synthetic ranking).
TOTAL_IDS: tuple[str, ...] = (MMF_TOTAL, MONTHLY_TOTAL, QUARTERLY_TOTAL)
MMF_IDS: tuple[str, ...] = (*TOTAL_IDS, RETAIL_PROXY)
FREQUENCY: dict[str, str] = {
    MMF_TOTAL: "W",
    MONTHLY_TOTAL: "M",
    QUARTERLY_TOTAL: "Q",
    RETAIL_PROXY: "W",
}
NO_TOTAL = (
    "No money-market-fund total published by the as-of date: none of MMF_TOTAL (weekly, a user "
    "file), MMF-MMF_TOT-M (OFR monthly) or MMMFFAQ027S (Z.1 quarterly) is loaded. WRMFNS is "
    "retail only, not the total, so it is not used here."
)
#: Price series for the small-cap relative-performance comparison.
SMALL_CAPS, LARGE_CAPS = "IWM", "SPY"

#: Units of each MMF series as loaded, and the factor that turns them into USD bn.
TO_USD_BN: dict[str, float] = {
    MMF_TOTAL: 1.0,
    MONTHLY_TOTAL: 1.0,
    QUARTERLY_TOTAL: 1e-3,
    RETAIL_PROXY: 1.0,
}

DEFAULT_TOLERANCE_DAYS = 3
DEFAULT_HORIZONS: tuple[int, ...] = (1, 4, 13)
DEFAULT_MIN_DECLINE_PCT = 1.0
DEFAULT_MIN_WEEKS = 4
DEFAULT_Z_WINDOW = 52
DEFAULT_Z_MIN_PERIODS = 26
DEFAULT_MAX_LAG = 13
DEFAULT_MIN_PAIRS = 26


def _nearest(values: pd.Series, targets: pd.DatetimeIndex, tolerance_days: int) -> pd.Series:
    """``values`` at the observation nearest to each target date (within the tolerance), else NaN;
    indexed by ``targets``."""
    positions = nearest_positions(values.index, targets, pd.Timedelta(days=tolerance_days))
    name = values.name if len(values) else None
    return pd.Series(values_at(values.to_numpy(), positions), index=targets, name=name)


# --- changes ------------------------------------------------------------------------------------
def value_weeks_ago(
    level: pd.Series, weeks: int, *, tolerance_days: int = DEFAULT_TOLERANCE_DAYS
) -> pd.Series:
    """The base ``B_t``: the level at the observation nearest to ``t - 7 * weeks`` days, NaN when
    no observation lies within ``tolerance_days`` of that date. Indexed like ``level``."""
    s = prices(level)
    weeks = positive_int(weeks, "weeks")
    tolerance_days = positive_int(tolerance_days, "tolerance_days", minimum=0)
    if tolerance_days >= 7 * weeks / 2:
        raise ValueError("tolerance_days must be less than half the horizon")
    base = _nearest(s, s.index - pd.Timedelta(days=7 * weeks), tolerance_days)
    base.index = s.index
    return base


def change(
    level: pd.Series, weeks: int = 1, *, tolerance_days: int = DEFAULT_TOLERANCE_DAYS
) -> pd.Series:
    """``L_t - B_t`` over ``weeks`` weeks, in the units of ``level`` (see the module docstring)."""
    s = prices(level)
    out = s - value_weeks_ago(s, weeks, tolerance_days=tolerance_days)
    return out.rename(f"change_{weeks}w")


def pct_change(
    level: pd.Series, weeks: int = 1, *, tolerance_days: int = DEFAULT_TOLERANCE_DAYS
) -> pd.Series:
    """``100 * (L_t / B_t - 1)`` over ``weeks`` weeks, in % (NaN where the base is not > 0)."""
    s = prices(level)
    base = value_weeks_ago(s, weeks, tolerance_days=tolerance_days)
    out = 100.0 * (s / base.where(base > 0) - 1.0)
    return out.rename(f"pct_{weeks}w")


def annualized_growth(
    level: pd.Series, weeks: int = 13, *, tolerance_days: int = DEFAULT_TOLERANCE_DAYS
) -> pd.Series:
    """``100 * ((L_t / B_t) ** (52 / weeks) - 1)``: the ``weeks``-week growth compounded to a
    year, in % a year (NaN where the level or the base is not > 0)."""
    s = prices(level)
    base = value_weeks_ago(s, weeks, tolerance_days=tolerance_days)
    ratio = s.where(s > 0) / base.where(base > 0)
    out = 100.0 * (ratio ** (52.0 / weeks) - 1.0)
    return out.rename(f"annualized_{weeks}w")


def pct_change_months(level: pd.Series, months: int = 1) -> pd.Series:
    """``100 * (L_t / B_t - 1)`` with ``B_t`` the (last) observation of the calendar month
    ``months`` before ``t``'s month, in % (NaN when that month has no observation)."""
    s = prices(level)
    months = positive_int(months, "months")
    periods = s.index.to_period("M")
    by_month = pd.Series(s.to_numpy(), index=periods).groupby(level=0).last()
    base = by_month.reindex(periods - months).to_numpy()
    out = 100.0 * (s / pd.Series(base, index=s.index).where(lambda b: b > 0) - 1.0)
    return out.rename(f"pct_{months}m")


@dataclass(frozen=True, slots=True)
class Horizon:
    """The step a total's trend is measured over, given its frequency."""

    frequency: str
    weeks: int = 0  #: horizon in weeks (weekly and quarterly data)
    months: int = 0  #: horizon in calendar months (monthly data)

    @property
    def span(self) -> str:
        """``4 weeks``, ``1 month``, ``13 weeks``."""
        if self.months:
            return f"{self.months} month{'s' if self.months != 1 else ''}"
        return f"{self.weeks} weeks"

    @property
    def label(self) -> str:
        """``4-week``, ``1-month``, ``13-week``: for a card title."""
        return f"{self.months}-month" if self.months else f"{self.weeks}-week"

    @property
    def rule(self) -> str:
        """Which rule applied, in words."""
        kind = {"W": "weekly", "M": "monthly", "Q": "quarterly"}.get(self.frequency, "")
        return f"{self.span} change: the rule for {kind} data".strip()


HORIZONS: dict[str, Horizon] = {
    "W": Horizon("W", weeks=4),
    "M": Horizon("M", months=1),
    "Q": Horizon("Q", weeks=13),
}


def trend_horizon(frequency: str) -> Horizon:
    """The trend step for data of ``frequency`` (W, M or Q; see the module docstring)."""
    try:
        return HORIZONS[frequency]
    except KeyError:
        raise ValueError(f"no trend horizon for frequency {frequency!r}") from None


def horizon_pct_change(level: pd.Series, horizon: Horizon) -> pd.Series:
    """The % change of ``level`` over ``horizon`` at each date."""
    if horizon.months:
        return pct_change_months(level, horizon.months)
    return pct_change(level, horizon.weeks)


def horizon_change(level: pd.Series, horizon: Horizon) -> pd.Series:
    """The change of ``level`` over ``horizon`` at each date, in the units of ``level``."""
    pct = horizon_pct_change(level, horizon)
    s = prices(level)
    return (s - s / (1.0 + pct / 100.0)).rename(f"change_{horizon.label}")


@np.errstate(all="ignore")  # as pandas arithmetic: inf and NaN, no warnings
def change_table(
    level: pd.Series,
    horizons: Sequence[int] = DEFAULT_HORIZONS,
    *,
    tolerance_days: int = DEFAULT_TOLERANCE_DAYS,
) -> pd.DataFrame:
    """The level and, per horizon ``k``, ``change_kw`` (level units) and ``pct_kw`` (%), plus
    ``annualized_13w`` (% a year) when 13 is among the horizons."""
    s = prices(level)
    values = s.to_numpy()
    columns: dict[str, pd.Series | np.ndarray] = {"level": s}
    for k in horizons:
        # change() and pct_change() on one lookup of the base B_t per horizon
        base = value_weeks_ago(s, k, tolerance_days=tolerance_days).to_numpy()
        columns[f"change_{k}w"] = values - base
        columns[f"pct_{k}w"] = 100.0 * (values / np.where(base > 0, base, np.nan) - 1.0)
    if 13 in horizons:
        columns["annualized_13w"] = annualized_growth(s, 13, tolerance_days=tolerance_days)
    return pd.DataFrame(columns, index=s.index)


def flow_zscore(
    flows: pd.Series,
    window: int = DEFAULT_Z_WINDOW,
    *,
    min_periods: int = DEFAULT_Z_MIN_PERIODS,
) -> pd.Series:
    """``(f_t - mean) / std`` of the previous ``window`` flows (excluding ``t``; sample std),
    NaN until ``min_periods`` earlier flows exist or when they do not vary. Dimensionless."""
    s = prices(flows, "flows")
    window = positive_int(window, "window", minimum=2)
    min_periods = positive_int(min_periods, "min_periods", minimum=2)
    if min_periods > window:
        raise ValueError("min_periods must not exceed window")
    past = s.shift(1).rolling(window, min_periods=min_periods)
    std = past.std()
    z = (s - past.mean()) / std.where(std > 0)
    return z.rename("flow_z")


# --- turning points -----------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Turn:
    """One detected turn: the peak (dated in hindsight) and when the rule first confirmed it."""

    peak_date: pd.Timestamp
    peak: float
    crossed: pd.Timestamp  #: first observation of the run at least ``min_decline_pct`` below
    detected: pd.Timestamp  #: first date the rule confirms the turn (later than the peak)
    level: float  #: the level on the detection date
    decline_pct: float  #: 100 * (level / peak - 1) on the detection date (negative)

    @property
    def weeks_to_detect(self) -> float:
        return (self.detected - self.peak_date).days / 7.0


@dataclass(frozen=True, slots=True)
class TurnAnalysis:
    """Per-date state and the list of detected turns (see :func:`detect_turns`)."""

    state: pd.DataFrame
    turns: tuple[Turn, ...]
    min_decline_pct: float
    min_weeks: int

    @property
    def latest(self) -> pd.Series | None:
        """The state on the last date (None for an empty series)."""
        return None if self.state.empty else self.state.iloc[-1]

    @property
    def pending(self) -> tuple[pd.Timestamp, pd.Timestamp] | None:
        """``(below_since, confirms_on)`` when the level is in a decline run that is not yet a
        turn: the turn is confirmed on the first observation on or after ``confirms_on`` if the
        level stays at least ``min_decline_pct`` below the peak until then."""
        latest = self.latest
        if latest is None or bool(latest["turned"]) or pd.isna(latest["below_since"]):
            return None
        since = pd.Timestamp(latest["below_since"])
        return since, since + pd.Timedelta(days=7 * self.min_weeks)

    @property
    def current_turn(self) -> Turn | None:
        """The turn confirmed for the current running peak, if any."""
        latest = self.latest
        if latest is None or not bool(latest["turned"]) or not self.turns:
            return None
        return self.turns[-1]


@np.errstate(all="ignore")  # as pandas arithmetic: inf and NaN, no warnings
def detect_turns(
    level: pd.Series,
    *,
    min_decline_pct: float = DEFAULT_MIN_DECLINE_PCT,
    min_weeks: int = DEFAULT_MIN_WEEKS,
) -> TurnAnalysis:
    """Running peak, drawdown and turn detection (see the module docstring for the rule).

    ``state`` columns, one row per observation, each using only data up to that date:
    ``level``; ``peak`` (running peak, level units); ``peak_date``; ``drawdown_pct``
    (``100 * (level / peak - 1)``, <= 0); ``weeks_since_peak``; ``below_since`` (first date of
    the current run at least ``min_decline_pct`` below the peak, NaT outside a run: a turn is
    pending until that run has lasted ``min_weeks``); ``turned`` (a turn has been confirmed for
    the current running peak). ``turns`` lists every detection.
    """
    s = prices(level)
    if not (isinstance(min_decline_pct, int | float) and 0 < min_decline_pct < 100):
        raise ValueError(f"min_decline_pct must be in (0, 100), got {min_decline_pct!r}")
    min_weeks = positive_int(min_weeks, "min_weeks", minimum=0)
    threshold = 1.0 - min_decline_pct / 100.0
    confirm = pd.Timedelta(days=7 * min_weeks)

    # Vectorised (the loop it replaces is the reference in the tests): segments run from one
    # running peak to the next; a run is consecutive observations far enough below the peak.
    dates = s.index
    values = s.to_numpy()
    position = np.arange(len(values))
    peaks = np.maximum.accumulate(values) if len(values) else values
    is_peak = values >= peaks  # a new high, or equal to it: the peak's date moves on
    peak_pos = np.maximum.accumulate(np.where(is_peak, position, 0)) if len(values) else position
    below = ~is_peak & (peaks > 0) & (values <= peaks * threshold)
    starts = below & ~np.r_[False, below[:-1]]
    run_pos = np.maximum.accumulate(np.where(starts, position, -1)) if len(values) else position
    stamps = dates.to_numpy(dtype="datetime64[ns]")
    run_starts = np.where(below, stamps[np.maximum(run_pos, 0)], np.datetime64("NaT"))
    held = below & (stamps - stamps[np.maximum(run_pos, 0)] >= confirm.to_timedelta64())
    held_so_far = np.cumsum(held)
    in_segment = held_so_far - held_so_far[peak_pos]  # held is False at the peak itself
    turned = in_segment > 0
    peak_dates = stamps[peak_pos]
    turns = tuple(
        Turn(
            peak_date=pd.Timestamp(peak_dates[i]),
            peak=float(peaks[i]),
            crossed=pd.Timestamp(run_starts[i]),
            detected=dates[i],
            level=float(values[i]),
            decline_pct=float(100.0 * (values[i] / peaks[i] - 1.0)),
        )
        for i in np.flatnonzero(held & (in_segment == 1))
    )

    day = np.timedelta64(1, "D")
    state = pd.DataFrame(
        {
            "level": values,
            "peak": peaks,
            "peak_date": pd.DatetimeIndex(peak_dates),
            "drawdown_pct": 100.0 * (values / np.where(peaks > 0, peaks, np.nan) - 1),
            "weeks_since_peak": ((stamps - peak_dates) // day) / 7.0,  # whole days, as .dt.days
            "below_since": pd.DatetimeIndex(run_starts),
            "turned": turned,
        },
        index=dates,
    )
    return TurnAnalysis(
        state=state, turns=turns, min_decline_pct=float(min_decline_pct), min_weeks=min_weeks
    )


# --- lead-lag against small-cap relative performance ----------------------------------------------
def weekly_relative_return(
    numerator: pd.Series, denominator: pd.Series, dates: pd.DatetimeIndex, weeks: int = 1
) -> pd.Series:
    """Relative return of ``numerator`` against ``denominator`` over the ``weeks`` weeks ending
    at each date in ``dates``, in %: ``100 * (R_t / R_{t-7w days} - 1)`` with
    ``R = numerator / denominator``, each price taken at the last close on or before the date
    (never after). NaN where either price has no observation in the 7 days up to a date."""
    num, den = prices(numerator, "numerator"), prices(denominator, "denominator")
    weeks = positive_int(weeks, "weeks")
    dates = pd.DatetimeIndex(dates)

    def at(prices: pd.Series, when: pd.DatetimeIndex) -> np.ndarray:
        positions = pad_positions(prices.index, when, pd.Timedelta(days=6))
        return values_at(prices.to_numpy(), positions)

    before = dates - pd.Timedelta(days=7 * weeks)
    ratio_now = at(num, dates) / at(den, dates)
    ratio_then = at(num, before) / at(den, before)
    return pd.Series(100.0 * (ratio_now / ratio_then - 1.0), index=dates, name=f"relative_{weeks}w")


@dataclass(frozen=True, slots=True)
class LeadLag:
    """Lead-lag profile of weekly flows against later relative returns."""

    profile: pd.DataFrame  #: index lag (weeks); columns correlation, pairs, band, first, last
    best_lag: int | None  #: lag of the most negative correlation (None: too few pairs)
    best_correlation: float | None
    best_pairs: int  #: number of (flow, later relative return) pairs at the best lag
    sample_start: pd.Timestamp | None  #: first and last flow dates paired at the best lag
    sample_end: pd.Timestamp | None
    min_pairs: int

    @property
    def outside_band(self) -> bool:
        """Whether the best correlation lies outside the rough 95% band of zero."""
        if self.best_lag is None or self.best_correlation is None:
            return False
        return abs(self.best_correlation) > float(self.profile.loc[self.best_lag, "band"])


def lead_lag(
    flows: pd.Series,
    relative: pd.Series,
    *,
    max_lag: int = DEFAULT_MAX_LAG,
    min_pairs: int = DEFAULT_MIN_PAIRS,
    tolerance_days: int = DEFAULT_TOLERANCE_DAYS,
    two_sided: bool = False,
) -> LeadLag:
    """``corr(f_t, r_{t+k})`` for ``k = 0 .. max_lag`` weeks (Pearson); with ``two_sided``
    for ``k = -max_lag .. max_lag`` (``k < 0``: the relative return came ``-k`` weeks before
    the flow).

    ``r_{t+k}`` is the relative return at the observation nearest ``t + 7k`` days (within
    ``tolerance_days``), so gaps drop pairs instead of shifting them. Lags with fewer than
    ``min_pairs`` pairs get a NaN correlation. ``band`` is ``1.96 / sqrt(pairs)``; ``first`` and
    ``last`` are the first and last flow dates paired at that lag.
    """
    f, r = prices(flows, "flows"), prices(relative, "relative")
    max_lag = positive_int(max_lag, "max_lag", minimum=0)
    min_pairs = positive_int(min_pairs, "min_pairs", minimum=3)
    tolerance = tolerance_days * DAY_NS
    flow, relative_values = f.to_numpy(), r.to_numpy()
    flow_dates, relative_dates = as_ns(f.index), as_ns(r.index)
    rows = []
    for k in range(-max_lag if two_sided else 0, max_lag + 1):
        positions = nearest(relative_dates, flow_dates + 7 * k * DAY_NS, tolerance)
        paired = positions >= 0  # both values are finite: prices() dropped the rest
        pairs = int(paired.sum())
        x, y = flow[paired], relative_values[positions[paired]]
        corr = float("nan")
        if pairs >= min_pairs and np.std(x, ddof=1) > 0 and np.std(y, ddof=1) > 0:
            corr = float(np.corrcoef(x, y)[0, 1])
        ends = f.index[np.flatnonzero(paired)[[0, -1]]] if pairs else None
        rows.append(
            {
                "lag": k,
                "correlation": corr,
                "pairs": pairs,
                "band": 1.96 / math.sqrt(pairs) if pairs else float("nan"),
                "first": ends[0] if pairs else pd.NaT,
                "last": ends[-1] if pairs else pd.NaT,
            }
        )
    profile = pd.DataFrame(rows).set_index("lag")
    valid = profile["correlation"].dropna()
    if valid.empty:
        return LeadLag(profile, None, None, 0, None, None, min_pairs)
    best = int(valid.idxmin())
    return LeadLag(
        profile=profile,
        best_lag=best,
        best_correlation=float(valid[best]),
        best_pairs=int(profile.loc[best, "pairs"]),
        sample_start=profile.loc[best, "first"],
        sample_end=profile.loc[best, "last"],
        min_pairs=min_pairs,
    )


# --- which series is the total ------------------------------------------------------------------
Frequency = Literal["W", "M", "Q"]


@dataclass(frozen=True, slots=True)
class MmfSeries:
    """One MMF series as the view uses it: values in USD bn and what they are."""

    series_id: str
    values: pd.Series  #: USD bn
    frequency: Frequency
    is_total: bool  #: False for the retail proxy
    synthetic: bool
    description: str  #: plain words: what it is and where it came from


@dataclass(frozen=True, slots=True)
class MmfSelection:
    """The best available total and the weekly series used for flows (either may be None)."""

    total: MmfSeries | None
    weekly: MmfSeries | None
    note: str  #: why these were chosen, or why nothing could be


def describe(series_id: str, *, synthetic: bool | None, origin: str = "") -> str:
    """What an MMF series is, in the words the page and the scorecard use (``synthetic=None``:
    provenance unknown, so nothing is said about where it came from)."""
    if series_id == MMF_TOTAL:
        what = "MMF total assets, weekly, USD bn"
    elif series_id == MONTHLY_TOTAL:
        what = "MMF total assets, monthly (SEC form N-MFP), converted to USD bn"
    elif series_id == QUARTERLY_TOTAL:
        what = "MMF total financial assets, quarterly (Z.1), converted to USD bn"
    elif series_id == RETAIL_PROXY:
        what = "Retail MMF assets, weekly (H.6), USD bn, a proxy and not the total"
    else:
        raise KeyError(series_id)
    if synthetic is None:
        return what
    if synthetic:
        where = "synthetic demo series"
    elif series_id == MMF_TOTAL:
        where = "user-supplied file"
    elif series_id == MONTHLY_TOTAL:
        where = "Office of Financial Research (OFR)"
    else:
        where = "Federal Reserve via FRED"
    return f"{what}: {where}" + (f" ({origin})" if origin and not synthetic else "")


def select_series(
    series: Mapping[str, pd.Series],
    synthetic: Collection[str] | None = None,
    origins: Mapping[str, str] | None = None,
) -> MmfSelection:
    """Choose the total and the weekly flow series from what is loaded.

    ``series`` maps ids to loaded values (in their catalog units); ``synthetic`` names the ids
    that are demo data (None: provenance unknown, every series ranks as real and descriptions
    say nothing about their origin); ``origins`` optionally names where each came from.
    Precedence (see the module docstring): real ``MMF_TOTAL`` > real ``MMF-MMF_TOT-M`` > real
    ``MMMFFAQ027S`` > the same synthetic; ``WRMFNS`` is never the total.
    """
    origins = origins or {}
    known = synthetic is not None
    synthetic = synthetic or ()
    present: dict[str, pd.Series] = {}
    for sid, values in series.items():
        if sid in TO_USD_BN and values is not None:
            clean = prices(values, sid)
            if not clean.empty:
                present[sid] = clean * TO_USD_BN[sid]

    def make(sid: str) -> MmfSeries:
        fake = sid in synthetic
        return MmfSeries(
            series_id=sid,
            values=present[sid].rename(sid),
            frequency=FREQUENCY[sid],
            is_total=sid != RETAIL_PROXY,
            synthetic=fake,
            description=describe(
                sid, synthetic=fake if known else None, origin=origins.get(sid, "")
            ),
        )

    def ranked(ids: Sequence[str]) -> list[str]:
        """Present ids, real ones first, keeping the given order within each group."""
        here = [sid for sid in ids if sid in present]
        return [s for s in here if s not in synthetic] + [s for s in here if s in synthetic]

    totals = ranked(TOTAL_IDS)
    total = make(totals[0]) if totals else None
    weeklies = ranked((MMF_TOTAL, RETAIL_PROXY))
    weekly = make(weeklies[0]) if weeklies else None

    if total is None and weekly is None:
        note = f"No MMF series could be loaded ({', '.join(MMF_IDS)})."
    elif total is None:
        note = (
            f"No total is available ({', '.join(TOTAL_IDS)}); {weekly.series_id} is retail only: "
            "it shows flows, not the size of the wall of cash."
        )
    else:
        note = f"Total: {total.description}."
        if weekly is not None and weekly.series_id != total.series_id:
            note += f" Weekly flows: {weekly.description}."
        if len(totals) > 1:
            note += f" Also loaded, not used as the total: {', '.join(totals[1:])}."
    return MmfSelection(total=total, weekly=weekly, note=note)
