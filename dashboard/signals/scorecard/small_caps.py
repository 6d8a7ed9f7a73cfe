"""The small-cap claims: the outperformance streak and the breakout above the 2021 peak."""

from __future__ import annotations

import pandas as pd

from dashboard.signals import breakout, streaks
from dashboard.signals.scorecard.framework import (
    Inputs,
    Reading,
    SignalSpec,
    SignalStatus,
    classify,
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
    if value >= STREAK_CONFIRMS:
        status: SignalStatus = "confirming"
    elif value == 0:
        status = "contradicting"
    else:
        status = "neutral"
    detail = f"{streaks.describe_current(result)} {result.alignment.note}"
    rank = result.rank
    if rank is not None and result.current > 0:
        detail += (
            f" Rank {rank} of {len(result.history):,} streaks since "
            f"{result.first_date:%Y-%m-%d} (ties are not outperformance)."
        )
    return Reading(float(value), status, detail, result.last_date.date())


SMALLCAP_STREAK = SignalSpec(
    id="smallcap_streak",
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


SMALLCAP_BREAKOUT = SignalSpec(
    id="smallcap_breakout",
    title="Russell 2000 above its 2021 high",
    claim="The Russell 2000 broke above its November 2021 all-time high.",
    rule=f"% of ^RUT's latest close above its highest close before "
    f"{BREAKOUT_CUTOFF:%Y-%m-%d} (the 2021 peak): above 0 confirms, below 0 contradicts.",
    unit="%",
    series=(BREAKOUT_INDEX,),
    compute=_smallcap_breakout,
    view="small_caps",
)

SMALL_CAPS: tuple[SignalSpec, ...] = (SMALLCAP_STREAK, SMALLCAP_BREAKOUT)
