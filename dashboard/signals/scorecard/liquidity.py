"""The liquidity claim: money-market-fund assets rolling over."""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd

from dashboard.signals import liquidity
from dashboard.signals._checks import prices
from dashboard.signals.scorecard.framework import (
    MAX_AGE_DAYS,
    PROVENANCE_TABLE,
    Inputs,
    Reading,
    SignalSpec,
    classify,
    public_positions,
    release_index,
)


def _chosen_total(inputs: Inputs, totals: Mapping[str, pd.Series]) -> liquidity.MmfSeries | None:
    """The total the signal reads among ``totals``: real before synthetic, in catalog order
    (the provenance side table says which are synthetic)."""
    table = inputs.tables.get(PROVENANCE_TABLE)
    synthetic: set[str] | None = None
    origins: dict[str, str] = {}
    if table is not None and not table.empty:
        synthetic = {str(s) for s in table.index[table["status"] == "synthetic"]}
        origins = {str(s): str(o) for s, o in table["origin"].items() if o}
    return liquidity.select_series(totals, synthetic, origins).total


def _mmf_trend(inputs: Inputs) -> Reading:
    totals = {s: inputs.series[s] for s in liquidity.TOTAL_IDS if s in inputs.series}
    chosen = _chosen_total(inputs, totals)
    if chosen is None:
        return Reading(None, "unavailable", liquidity.NO_TOTAL)
    horizon = liquidity.trend_horizon(chosen.frequency)
    level = chosen.values
    pct = liquidity.horizon_pct_change(level, horizon)
    last_date = level.index[-1]
    value = float(pct.iloc[-1])
    if not math.isfinite(value):
        return Reading(
            None,
            "unavailable",
            f"{chosen.series_id}: no observation {horizon.span} before the latest one "
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
        f"{chosen.series_id} ({chosen.description}): {value:+.2f}% over {horizon.span} to "
        f"${level.iloc[-1]:,.0f}bn on {last_date:%Y-%m-%d} ({horizon.rule}), {direction}; "
        f"{peak_part}; "
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


def _mmf_trend_history(
    inputs: Inputs, released: Mapping[str, pd.DatetimeIndex], dates: pd.DatetimeIndex
) -> list[Reading | None]:
    """The trend of the total chosen among those published by each date, on its last
    observation published by then (the changes only look back)."""
    levels, positions = {}, {}
    for sid in liquidity.TOTAL_IDS:
        if sid not in inputs.series:
            continue
        clean = prices(inputs.series[sid], sid)
        where = public_positions(release_index(sid, clean.index), dates)
        if where is None:
            return [None] * len(dates)
        levels[sid], positions[sid] = clean, where
    changes: dict[str, pd.Series] = {}
    chosen: dict[tuple[str, ...], liquidity.MmfSeries | None] = {}
    out: list[Reading | None] = []
    for i in range(len(dates)):
        present = tuple(sid for sid in levels if positions[sid][i] >= 0)
        if present not in chosen:
            chosen[present] = _chosen_total(inputs, {sid: levels[sid] for sid in present})
        total = chosen[present]
        if total is None:
            out.append(Reading(None, "unavailable"))
            continue
        sid = total.series_id
        if sid not in changes:
            horizon = liquidity.trend_horizon(total.frequency)
            changes[sid] = liquidity.horizon_pct_change(total.values, horizon)
        p = positions[sid][i]
        value = float(changes[sid].iloc[p])
        if not math.isfinite(value):
            out.append(Reading(None, "unavailable"))
            continue
        out.append(
            Reading(
                value,
                classify(value, higher_confirms=False),
                "",
                levels[sid].index[p].date(),
                used=(sid,),
                max_age_days=MAX_AGE_DAYS[total.frequency],
            )
        )
    return out


MMF_TREND = SignalSpec(
    id="mmf_trend",
    short="Money funds rolling over",
    title="Money-market-fund assets rolling over",
    claim="Money-market-fund assets fell from $7.8T to $7.72T after two years of growth: "
    "cash is leaving 4-5% yields for risk assets.",
    rule="% change of total MMF assets over the step its frequency allows: 4 weeks for a weekly "
    "total (ICI, a user file), 1 month for the OFR's monthly total, 13 weeks for the quarterly "
    "Z.1 total; negative confirms (cash leaving), positive contradicts.",
    unit="%",
    series=(),
    optional_series=("MMF_TOTAL", "MMF-MMF_TOT-M", "MMMFFAQ027S"),
    compute=_mmf_trend,
    view="liquidity",
    history=_mmf_trend_history,
)

LIQUIDITY: tuple[SignalSpec, ...] = (MMF_TREND,)
