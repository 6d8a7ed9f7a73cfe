"""The macro-surprise claims: each indicator's latest surprise and the composite index."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping, Sequence

import numpy as np
import pandas as pd

from dashboard.signals import surprise as su
from dashboard.signals.scorecard.framework import (
    Inputs,
    Reading,
    SignalSpec,
    classify,
    public_positions,
)

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
        missing_table = _macro_consensus(inputs)[1]
        info = su.indicator(series_id)
        no_vintages = su.vintages_for(inputs.tables, series_id)[1]
        table = _surprise_table(inputs, series_id, inputs.as_of)
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
        value = _surprise_value(info, row)
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


def _surprise_table(inputs: Inputs, series_id: str, as_of: pd.Timestamp) -> pd.DataFrame:
    """``series_id``'s surprise table as published by ``as_of``: computed once per evaluation
    (the indicator's own signal and the composite both read it)."""

    def compute() -> pd.DataFrame:
        return su.surprise_table(
            inputs[series_id],
            series_id,
            consensus=_macro_consensus(inputs)[0],
            as_of=as_of,
            vintages=su.vintages_for(inputs.tables, series_id)[0],
        )

    return inputs.once(("surprise_table", series_id, pd.Timestamp(as_of)), compute)


def _surprise_value(info: su.Indicator, row: pd.Series) -> float:
    """A release's surprise in the signal's unit (claims in thousands)."""
    return info.show(float(row["surprise"]))


def _epochs(
    dates: pd.DatetimeIndex, consensus: pd.DataFrame | None, ids: Sequence[str]
) -> Iterator[tuple[pd.Timestamp, np.ndarray]]:
    """``dates`` in groups with no consensus row of ``ids`` released between two dates of a
    group: ``(the group's last date, the positions of its dates)``. Within a group the
    surprise tables are the same apart from the prints published later, so one table, computed
    on the group's last date, serves every date of the group."""
    released = pd.DatetimeIndex([])
    if consensus is not None and not consensus.empty and "release_date" in consensus.columns:
        rows = consensus[consensus["indicator"].astype(str).isin(list(ids))]
        released = pd.DatetimeIndex(pd.to_datetime(rows["release_date"], errors="coerce").dropna())
    group = np.searchsorted(
        released.sort_values().as_unit("ns").asi8, dates.as_unit("ns").asi8, side="right"
    )
    for value in np.unique(group):
        positions = np.flatnonzero(group == value)
        yield dates[positions[-1]], positions


def _published_by(table: pd.DataFrame, dates: pd.DatetimeIndex) -> np.ndarray | None:
    """The last of ``table``'s rows published by each date (-1: none; None: the rows are not
    in publication order, so a later row could come out before an earlier one)."""
    return public_positions(pd.DatetimeIndex(table["published"]), dates)


def _surprise_history(series_id: str):
    def history(
        inputs: Inputs, released: Mapping[str, pd.DatetimeIndex], dates: pd.DatetimeIndex
    ) -> list[Reading | None]:
        consensus, _ = _macro_consensus(inputs)
        info = su.indicator(series_id)
        out: list[Reading | None] = [None] * len(dates)
        # the composite's epochs (every indicator's consensus days): the same tables serve both
        for stamp, positions in _epochs(dates, consensus, su.MACRO_IDS):
            table = _surprise_table(inputs, series_id, stamp)
            last = _published_by(table, dates[positions])
            if last is None:
                continue  # the exact path decides these dates
            for i, p in zip(positions, last, strict=True):
                row = table.iloc[p] if p >= 0 else None
                if row is None or not math.isfinite(row["surprise"]):
                    out[i] = Reading(None, "unavailable")
                    continue
                value = _surprise_value(info, row)
                out[i] = Reading(value, classify(value), "", pd.Timestamp(row["published"]).date())
        return out

    return history


def _composite_tables(inputs: Inputs, as_of: pd.Timestamp) -> dict[str, pd.DataFrame]:
    """The surprise table of each macro indicator with data, as published by ``as_of``."""
    return {
        sid: _surprise_table(inputs, sid, as_of)
        for sid in su.MACRO_IDS
        if sid in inputs.series and not inputs.series[sid].empty
    }


def _scored_releases(tables: Mapping[str, pd.DataFrame]) -> pd.DatetimeIndex:
    """Publication days of every release with a z-score, sorted."""
    days = [t.loc[t["z"].notna(), "published"] for t in tables.values() if not t.empty]
    if not days:
        return pd.DatetimeIndex([])
    return pd.DatetimeIndex(pd.concat(days)).sort_values()


#: The composite is defined while a release with a z-score is in its window: a reading older
#: than this is stale (its last value is kept, greyed, with its date).
COMPOSITE_MAX_AGE_DAYS = su.DEFAULT_WINDOW_DAYS - 1


def _composite_undefined(value: float, newest: pd.Timestamp, as_of: pd.Timestamp) -> Reading:
    """The composite on a day with no release in its window: its last reading (on the day of
    the newest release), which the framework then calls stale."""
    window = su.DEFAULT_WINDOW_DAYS
    return Reading(
        value,
        classify(value),
        f"No standardised surprise published in the {window} days to {as_of:%Y-%m-%d}, so "
        f"the composite is undefined on that date; its last reading is {value:+.2f} sd on "
        f"{newest:%Y-%m-%d}, the day of the newest release.",
        newest.date(),
        max_age_days=COMPOSITE_MAX_AGE_DAYS,
    )


def _macro_surprise_index(inputs: Inputs) -> Reading:
    missing_table = _macro_consensus(inputs)[1]
    tables = _composite_tables(inputs, inputs.as_of)
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
        scored = _scored_releases(tables)
        scored = scored[scored <= inputs.as_of]
        if scored.empty:
            return Reading(
                None,
                "unavailable",
                f"No standardised surprise published by {inputs.as_of:%Y-%m-%d}.",
            )
        last = float(su.composite_at(tables, scored[-1])["composite"])
        return _composite_undefined(last, scored[-1], inputs.as_of)
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
    return Reading(
        value,
        classify(value),
        detail,
        pd.Timestamp(used["published"].max()).date(),
        max_age_days=COMPOSITE_MAX_AGE_DAYS,
    )


def _composite_history(
    inputs: Inputs, released: Mapping[str, pd.DatetimeIndex], dates: pd.DatetimeIndex
) -> list[Reading | None]:
    """The composite at every date of a consensus epoch from one set of tables (the index is
    computed date by date from the releases published by then)."""
    consensus, _ = _macro_consensus(inputs)
    window = pd.Timedelta(days=su.DEFAULT_WINDOW_DAYS)
    out: list[Reading | None] = [None] * len(dates)
    for stamp, positions in _epochs(dates, consensus, su.MACRO_IDS):
        tables = _composite_tables(inputs, stamp)
        if not tables:
            for i in positions:
                out[i] = Reading(None, "unavailable")
            continue
        if any(_published_by(t, dates[:1]) is None for t in tables.values()):
            continue  # the exact path decides these dates
        days = dates[positions]
        scored = _scored_releases(tables)
        found = public_positions(scored, days)
        frame = su.composite_index(tables, days)["composite"].to_numpy()
        stale = [scored[k] for k, day in zip(found, days, strict=True) if k >= 0]
        last = su.composite_index(tables, pd.DatetimeIndex(stale).unique())["composite"]
        for i, k, day, value in zip(positions, found, days, frame, strict=True):
            if k < 0:
                out[i] = Reading(None, "unavailable")
            elif scored[k] > day - window and math.isfinite(value):
                out[i] = Reading(
                    float(value),
                    classify(float(value)),
                    "",
                    scored[k].date(),
                    max_age_days=COMPOSITE_MAX_AGE_DAYS,
                )
            else:
                out[i] = _composite_undefined(float(last[scored[k]]), scored[k], day)
    return out


_SURPRISE_RULE = (
    "Latest published {what} against its expectation (the consensus where the consensus table "
    "has one for that release, else the mean of the previous 3 prints, labelled model), {how}: "
    "> 0 (better than expected) confirms, < 0 contradicts."
)

PHILLY_FED_SURPRISE = SignalSpec(
    id="philly_fed_surprise",
    short="Philly Fed surprise",
    title="Philadelphia Fed beat expectations",
    claim="The Philadelphia Fed manufacturing index printed 12.6 in January against -1.6 expected.",
    rule=_SURPRISE_RULE.format(
        what="Philadelphia Fed manufacturing print", how="print minus expectation"
    ),
    unit="index points",
    series=("GACDFSA066MSFRBPHI",),
    compute=_surprise_signal("GACDFSA066MSFRBPHI"),
    view="macro",
    history=_surprise_history("GACDFSA066MSFRBPHI"),
)
EMPIRE_SURPRISE = SignalSpec(
    id="empire_surprise",
    short="Empire State surprise",
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
    history=_surprise_history("GACDISA066MSFRBNY"),
)
CLAIMS_SURPRISE = SignalSpec(
    id="claims_surprise",
    short="Jobless claims surprise",
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
    history=_surprise_history("ICSA"),
)
MACRO_SURPRISE_INDEX = SignalSpec(
    id="macro_surprise_index",
    short="Macro surprise index",
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
    history=_composite_history,
)

MACRO: tuple[SignalSpec, ...] = (
    PHILLY_FED_SURPRISE,
    EMPIRE_SURPRISE,
    CLAIMS_SURPRISE,
    MACRO_SURPRISE_INDEX,
)
