"""The global claims: green shoots abroad (German and UK growth) and rising US real yields."""

from __future__ import annotations

import math

from dashboard.data import catalog
from dashboard.signals import macro_global as mg
from dashboard.signals.scorecard.framework import (
    Inputs,
    Reading,
    SignalSpec,
    SignalStatus,
    classify,
)

#: Stale-data tolerance of the global signals: GDP may lag the quarter its release rule expects by
#: one quarter; a daily real yield whose newest close is older than this many calendar days
#: before the as-of date is not passed off as current.
GLOBAL_MAX_QUARTERS_BEHIND = 1


def _global_growth(inputs: Inputs) -> Reading:
    readings = []
    for sid in (mg.GERMANY, mg.UK):
        spec = catalog.get(sid)
        readings.append(
            mg.country_growth(
                sid,
                inputs[sid],
                inputs.as_of,
                spec.release,
                max_behind=GLOBAL_MAX_QUARTERS_BEHIND,
            )
        )
    detail = "; ".join(r.describe() for r in readings) + "."
    unusable = [r for r in readings if not r.usable]
    if unusable:
        names = " and ".join(r.country for r in unusable)
        return Reading(
            None,
            "unavailable",
            f"{names}: no current published quarter, so the two-country average is not "
            f"computed. {detail}",
        )
    values = [r.growth for r in readings]
    value = sum(values) / len(values)
    if all(v > 0 for v in values):
        status: SignalStatus = "confirming"
    elif all(v < 0 for v in values):
        status = "contradicting"
    else:
        status = "neutral"
    newest = max(r.quarter for r in readings)
    return Reading(value, status, f"Average {value:+.2f}% q/q. {detail}", newest.date())


GLOBAL_GROWTH = SignalSpec(
    id="global_growth",
    title="Global green shoots: Germany and UK growing",
    claim="Green shoots abroad: Germany and the UK are growing again, so the recovery is global, "
    "not only American.",
    rule="Average of Germany's and the UK's latest published q/q real GDP growth (from levels). "
    "Both above 0 confirms, both below 0 contradicts, mixed is neutral; a country whose newest "
    "published quarter is 2+ quarters behind schedule is stale and makes it unavailable.",
    unit="% q/q",
    series=("CLVMNACSCAB1GQDE", "NGDPRSAXDCGBQ"),
    compute=_global_growth,
    view="global_view",
    # the release-schedule rule above decides staleness (a quarter dated by its start can be
    # 300+ days old and still the latest due); this only backs it up
    max_age_days=450,
)


def _real_yields(inputs: Inputs) -> Reading:
    change = mg.latest_change(inputs[mg.REAL_YIELD], mg.REAL_YIELD_SESSIONS)
    if change.last_date is None:
        return Reading(None, "unavailable", "DFII10: no observation published by the as-of date.")
    if not math.isfinite(change.value):
        return Reading(
            None,
            "unavailable",
            f"DFII10: fewer than {change.periods + 1} sessions up to {change.last_date:%Y-%m-%d}.",
        )
    detail = (
        f"DFII10 {change.last_level:.2f}% on {change.last_date:%Y-%m-%d} vs "
        f"{change.base_level:.2f}% on {change.base_date:%Y-%m-%d} ({change.periods} sessions "
        f"earlier): {change.value:+.2f} pp"
    )
    direction = (
        "real yields rising (a headwind for gold)"
        if change.value > 0
        else "real yields falling (a tailwind for gold)"
        if change.value < 0
        else "real yields unchanged"
    )
    return Reading(
        change.value, classify(change.value), f"{detail}; {direction}.", change.last_date.date()
    )


REAL_YIELDS = SignalSpec(
    id="real_yields",
    title="US real yields rising",
    claim="Rising real yields take the shine off gold: money rotates out of gold into risk.",
    rule="20-session change of the 10-year TIPS real yield (DFII10) in percentage points: above "
    "0 confirms (rising), below 0 contradicts, exactly 0 is neutral.",
    unit="pp",
    series=("DFII10",),
    compute=_real_yields,
    view="global_view",
)

GLOBAL: tuple[SignalSpec, ...] = (GLOBAL_GROWTH, REAL_YIELDS)
