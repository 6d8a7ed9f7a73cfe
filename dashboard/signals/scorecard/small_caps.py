"""The small-cap claims: the outperformance streak and the breakout above the 2021 peak."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from dashboard.signals import breakout, streaks
from dashboard.signals.scorecard.framework import (
    Inputs,
    Reading,
    SignalSpec,
    SignalStatus,
    classify,
    public_positions,
)

#: The pair and index the small-cap claims are scored on, and the streak / breakout rules.
STREAK_SMALL, STREAK_BENCH = "IWM", "SPY"
BREAKOUT_INDEX = "^RUT"
BREAKOUT_CUTOFF = pd.Timestamp("2022-01-01")
STREAK_CONFIRMS = 5  #: sessions


def _smallcap_streak(inputs: Inputs) -> Reading:
    result = streaks.compute_streaks(
        inputs[STREAK_SMALL], inputs[STREAK_BENCH], small_name=STREAK_SMALL, bench_name=STREAK_BENCH
    )
    if result.last_date is None or len(result.sessions) < 2:
        return Reading(
            None,
            "unavailable",
            f"{STREAK_SMALL} and {STREAK_BENCH}: fewer than two "
            "common sessions, so no daily return to compare.",
        )
    value = result.current
    status = _streak_status(value)
    detail = f"{streaks.describe_current(result)} {result.alignment.note}"
    rank = result.rank
    if rank is not None and result.current > 0:
        detail += (
            f" Rank {rank} of {len(result.history):,} streaks since "
            f"{result.first_date:%Y-%m-%d} (ties are not outperformance)."
        )
    return Reading(float(value), status, detail, result.last_date.date())


def _streak_status(value: int) -> SignalStatus:
    if value >= STREAK_CONFIRMS:
        return "confirming"
    return "contradicting" if value == 0 else "neutral"


def _streak_history(
    inputs: Inputs, released: Mapping[str, pd.DatetimeIndex], dates: pd.DatetimeIndex
) -> list[Reading | None]:
    """The streak on the last common session on or before each date (closes are public on
    their own session, and a streak only looks back)."""
    result = streaks.compute_streaks(
        inputs[STREAK_SMALL], inputs[STREAK_BENCH], small_name=STREAK_SMALL, bench_name=STREAK_BENCH
    )
    sessions = result.sessions.index
    positions = public_positions(sessions, dates)
    if positions is None:
        return [None] * len(dates)
    streak = result.sessions["streak"].to_numpy()
    return [
        Reading(None, "unavailable")
        if p < 1
        else Reading(float(streak[p]), _streak_status(int(streak[p])), "", sessions[p].date())
        for p in positions
    ]


SMALLCAP_STREAK = SignalSpec(
    id="smallcap_streak",
    short="Small-cap streak",
    title="Small caps beat the market session after session",
    claim="Small caps (IWM) outperformed the S&P 500 (SPY) for 10 consecutive sessions, the "
    "longest streak since 1990.",
    rule=f"Current streak of sessions with IWM's daily return above SPY's (common sessions; "
    f"ties do not count): >= {STREAK_CONFIRMS} confirms, 0 (the last session was not an "
    "outperformance) contradicts, 1-4 is neutral.",
    unit="sessions",
    series=(STREAK_SMALL, STREAK_BENCH),
    compute=_smallcap_streak,
    view="small_caps",
    history=_streak_history,
)


def _smallcap_breakout(inputs: Inputs) -> Reading:
    result = breakout.analyse(inputs[BREAKOUT_INDEX], BREAKOUT_CUTOFF, name=BREAKOUT_INDEX)
    if result.peak is None:
        return Reading(None, "unavailable", result.describe())
    if result.pct_above is None:
        return Reading(None, "unavailable", result.describe())
    return Reading(
        result.pct_above, classify(result.pct_above), result.describe(), result.last_date.date()
    )


def _breakout_history(
    inputs: Inputs, released: Mapping[str, pd.DatetimeIndex], dates: pd.DatetimeIndex
) -> list[Reading | None]:
    """% above the prior peak on the last close on or before each date: the peak is the
    highest close before the cut-off, so on dates after it every later close is judged
    against the same level; before it there is no reading."""
    result = breakout.analyse(inputs[BREAKOUT_INDEX], BREAKOUT_CUTOFF, name=BREAKOUT_INDEX)
    state = result.state
    if result.peak is None:  # no close before the cut-off now, so none on any earlier date
        return [Reading(None, "unavailable")] * len(dates)
    positions = public_positions(state.index, dates)
    if positions is None:
        return [None] * len(dates)
    closes = state["close"].to_numpy()
    out: list[Reading | None] = []
    for p in positions:
        if p < 0 or state.index[p] < BREAKOUT_CUTOFF:
            out.append(Reading(None, "unavailable"))
            continue
        value = float(100.0 * (closes[p] / result.peak - 1.0))
        out.append(Reading(value, classify(value), "", state.index[p].date()))
    return out


SMALLCAP_BREAKOUT = SignalSpec(
    id="smallcap_breakout",
    short="Russell 2000 breakout",
    title="Russell 2000 above its 2021 high",
    claim="The Russell 2000 broke above its November 2021 all-time high.",
    rule=f"% of ^RUT's latest close above its highest close before "
    f"{BREAKOUT_CUTOFF:%Y-%m-%d} (the 2021 peak): above 0 confirms, below 0 contradicts.",
    unit="%",
    series=(BREAKOUT_INDEX,),
    compute=_smallcap_breakout,
    view="small_caps",
    history=_breakout_history,
)

SMALL_CAPS: tuple[SignalSpec, ...] = (SMALLCAP_STREAK, SMALLCAP_BREAKOUT)
