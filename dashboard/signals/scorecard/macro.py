"""The macro-surprise claims: each indicator's latest surprise and the composite index."""

from __future__ import annotations

import math
from collections.abc import Callable

import pandas as pd

from dashboard.signals import surprise as su
from dashboard.signals.scorecard.framework import Inputs, Reading, SignalSpec, classify

#: Optional side table ``Inputs.tables[CONSENSUS_TABLE]``: the consensus expectations
#: (``dashboard.data.usertables.CONSENSUS``: indicator, reference_period, release_date, consensus,
#: source_note). Rows count only once their release date has passed. Without it every surprise
#: is a model surprise, and the detail says so.
CONSENSUS_TABLE = "consensus"


def _macro_consensus(inputs: Inputs) -> tuple[pd.DataFrame | None, str]:
    """The consensus table (or None) and what its absence means for the reading."""
    table = inputs.tables.get(CONSENSUS_TABLE)
    if table is None:
        return None, " No consensus table was given, so this is a model surprise."
    return table, ""


def _surprise_signal(series_id: str) -> Callable[[Inputs], Reading]:
    def compute(inputs: Inputs) -> Reading:
        consensus, missing_table = _macro_consensus(inputs)
        info = su.indicator(series_id)
        vintages, no_vintages = su.vintages_for(inputs.tables, series_id)
        table = su.surprise_table(
            inputs[series_id],
            series_id,
            consensus=consensus,
            as_of=inputs.as_of,
            vintages=vintages,
        )
        row = su.latest_release(table)
        if row is None:
            return Reading(
                None, "unavailable", f"No {info.short} print published by the as-of date."
            )
        period = pd.Timestamp(table.index[-1])
        published = pd.Timestamp(row["published"])
        label = f"{info.short} {su.period_label(series_id, period)} (released {published:%Y-%m-%d})"

        def shown(x: float) -> str:
            return f"{info.show(x):,.1f}k" if info.display_scale == 1000 else f"{x:,.1f}"

        if not math.isfinite(row["surprise"]):
            return Reading(
                None,
                "unavailable",
                f"{label}: {shown(row['actual'])}, but no expectation: no consensus row and fewer "
                f"than {su.DEFAULT_MODEL_WINDOW} earlier prints for a model expectation.",
            )
        value = info.show(float(row["surprise"]))
        if row["expectation"] == su.CONSENSUS:
            source = f"consensus {shown(row['expected'])}"
            if row["source_note"]:
                source += f" ({row['source_note']})"
        else:
            source = (
                f"model expectation {shown(row['expected'])} (mean of the previous "
                f"{su.DEFAULT_MODEL_WINDOW} prints; no consensus row for this release)"
            )
        better = "better" if value > 0 else "worse" if value < 0 else "no different"
        z = row["z"]
        z_text = f"z {z:+.2f}" if math.isfinite(z) else "z n/a (too little surprise history)"
        kind = "Consensus" if row["expectation"] == su.CONSENSUS else "Model"
        detail = (
            f"{kind} surprise. {label}: {shown(row['actual'])} against {source}: "
            f"{value:+,.1f} {info.display_unit}, {better} than expected; {z_text}. "
            + su.vintage_sentence(row["vintage"], no_vintages)
            + missing_table
        )
        return Reading(value, classify(value), detail, published.date())

    return compute


def _macro_surprise_index(inputs: Inputs) -> Reading:
    consensus, missing_table = _macro_consensus(inputs)
    tables = {
        sid: su.surprise_table(
            inputs.series[sid],
            sid,
            consensus=consensus,
            as_of=inputs.as_of,
            vintages=su.vintages_for(inputs.tables, sid)[0],
        )
        for sid in su.MACRO_IDS
        if sid in inputs.series and not inputs.series[sid].empty
    }
    if not tables:
        return Reading(
            None,
            "unavailable",
            "No macro indicator published by the as-of date: " + ", ".join(su.MACRO_IDS) + ".",
        )
    row = su.composite_at(tables, inputs.as_of)
    value = float(row["composite"])
    window = su.DEFAULT_WINDOW_DAYS
    start = inputs.as_of - pd.Timedelta(days=window)
    used = pd.concat(
        [
            t[(t["published"] > start) & (t["published"] <= inputs.as_of) & t["z"].notna()]
            for t in tables.values()
        ]
    )
    if not math.isfinite(value) or used.empty:
        return Reading(
            None,
            "unavailable",
            f"No standardised surprise published in the {window} days to {inputs.as_of:%Y-%m-%d}.",
        )
    parts = ", ".join(
        f"{su.indicator(sid).short} {row[sid]:+.2f}" for sid in tables if math.isfinite(row[sid])
    )
    consensus_count = int((used["expectation"] == su.CONSENSUS).sum())
    detail = (
        f"Composite {value:+.2f} sd on {inputs.as_of:%Y-%m-%d}: decay-weighted mean z of "
        f"{int(row['releases'])} releases from {int(row['indicators'])} indicator(s) published "
        f"in the last {window} days (half-life {su.DEFAULT_HALF_LIFE_DAYS:g} days); "
        f"contributions {parts}; {consensus_count} consensus and "
        f"{len(used) - consensus_count} model surprise(s); actuals: "
        + ", ".join(f"{n} {v}" for v, n in used["vintage"].value_counts().items())
        + "."
        + missing_table
    )
    return Reading(value, classify(value), detail, pd.Timestamp(used["published"].max()).date())


_SURPRISE_RULE = (
    "Latest published {what} against its expectation (the consensus where the consensus table "
    "has one for that release, else the mean of the previous 3 prints, labelled model), {how}: "
    "> 0 (better than expected) confirms, < 0 contradicts."
)

PHILLY_FED_SURPRISE = SignalSpec(
    id="philly_fed_surprise",
    title="Philadelphia Fed beat expectations",
    claim="The Philadelphia Fed manufacturing index printed 12.6 in January against -1.6 expected.",
    rule=_SURPRISE_RULE.format(
        what="Philadelphia Fed manufacturing print", how="print minus expectation"
    ),
    unit="index points",
    series=("GACDFSA066MSFRBPHI",),
    compute=_surprise_signal("GACDFSA066MSFRBPHI"),
    view="macro",
)
EMPIRE_SURPRISE = SignalSpec(
    id="empire_surprise",
    title="Empire State beat expectations",
    claim="The NY Fed Empire State manufacturing index printed 7.7 in January against 0.8 "
    "expected.",
    rule=_SURPRISE_RULE.format(
        what="Empire State manufacturing print", how="print minus expectation"
    ),
    unit="index points",
    series=("GACDISA066MSFRBNY",),
    compute=_surprise_signal("GACDISA066MSFRBNY"),
    view="macro",
)
CLAIMS_SURPRISE = SignalSpec(
    id="claims_surprise",
    title="Jobless claims below expectations",
    claim="Initial jobless claims came in at 198k against 215k expected.",
    rule=_SURPRISE_RULE.format(
        what="initial jobless claims print",
        how="expectation minus print in thousands (fewer claims than expected is better)",
    ),
    unit="thousand claims",
    series=("ICSA",),
    compute=_surprise_signal("ICSA"),
    view="macro",
)
MACRO_SURPRISE_INDEX = SignalSpec(
    id="macro_surprise_index",
    title="Macro data beating expectations",
    claim="US data are surprising to the upside (Philadelphia Fed, Empire State, jobless claims).",
    rule="Composite surprise index: the decay-weighted mean of standardised surprises (z) of "
    "the Philadelphia Fed, Empire State and jobless claims releases published in the last 90 "
    "days (half-life 30 days), in standard deviations: > 0 confirms, < 0 contradicts.",
    unit="sd",
    series=(),
    optional_series=("GACDFSA066MSFRBPHI", "GACDISA066MSFRBNY", "ICSA"),
    compute=_macro_surprise_index,
    view="macro",
)

MACRO: tuple[SignalSpec, ...] = (
    PHILLY_FED_SURPRISE,
    EMPIRE_SURPRISE,
    CLAIMS_SURPRISE,
    MACRO_SURPRISE_INDEX,
)
