"""The thesis scorecard: each claim of "The Great Rotation 2026" as a testable signal.

A :class:`SignalSpec` names the series a claim needs, states its rule in plain words, and
computes a :class:`Reading` (value, status, detail) from data that was *public on the as-of
date*: :func:`evaluate` cuts every series to what its release rule had published by then
(:mod:`dashboard.data.release`), so replaying the scorecard on 2026-01-16 sees exactly what a
reader of the note could have seen, and appending later data never changes a past reading.

Statuses: ``confirming`` (the data supports the claim), ``neutral``, ``contradicting``,
``unavailable`` (data missing: the reason is given; a signal never disappears silently).

The specs themselves are defined next to the view they belong to, below, in scorecard order.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

import pandas as pd

from dashboard.data import catalog
from dashboard.data.provenance import source_as_of
from dashboard.data.release import published_as_of

SignalStatus = Literal["confirming", "neutral", "contradicting", "unavailable"]
SIGNAL_STATUSES: tuple[SignalStatus, ...] = (
    "confirming",
    "neutral",
    "contradicting",
    "unavailable",
)


#: Optional side table ``Inputs.tables[PROVENANCE_TABLE]``: indexed by series id, with columns
#: ``status`` (live / cached / stale / synthetic / unavailable) and ``origin``. It lets
#: ``mmf_trend`` prefer a real total over a synthetic one and name the origin; without it the
#: catalog order decides (MMF_TOTAL first) and the detail says nothing about where data came from.
PROVENANCE_TABLE = "provenance"


@dataclass(frozen=True, slots=True)
class Inputs:
    """What a signal's compute function sees: point-in-time series and side tables."""

    series: Mapping[str, pd.Series]  #: already cut to what was published by ``as_of``
    as_of: pd.Timestamp
    tables: Mapping[str, pd.DataFrame] = field(default_factory=dict)  #: e.g. "consensus"

    def __getitem__(self, series_id: str) -> pd.Series:
        return self.series[series_id]


@dataclass(frozen=True, slots=True)
class Reading:
    """A compute function's answer."""

    value: float | None
    status: SignalStatus
    detail: str = ""
    as_of: date | None = None  #: date of the newest observation the value uses
    #: the series the value was computed from, when only some of the spec's were (default: all
    #: the spec's series that are present)
    used: tuple[str, ...] | None = None
    #: staleness limit for this reading (e.g. of the series it chose); default: the spec's
    max_age_days: int | None = None


@dataclass(frozen=True, slots=True)
class SignalSpec:
    id: str
    title: str
    claim: str  #: what the thesis says, in its words
    rule: str  #: the status rule in plain words
    unit: str
    series: tuple[str, ...]  #: required series ids
    compute: Callable[[Inputs], Reading]
    view: str  #: url path of the page that explains it
    optional_series: tuple[str, ...] = ()  #: used when present (e.g. a user-supplied file)
    #: Older data than this (days before the as-of date) is stale: default from the frequencies.
    max_age_days: int | None = None

    @property
    def stale_after_days(self) -> int:
        """``max_age_days``, or the most lenient limit among its series' frequencies."""
        if self.max_age_days is not None:
            return self.max_age_days
        limits = [
            MAX_AGE_DAYS[catalog.BY_ID[s].frequency]
            for s in self.series + self.optional_series
            if s in catalog.BY_ID
        ]
        return max(limits, default=MAX_AGE_DAYS["B"])


#: How old (calendar days before the as-of date) the newest observation a signal uses may be
#: before the signal is stale (the catalog's limits per frequency, shared with the doctor).
MAX_AGE_DAYS: dict[str, int] = catalog.MAX_AGE_DAYS


@dataclass(frozen=True, slots=True)
class Signal:
    """A scorecard entry as shown on the Overview and printed by ``rotation signals``."""

    id: str
    title: str
    value: float | None
    unit: str
    status: SignalStatus
    rule: str
    detail: str
    as_of: date | None
    sources: tuple[str, ...]
    view: str
    claim: str = ""
    synthetic: bool = False  #: computed from synthetic (demo) data: not evidence about markets

    def to_json(self) -> dict:
        value = None if self.value is None or not math.isfinite(self.value) else self.value
        return {
            "id": self.id,
            "title": self.title,
            "value": value,
            "unit": self.unit,
            "status": self.status,
            "rule": self.rule,
            "detail": self.detail,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "sources": list(self.sources),
            "synthetic": self.synthetic,
        }


def classify(
    value: float | None,
    *,
    above: float = 0.0,
    below: float | None = None,
    higher_confirms: bool = True,
) -> SignalStatus:
    """Status from a value and thresholds: strictly beyond ``above`` confirms (or, with
    ``higher_confirms=False``, strictly below); the opposite side of ``below`` (default: the
    same threshold) contradicts; anything between is neutral."""
    if value is None or not math.isfinite(value):
        return "unavailable"
    below = above if below is None else below
    if higher_confirms:
        if value > above:
            return "confirming"
        return "contradicting" if value < below else "neutral"
    if value < above:
        return "confirming"
    return "contradicting" if value > below else "neutral"


def point_in_time(series: Mapping[str, pd.Series], as_of: pd.Timestamp) -> dict[str, pd.Series]:
    """Each series cut to what its release rule had published by ``as_of``."""
    cut = {}
    for sid, values in series.items():
        try:
            spec = catalog.get(sid)
            cut[sid] = published_as_of(values, spec.release, spec.frequency, as_of)
        except KeyError:
            cut[sid] = values[values.index <= as_of]
    return cut


def evaluate(
    specs: Sequence[SignalSpec],
    series: Mapping[str, pd.Series],
    *,
    as_of: date | pd.Timestamp | None = None,
    sources: Mapping[str, str] | None = None,
    missing_reasons: Mapping[str, str] | None = None,
    tables: Mapping[str, pd.DataFrame] | None = None,
) -> list[Signal]:
    """Compute every spec on data public at ``as_of`` (default: today).

    ``sources`` maps series ids to a short provenance string (``IWM yahoo/live``) carried into
    each signal with the last date it holds on ``as_of`` (``IWM yahoo/live to 2008-06-06``),
    never a later one; ``missing_reasons`` explains series that could not be loaded.
    """
    sources = sources or {}
    missing_reasons = missing_reasons or {}
    # Default: today, so every value already published counts (the newest observation's own
    # date would hide e.g. last week's claims, published days after the week they describe).
    as_of_ts = pd.Timestamp(as_of) if as_of is not None else pd.Timestamp.today().normalize()
    cut = point_in_time(series, as_of_ts)
    inputs = Inputs(series=cut, as_of=as_of_ts, tables=tables or {})
    return [_evaluate_one(spec, inputs, sources, missing_reasons) for spec in specs]


def _evaluate_one(spec: SignalSpec, inputs: Inputs, sources, missing_reasons) -> Signal:
    # the series with data published by the as-of date: only they can be a signal's sources
    present = [
        s
        for s in spec.series + spec.optional_series
        if s in inputs.series and not inputs.series[s].empty
    ]
    missing = [s for s in spec.series if s not in inputs.series or inputs.series[s].empty]
    if missing:
        why = "; ".join(
            f"{s}: {missing_reasons.get(s) or 'no data published by the as-of date'}"
            for s in missing
        )
        reading = Reading(None, "unavailable", f"Missing data. {why}")
    else:
        try:
            reading = spec.compute(inputs)
        except (ValueError, KeyError, IndexError, ZeroDivisionError) as exc:
            reading = Reading(None, "unavailable", f"Could not compute: {exc}")
    used = list(reading.used) if reading.used is not None else present
    value = reading.value
    if value is not None and not math.isfinite(value):
        value = None
    limit = reading.max_age_days or spec.stale_after_days
    if value is not None and reading.as_of is not None:
        age = (inputs.as_of.date() - reading.as_of).days
        if age > limit:
            # An old reading is not today's answer: say what it was, do not score it.
            reading = Reading(
                None,
                "unavailable",
                f"Stale: the newest data it uses is from {reading.as_of:%Y-%m-%d}, {age} days "
                f"before the as-of date (limit {limit} days). Last reading "
                f"{value:+.2f} {spec.unit} ({reading.status}): {reading.detail}",
                reading.as_of,
            )
            value = None
    table = inputs.tables.get(PROVENANCE_TABLE)
    synthetic = (
        table is not None
        and bool(used)
        and any(s in table.index and table.at[s, "status"] == "synthetic" for s in used)
    )
    return Signal(
        id=spec.id,
        title=spec.title,
        value=value,
        unit=spec.unit,
        status=reading.status if value is not None else "unavailable",
        rule=spec.rule,
        detail=reading.detail,
        as_of=reading.as_of,
        sources=tuple(source_as_of(sources.get(s, s), inputs.series.get(s)) for s in used),
        view=spec.view,
        claim=spec.claim,
        synthetic=synthetic,
    )


# =================================================================================================
# The scorecard. Each view's issue defines its signals in its own section below; SCORECARD
# lists them in the order the Overview shows them.
# =================================================================================================

# --- small caps (relative strength, breakout) ----------------------------------------------------
#: The pair and index the small-cap claims are scored on, and the streak / breakout rules.
STREAK_SMALL, STREAK_BENCH = "IWM", "SPY"
BREAKOUT_INDEX = "^RUT"
BREAKOUT_CUTOFF = pd.Timestamp("2022-01-01")
STREAK_CONFIRMS = 5  #: sessions


def _smallcap_streak(inputs: Inputs) -> Reading:
    from dashboard.signals import streaks

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
    from dashboard.signals import breakout

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


# --- macro surprises -----------------------------------------------------------------------------
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
        from dashboard.signals import surprise as su

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
    from dashboard.signals import surprise as su

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


# --- money-market-fund liquidity ----------------------------------------------------------------


def provenance_table(provenance: Mapping[str, object]) -> pd.DataFrame:
    """The ``PROVENANCE_TABLE`` side table from ``Loaded.provenance`` (id -> Provenance)."""
    rows = {
        sid: {"status": getattr(p, "status", ""), "origin": getattr(p, "origin", "")}
        for sid, p in provenance.items()
    }
    return pd.DataFrame.from_dict(rows, orient="index", columns=["status", "origin"])


def _mmf_trend(inputs: Inputs) -> Reading:
    # imported here so this section stays self-contained within the shared module
    from dashboard.signals import liquidity

    table = inputs.tables.get(PROVENANCE_TABLE)
    synthetic: set[str] | None = None
    origins: dict[str, str] = {}
    if table is not None and not table.empty:
        synthetic = {str(s) for s in table.index[table["status"] == "synthetic"]}
        origins = {str(s): str(o) for s, o in table["origin"].items() if o}
    totals = {s: inputs.series[s] for s in liquidity.TOTAL_IDS if s in inputs.series}
    chosen = liquidity.select_series(totals, synthetic, origins).total
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
        f"${level.iloc[-1]:,.0f}bn on {last_date:%Y-%m-%d} ({horizon.rule}), {direction}; {peak_part}; "
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
    rule="% change of total MMF assets over the step its frequency allows: 4 weeks for a weekly "
    "total (ICI, a user file), 1 month for the OFR's monthly total, 13 weeks for the quarterly "
    "Z.1 total; negative confirms (cash leaving), positive contradicts.",
    unit="%",
    series=(),
    optional_series=("MMF_TOTAL", "MMF-MMF_TOT-M", "MMMFFAQ027S"),
    compute=_mmf_trend,
    view="liquidity",
)

LIQUIDITY: tuple[SignalSpec, ...] = (MMF_TREND,)


# --- cross-asset rotation -----------------------------------------------------------------------
#: Sessions over which the cross-asset signals compare returns.
CROSS_ASSET_SESSIONS = 20
#: growth_vs_smallcaps: ARKK within this many pp of IWM (or ahead), and up, confirms...
GROWTH_FOLLOWS_PP = -2.0
#: ...and more than this many pp behind IWM contradicts (growth left behind).
GROWTH_LEFT_BEHIND_PP = -5.0


def _excess_reading(inputs: Inputs, a: str, b: str) -> tuple[float, float, float, pd.Timestamp]:
    """(excess pp, a's return %, b's return %, date) over CROSS_ASSET_SESSIONS common sessions."""
    from dashboard.signals import relative

    n = CROSS_ASSET_SESSIONS
    frame = relative.align({a: inputs[a], b: inputs[b]}).frame
    if len(frame) <= n:
        raise ValueError(f"fewer than {n + 1} common sessions of {a} and {b}")
    ra = float(relative.period_return(frame[a], n).iloc[-1])
    rb = float(relative.period_return(frame[b], n).iloc[-1])
    return ra - rb, ra, rb, frame.index[-1]  # = relative.excess_return at the last date


def _pair_signal(a: str, b: str, story: str) -> Callable[[Inputs], Reading]:
    def compute(inputs: Inputs) -> Reading:
        value, ra, rb, when = _excess_reading(inputs, a, b)
        detail = (
            f"{a} {ra:+.1f}% vs {b} {rb:+.1f}% over the {CROSS_ASSET_SESSIONS} common sessions "
            f"to {when:%Y-%m-%d}: {value:+.1f} pp"
            + (f" ({story})." if value > 0 else f" (not {story}).")
        )
        if a == "BTC-USD" or b == "BTC-USD":
            detail += " BTC-USD is sampled on equity sessions."
        return Reading(value, classify(value), detail, when.date())

    return compute


def _breakout_state(values: pd.Series, when: pd.Timestamp) -> str:
    """Where a price stands against its all-time high up to ``when``, in words."""
    from dashboard.signals import breakout

    s = values[values.index <= when].dropna()
    if s.empty:
        return "no data"
    state = breakout.analyse(s)
    if state.running_high_date == state.last_date:
        return "at a new all-time high"
    below = -state.drawdown_pct
    if below < 1:
        return f"within 1% of its {state.running_high_date:%Y-%m-%d} high"
    return f"{below:.0f}% below its {state.running_high_date:%Y-%m-%d} high"


def _growth_vs_smallcaps(inputs: Inputs) -> Reading:
    value, arkk, iwm, when = _excess_reading(inputs, "ARKK", "IWM")
    if value >= GROWTH_FOLLOWS_PP and arkk > 0:
        status: SignalStatus = "confirming"
    elif value < GROWTH_LEFT_BEHIND_PP:
        status = "contradicting"
    else:
        status = "neutral"
    legs = {"IWM": iwm, "ARKK": arkk}
    states = [f"IWM {_breakout_state(inputs['IWM'], when)}"]
    states.append(f"ARKK {_breakout_state(inputs['ARKK'], when)}")
    btc = inputs.series.get("BTC-USD")
    if btc is not None and not btc.empty:
        from dashboard.signals import relative

        frame = relative.align({"IWM": inputs["IWM"], "BTC-USD": btc}).frame
        frame = frame[frame.index <= when]
        if len(frame) > CROSS_ASSET_SESSIONS:
            legs["BTC-USD"] = float(
                relative.period_return(frame["BTC-USD"], CROSS_ASSET_SESSIONS).iloc[-1]
            )
        states.append(f"BTC-USD {_breakout_state(btc, when)}")
    ranking = " > ".join(f"{k} {v:+.1f}%" for k, v in sorted(legs.items(), key=lambda kv: -kv[1]))
    detail = (
        f"ARKK {arkk:+.1f}% vs IWM {iwm:+.1f}% over {CROSS_ASSET_SESSIONS} sessions to "
        f"{when:%Y-%m-%d}: {value:+.1f} pp. Claimed sequence small caps -> growth -> crypto: "
        f"{'; '.join(states)}. Over {CROSS_ASSET_SESSIONS} sessions: {ranking}."
    )
    return Reading(value, status, detail, when.date())


GOLD_VS_SMALLCAPS = SignalSpec(
    id="gold_vs_smallcaps",
    title="Small caps beating gold",
    claim="Money leaves gold for US small caps: gold and silver stall while small caps run.",
    rule="IWM's 20-session return minus GLD's, in pp: positive confirms, negative contradicts.",
    unit="pp",
    series=("IWM", "GLD"),
    compute=_pair_signal("IWM", "GLD", "small caps ahead of gold"),
    view="cross_asset",
)

CRYPTO_VS_GOLD = SignalSpec(
    id="crypto_vs_gold",
    title="Crypto beating gold",
    claim="Liquidity flows on from small caps and growth into crypto, while gold stalls.",
    rule="BTC-USD's 20-session return minus GLD's (BTC-USD sampled on equity sessions), in "
    "pp: positive confirms, negative contradicts.",
    unit="pp",
    series=("BTC-USD", "GLD"),
    compute=_pair_signal("BTC-USD", "GLD", "crypto ahead of gold"),
    view="cross_asset",
)

GROWTH_VS_SMALLCAPS = SignalSpec(
    id="growth_vs_smallcaps",
    title="High growth following small caps",
    claim="After small caps break out, liquidity flows on into high growth (ARKK), then crypto.",
    rule="ARKK's 20-session return minus IWM's, in pp. Confirms when ARKK is up and no more "
    f"than {-GROWTH_FOLLOWS_PP:g} pp behind IWM (or ahead: growth following small caps); "
    f"contradicts when more than {-GROWTH_LEFT_BEHIND_PP:g} pp behind (growth left behind); "
    "neutral otherwise.",
    unit="pp",
    series=("ARKK", "IWM"),
    optional_series=("BTC-USD",),
    compute=_growth_vs_smallcaps,
    view="cross_asset",
)

CROSS_ASSET: tuple[SignalSpec, ...] = (GOLD_VS_SMALLCAPS, CRYPTO_VS_GOLD, GROWTH_VS_SMALLCAPS)


# --- global green shoots ------------------------------------------------------------------------
#: Stale-data tolerance of the global signals: GDP may lag the quarter its release rule expects by
#: one quarter; a daily real yield whose newest close is older than this many calendar days
#: before the as-of date is not passed off as current.
GLOBAL_MAX_QUARTERS_BEHIND = 1


def _global_growth(inputs: Inputs) -> Reading:
    from dashboard.signals import macro_global as mg

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
    from dashboard.signals import macro_global as mg

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


SCORECARD: tuple[SignalSpec, ...] = SMALL_CAPS + MACRO + LIQUIDITY + CROSS_ASSET + GLOBAL

#: The twelve claims, in order; ids the views define.
SIGNAL_IDS: tuple[str, ...] = (
    "smallcap_streak",
    "smallcap_breakout",
    "philly_fed_surprise",
    "empire_surprise",
    "claims_surprise",
    "macro_surprise_index",
    "mmf_trend",
    "gold_vs_smallcaps",
    "crypto_vs_gold",
    "growth_vs_smallcaps",
    "global_growth",
    "real_yields",
)


def required_series(specs: Sequence[SignalSpec] = SCORECARD) -> tuple[str, ...]:
    """Every series id the scorecard needs (required and optional), de-duplicated."""
    ids: dict[str, None] = {}
    for spec in specs:
        ids.update(dict.fromkeys(spec.series + spec.optional_series))
    return tuple(ids)
