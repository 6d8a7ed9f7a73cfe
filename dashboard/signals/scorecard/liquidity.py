"""The liquidity claim: money-market-fund assets rolling over."""

from __future__ import annotations

import math

from dashboard.signals import liquidity
from dashboard.signals.scorecard.framework import (
    MAX_AGE_DAYS,
    PROVENANCE_TABLE,
    Inputs,
    Reading,
    SignalSpec,
    classify,
)


def trend_weeks(frequency: str) -> int:
    """The horizon of the MMF trend, in weeks: 4 on weekly data, 13 (a quarter) otherwise.
    The Liquidity view shows the change over the same horizon."""
    return 4 if frequency == "W" else 13


def _mmf_trend(inputs: Inputs) -> Reading:
    table = inputs.tables.get(PROVENANCE_TABLE)
    synthetic: set[str] | None = None
    origins: dict[str, str] = {}
    if table is not None and not table.empty:
        synthetic = {str(s) for s in table.index[table["status"] == "synthetic"]}
        origins = {str(s): str(o) for s, o in table["origin"].items() if o}
    ids = (liquidity.MMF_TOTAL, liquidity.QUARTERLY_TOTAL)
    totals = {s: inputs.series[s] for s in ids if s in inputs.series}
    chosen = liquidity.select_series(totals, synthetic, origins).total
    if chosen is None:
        return Reading(
            None,
            "unavailable",
            "No money-market-fund total published by the as-of date: neither MMF_TOTAL "
            "(ICI weekly, a user file) nor MMMFFAQ027S (Z.1 quarterly) is loaded. WRMFNS is "
            "retail only, not the total, so it is not used here.",
        )
    weeks = trend_weeks(chosen.frequency)
    level = chosen.values
    pct = liquidity.pct_change(level, weeks)
    last_date = level.index[-1]
    value = float(pct.iloc[-1])
    if not math.isfinite(value):
        return Reading(
            None,
            "unavailable",
            f"{chosen.series_id}: no observation {weeks} weeks before the latest one "
            f"({last_date:%Y-%m-%d}); {chosen.description}.",
        )
    turns = liquidity.detect_turns(level)
    latest = turns.latest
    peak_part = (
        f"running peak ${latest['peak']:,.0f}bn on {latest['peak_date']:%Y-%m-%d}"
        f" ({latest['drawdown_pct']:+.2f}% since)"
    )
    turn = turns.current_turn
    turn_part = (
        f"turn confirmed on {turn.detected:%Y-%m-%d}" if turn is not None else "no turn confirmed"
    )
    direction = "cash leaving money funds" if value < 0 else "cash still flowing in"
    detail = (
        f"{chosen.series_id} ({chosen.description}): {value:+.2f}% over {weeks} weeks to "
        f"${level.iloc[-1]:,.0f}bn on {last_date:%Y-%m-%d}, {direction}; {peak_part}; "
        f"{turn_part} (rule: {turns.min_decline_pct:g}% below the peak for "
        f"{turns.min_weeks} weeks)."
    )
    return Reading(
        value,
        classify(value, higher_confirms=False),
        detail,
        last_date.date(),
        used=(chosen.series_id,),
        max_age_days=MAX_AGE_DAYS[chosen.frequency],
    )


MMF_TREND = SignalSpec(
    id="mmf_trend",
    title="Money-market-fund assets rolling over",
    claim="Money-market-fund assets fell from $7.8T to $7.72T after two years of growth: "
    "cash is leaving 4-5% yields for risk assets.",
    rule="4-week % change of total MMF assets (13-week change when only the quarterly Z.1 "
    "total exists): negative confirms (cash leaving), positive contradicts.",
    unit="%",
    series=(),
    optional_series=("MMF_TOTAL", "MMMFFAQ027S"),
    compute=_mmf_trend,
    view="liquidity",
)

LIQUIDITY: tuple[SignalSpec, ...] = (MMF_TREND,)
