"""The global claims: green shoots abroad (German and UK growth) and rising US real yields."""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

from dashboard.data import catalog
from dashboard.data.release import release_dates
from dashboard.signals import macro_global as mg
from dashboard.signals._checks import prices
from dashboard.signals.scorecard.framework import (
    Inputs,
    Reading,
    SignalSpec,
    SignalStatus,
    classify,
    point_in_time,
    public_positions,
    release_index,
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
        return _last_common_quarter(inputs, readings, names, detail)
    values = [r.growth for r in readings]
    value = sum(values) / len(values)
    newest = max(r.quarter for r in readings)
    return Reading(
        value, _growth_status(values), f"Average {value:+.2f}% q/q. {detail}", newest.date()
    )


def _growth_status(values: list[float]) -> SignalStatus:
    if all(v > 0 for v in values):
        return "confirming"
    return "contradicting" if all(v < 0 for v in values) else "neutral"


def _last_common_quarter(inputs: Inputs, readings, names: str, detail: str) -> Reading:
    """A country without a current quarter: the reading of the newest quarter both published,
    the last one the two-country average could give, marked stale; unavailable without one."""
    quarters = [r.quarter for r in readings if r.quarter is not None]
    missing = (
        f"{names}: no current published quarter, so the two-country average is not computed. "
        f"{detail}"
    )
    if len(quarters) < len(readings):
        return Reading(None, "unavailable", missing)
    common = min(quarters)
    values = []
    for sid in (mg.GERMANY, mg.UK):
        growth = mg.qoq_growth(inputs[sid])
        values.append(float(growth.get(common, float("nan"))))
    if not all(math.isfinite(v) for v in values):
        return Reading(None, "unavailable", missing)
    value = sum(values) / len(values)
    return Reading(
        value,
        _growth_status(values),
        f"{names}: no current published quarter. The newest quarter both published is "
        f"{mg.quarter_label(common)}: Germany {values[0]:+.2f}%, UK {values[1]:+.2f}% q/q, "
        f"average {value:+.2f}%. {detail}",
        common.date(),
        stale=True,
    )


def _expected_quarters(dates: pd.DatetimeIndex, rule: str) -> np.ndarray:
    """:func:`~dashboard.signals.macro_global.expected_quarter` at every date at once (as
    quarter ordinals): the newest of the date's quarter and the 8 before it whose release
    falls on or before the date, else the oldest of them."""
    current = dates.to_period("Q")
    quarters = pd.period_range(current.min() - 8, current.max(), freq="Q")
    released = release_dates(quarters.to_timestamp(), rule, "Q").as_unit("ns").asi8
    if (np.diff(released) < 0).any():
        return np.array([mg.expected_quarter(d, rule).to_period("Q").ordinal for d in dates])
    top = current.asi8
    found = np.searchsorted(released, dates.as_unit("ns").asi8, side="right") - 1
    newest = np.where(found >= 0, quarters.asi8[np.maximum(found, 0)], top - 8)
    return np.clip(newest, top - 8, top)


def _global_growth_history(
    inputs: Inputs, released: Mapping[str, pd.DatetimeIndex], dates: pd.DatetimeIndex
) -> list[Reading | None]:
    """The reading changes only when a country publishes a quarter or the quarter its release
    rule expects moves on: computed once per such state, shared by the dates in it."""
    ids = (mg.GERMANY, mg.UK)
    positions = [public_positions(released[sid], dates) for sid in ids]
    if any(p is None for p in positions):
        return [None] * len(dates)
    expected = [_expected_quarters(dates, catalog.get(sid).release) for sid in ids]
    out: list[Reading | None] = []
    seen: dict[tuple, Reading] = {}
    for i, day in enumerate(dates):
        key = (*(int(p[i]) for p in positions), *(int(e[i]) for e in expected))
        if key not in seen:
            cut = point_in_time({sid: inputs[sid] for sid in ids}, day)
            seen[key] = _global_growth(Inputs(cut, day, inputs.tables))
        out.append(seen[key])
    return out


GLOBAL_GROWTH = SignalSpec(
    id="global_growth",
    short="Germany and UK growth",
    title="Global green shoots: Germany and UK growing",
    claim="Green shoots abroad: Germany and the UK are growing again, so the recovery is global, "
    "not only American.",
    rule="Average of Germany's and the UK's latest published q/q real GDP growth (from levels). "
    "Both above 0 confirms, both below 0 contradicts, mixed is neutral; a country whose newest "
    "published quarter is 2+ quarters behind schedule makes the signal stale: it keeps the "
    "reading of the newest quarter both countries published (unavailable without one).",
    unit="% q/q",
    series=("CLVMNACSCAB1GQDE", "NGDPRSAXDCGBQ"),
    compute=_global_growth,
    view="global_view",
    history=_global_growth_history,
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


def _real_yields_history(
    inputs: Inputs, released: Mapping[str, pd.DatetimeIndex], dates: pd.DatetimeIndex
) -> list[Reading | None]:
    """The 20-session change on the last observation published by each date."""
    levels = prices(inputs[mg.REAL_YIELD], mg.REAL_YIELD)
    positions = public_positions(release_index(mg.REAL_YIELD, levels.index), dates)
    if positions is None:
        return [None] * len(dates)
    n = mg.REAL_YIELD_SESSIONS
    change = (levels - levels.shift(n)).to_numpy()
    return [
        Reading(None, "unavailable")
        if p < n
        else Reading(float(change[p]), classify(float(change[p])), "", levels.index[p].date())
        for p in positions
    ]


REAL_YIELDS = SignalSpec(
    id="real_yields",
    short="US real yields",
    title="US real yields rising",
    claim="Rising real yields take the shine off gold: money rotates out of gold into risk.",
    rule="20-session change of the 10-year TIPS real yield (DFII10) in percentage points: above "
    "0 confirms (rising), below 0 contradicts, exactly 0 is neutral.",
    unit="pp",
    series=("DFII10",),
    compute=_real_yields,
    view="global_view",
    history=_real_yields_history,
)

GLOBAL: tuple[SignalSpec, ...] = (GLOBAL_GROWTH, REAL_YIELDS)
