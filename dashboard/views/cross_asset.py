"""Cross-asset rotation: does liquidity flow small caps -> growth -> crypto while gold stalls?

Everything stands as it did on the view's day (the shared as-of date, or the default): prices
after it are not used, by the charts, the rotation graph or the event study.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import pandas as pd

from dashboard import scoring
from dashboard.charts import cross_asset as charts
from dashboard.data.load import Loaded
from dashboard.signals import events as ev
from dashboard.signals import rrg
from dashboard.signals import scorecard as rules
from dashboard.state import LinkParam, ViewState
from dashboard.views import format as fmt
from dashboard.views.common import Day, Header, published, sources, view_day
from dashboard.views.model import (
    Card,
    Chart,
    Column,
    Memo,
    Notice,
    Panel,
    Setting,
    Table,
    Timeline,
    call,
    time_chart,
)

TITLE = "Cross-asset rotation"
INTRO = (
    "The thesis: when small caps break to all-time highs, liquidity flows on from small caps to "
    "high growth (ARKK) to crypto (BTC-USD), while gold and silver (GLD, SLV) stall; biotech "
    "(XBI) is a catch-up trade. This view tests that claim on history."
)
HEADER = Header(TITLE, INTRO)
CALENDAR_NOTE = (
    "Calendars: BTC-USD trades 7 days a week, ETFs on NYSE sessions. Every comparison uses the "
    "dates both series have a close (equity sessions), so a session return of BTC-USD includes "
    "its weekend moves and '+20' always means 20 equity sessions."
)
SCORE_IDS = tuple(dict.fromkeys(s for spec in rules.CROSS_ASSET for s in spec.series))

#: The parts of the shared view state this view reads (its cache key).
READS = ("benchmark", "range_preset", "start", "end", "as_of", "events")


@dataclass(frozen=True, slots=True)
class Params:
    """``?assets=``, ``?trigger=`` and the settings panel."""

    assets: tuple[str, ...] = ev.DEFAULT_ASSETS
    trigger: str = ev.DEFAULT_TRIGGER
    quiet: int = ev.DEFAULT_QUIET
    streak: int = ev.DEFAULT_STREAK
    cooldown: int = ev.DEFAULT_COOLDOWN
    tail: int = rrg.DEFAULT_TAIL


SETTINGS = (
    Setting(
        "quiet",
        "ca_quiet",
        "Sessions without a new high before a breakout",
        ev.DEFAULT_QUIET,
        1,
        500,
        help="The 'ath' trigger fires on a new all-time closing high after at least this many "
        "sessions without one.",
    ),
    Setting(
        "streak",
        "ca_streak",
        "Outperformance streak, sessions",
        ev.DEFAULT_STREAK,
        1,
        30,
        help="The 'streak' trigger: IWM beats the sidebar's benchmark this many sessions in a row.",
    ),
    Setting(
        "cooldown",
        "ca_cooldown",
        "Cool-down, sessions",
        ev.DEFAULT_COOLDOWN,
        0,
        500,
        help="Drop triggers within this many sessions after a kept one (60 = no overlapping "
        "+60 windows).",
    ),
    Setting("tail", "ca_tail", "RRG tail, weeks", rrg.DEFAULT_TAIL, 1, 52),
)


#: What a link may set on this page (checked by the sidebar before the widgets read it).
LINK_PARAMS = (
    LinkParam("assets", "symbols", options=ev.DEFAULT_ASSETS),
    LinkParam("trigger", "choice", options=tuple(ev.TRIGGERS)),
    *(s.link() for s in SETTINGS),
)


def asset_options(view: ViewState) -> list[str]:
    """The assets offered: the defaults plus the sidebar's tickers."""
    return list(dict.fromkeys(ev.DEFAULT_ASSETS + tuple(view.tickers)))


def series_ids(view: ViewState, params: Params) -> tuple[str, ...]:
    return tuple(dict.fromkeys((*params.assets, view.benchmark, ev.TRIGGER_ASSET, *SCORE_IDS)))


@dataclass(frozen=True, slots=True)
class EventStudy:
    summary: str  #: trigger, number of episodes, the history used
    chart: Panel
    table: Table | None
    notes: tuple[Notice, ...]
    sequence_title: str
    sequence_text: str
    sequence_table: Table | None
    sequence: Panel


@dataclass(frozen=True, slots=True)
class CrossAssetView:
    header: Header
    stop: Notice | None = None
    day: Day | None = None  #: the day the view stands on (the caption says why)
    missing: Notice | None = None
    cards: tuple[Card, ...] = ()
    signals: tuple[rules.Signal, ...] = ()
    details: tuple[str, ...] = ()
    performance: Panel | None = None
    short: Notice | None = None
    #: set when the trigger asset is missing: rotation, lead-lag and event study are skipped
    skipped: Notice | None = None
    rotation: Panel | None = None
    rotation_table: Table | None = None
    rotation_notes: tuple[Notice, ...] = ()
    leadlag: Panel | None = None
    leadlag_table: Table | None = None
    study: EventStudy | None = None


def build(
    loaded: Loaded,
    view: ViewState,
    params: Params,
    today: date,
    timeline: Timeline | None = None,
    memo: Memo = call,
) -> CrossAssetView:
    ids = series_ids(view, params)
    header = Header(TITLE, INTRO, sources(loaded, ids))
    day = view_day(view, loaded, today)
    cut = published(loaded, day, ids)
    bench = cut.get(view.benchmark)
    assets = {a: cut[a] for a in params.assets if a in cut}
    missing_ids = [a for a in params.assets if a not in assets]
    missing = None
    if missing_ids:
        missing = Notice(
            f"Not loaded, left out of every chart: {', '.join(missing_ids)} (see the badges "
            "above).",
            "warning",
        )
    if bench is None or not assets:
        stop = Notice(
            f"Nothing to compare: needs the benchmark {view.benchmark} and at least one asset.",
            "error",
        )
        return CrossAssetView(header, stop, day, missing)

    def prov(names) -> tuple:
        return sources(loaded, [n for n in dict.fromkeys(names)])

    signals = tuple(memo(scoring.compute, loaded, as_of=day.day, specs=rules.CROSS_ASSET))
    cards = tuple(fmt.signal_card(s) for s in signals)
    frame = pd.concat([*assets.values(), bench], axis=1, sort=True).dropna(how="all")
    lo, hi = view.window(frame.index[0].date(), frame.index[-1].date())
    rebased = ev.rebased_performance(assets, bench, lo, hi).dropna(axis=1, how="all")
    short = None
    if rebased.empty:
        performance: Panel = Notice(f"No closes between {lo} and {hi}.")
    else:
        note = (
            f"{lo} to {hi}, each asset rebased to 100 at its first close in the window, on "
            f"{view.benchmark} sessions; log scale."
        )
        performance = time_chart(
            "ca_performance",
            charts.performance_figure(rebased),
            rebased,
            prov([*assets, view.benchmark]),
            window=(lo, hi),
            timeline=timeline,
            note=note,
        )
        absent = [a for a in assets if a not in rebased.columns]
        if absent:
            short = Notice(f"No data in this window for: {', '.join(absent)}.")
    model = CrossAssetView(
        header,
        None,
        day,
        missing,
        cards,
        signals,
        tuple(s.detail for s in signals),
        performance,
        short,
    )
    trigger_prices = cut.get(ev.TRIGGER_ASSET)
    if trigger_prices is None:
        skipped = Notice(
            f"{ev.TRIGGER_ASSET} could not be loaded, so the rotation, lead-lag and event study "
            "(all keyed on small caps) are skipped.",
            "warning",
        )
        return replace(model, skipped=skipped)
    bundle = memo(
        ev.cross_asset_bundle,
        assets,
        bench,
        benchmark_id=view.benchmark,
        trigger_prices=trigger_prices,
        trigger=params.trigger,
        quiet=params.quiet,
        streak=params.streak,
        cooldown=params.cooldown,
        tail=params.tail,
        rrg_end=hi,
    )
    everyone = prov([ev.TRIGGER_ASSET, *assets])
    return replace(
        model,
        **_rotation(bundle, params, hi, prov([*assets, view.benchmark])),
        **_leadlag(bundle, everyone),
        study=_study(bundle, everyone),
    )


def asset_column(frame: pd.DataFrame) -> pd.DataFrame:
    """A table indexed by asset with the asset as its first column (labelled like the rest)."""
    return frame.rename_axis("asset").reset_index()


ASSET = Column("asset")
ROTATION_COLUMNS = {
    "asset": ASSET,
    "date": Column("week ending", "date"),
    "rs_ratio": Column("RS-Ratio", "number", "%.2f"),
    "rs_momentum": Column("RS-Momentum", "number", "%.2f"),
    "quadrant": Column("quadrant"),
}
LEADLAG_COLUMNS = {
    "asset": ASSET,
    "peak_lag": Column(
        "strongest lag",
        "number",
        "%+d",
        help=f"The lag k (sessions) of the largest |correlation| of {ev.TRIGGER_ASSET} at t "
        "with the asset at t+k; k > 0: small caps moved first.",
    ),
    "peak_correlation": Column("correlation there", "number", "%+.3f"),
    "lead_lag": Column("strongest lag other than 0", "number", "%+d"),
    "lead_correlation": Column("correlation at that lag", "number", "%+.3f"),
    "lead_outside_band": Column(
        "outside the 95% band", "check", help="At the strongest lag other than 0."
    ),
    "pairs": Column("sessions compared", "number", "%d"),
    "band": Column("95% band of zero, ±", "number", "%.3f"),
    "start": Column("from", "date"),
    "end": Column("to", "date"),
}
STUDY_COLUMNS = {
    "asset": ASSET,
    "horizon": Column("sessions after", "number", "+%d"),
    "n_events": Column("episodes", "number", "%d"),
    "mean": Column("mean, %", "number", "%+.2f"),
    "median": Column("median, %", "number", "%+.2f"),
    "hit_rate": Column("up in", "number", "percent", help="Share of episodes with a gain."),
    "ci_low": Column("95% interval from, %", "number", "%+.2f"),
    "ci_high": Column("95% interval to, %", "number", "%+.2f"),
    "baseline": Column("baseline, %", "number", "%+.2f", help="Mean over every session."),
    "baseline_n": Column("baseline sessions", "number", "%d"),
    "excess": Column("excess, pp", "number", "%+.2f"),
    "excess_ci_low": Column("excess interval from, pp", "number", "%+.2f"),
    "excess_ci_high": Column("excess interval to, pp", "number", "%+.2f"),
    "p_random": Column(
        "chance of a random match",
        "number",
        "%.3f",
        help="Share of random draws of as many sessions whose mean is at least as far from "
        "the baseline (two-sided).",
    ),
    "first": Column("first episode", "date"),
    "last": Column("last episode", "date"),
}
SEQUENCE_COLUMNS = {
    "asset": ASSET,
    "episodes": Column("episodes", "number", "%d"),
    "breakouts": Column("new highs", "number", "%d"),
    "share": Column("share", "number", "percent"),
    "median_days": Column("median sessions to it", "number", "%.1f"),
    "mean_days": Column("mean sessions to it", "number", "%.1f"),
}


def _rotation(bundle, params, hi, prov) -> dict:
    table = bundle.rrg
    notes = tuple(Notice(f"{name}: {why}.") for name, why in bundle.short.items())
    if table.empty:
        empty = Notice("Too little history for a rotation point (about 36 weeks in common needed).")
        return {"rotation": empty, "rotation_notes": notes}
    note = (
        f"Weekly closes, last {params.tail} weeks to {hi}. RS-Ratio: RS line vs its 10-week "
        "average; RS-Momentum: its 4-week change; each scaled by its own trailing 52-week root "
        "mean square (no whole-sample normalisation, no look-ahead)."
    )
    chart = Chart(
        "ca_rrg", charts.rrg_figure(table), table.set_index(["asset", "date"]), prov, note
    )
    now = rrg.latest(table)[["date", "rs_ratio", "rs_momentum", "quadrant"]]
    return {
        "rotation": chart,
        "rotation_table": Table("ca_rrg_now", asset_column(now), ROTATION_COLUMNS),
        "rotation_notes": notes,
    }


def _leadlag(bundle, prov) -> dict:
    if bundle.leadlag.empty:
        return {
            "leadlag": Notice(
                f"Select assets other than {ev.TRIGGER_ASSET} to see lead-lag correlations."
            )
        }
    note = (
        f"Correlation of {ev.TRIGGER_ASSET}'s daily return at t with each asset's return at "
        "t+k, full common history. Rough 95% band of zero: +-1.96/sqrt(pairs)."
    )
    chart = Chart(
        "ca_leadlag",
        charts.leadlag_heatmap(bundle.leadlag, lead=ev.TRIGGER_ASSET),
        bundle.leadlag,
        prov,
        note,
    )
    summary = Table("ca_leadlag_summary", asset_column(bundle.leadlag_summary), LEADLAG_COLUMNS)
    return {"leadlag": chart, "leadlag_table": summary}


def _study(bundle, prov) -> EventStudy:
    study, sequence = bundle.study, bundle.sequence
    summary = (
        f"**Trigger:** {study.description}. **{len(study.triggers)} episodes** over the full "
        f"history of {ev.TRIGGER_ASSET} (the date range applies to the charts above, not here)."
    )
    if study.triggers.empty:
        chart: Panel = Notice("No episode matches this trigger; loosen the settings above.")
        table = None
        notes: tuple[Notice, ...] = ()
    else:
        note = (
            "Bars: mean forward return after the triggers with the 95% bootstrap interval "
            f"({study.n_boot:,} resamples, seeded); diamonds: the baseline, the mean over every "
            "session with a complete window in the same history."
        )
        chart = Chart(
            "ca_events",
            charts.event_study_figure(study.table),
            study.table.set_index(["asset", "horizon"]),
            prov,
            note,
        )
        table = Table("ca_study", study.table, STUDY_COLUMNS)
        notes = tuple(Notice(f"{name}: {why}.") for name, why in study.notes.items())
    title = f"**The sequence:** own new all-time highs within {sequence.horizon} sessions"
    if sequence.days.empty:
        return EventStudy(
            summary, chart, table, notes, title, "", None, Notice("No episodes to order.")
        )
    parts = []
    before = sequence.share_before("ARKK", "BTC-USD")
    if before is not None:
        parts.append(f"ARKK broke out before BTC-USD in {before:.0%} of the episodes")
    if sequence.order_share is not None:
        parts.append(
            f"the claimed order {' -> '.join(sequence.order)} held in "
            f"{sequence.order_share:.0%} of {sequence.order_episodes} episodes"
        )
    note = (
        "Sessions from each trigger to each asset's first new all-time closing high (its own "
        "full history; a BTC-USD weekend high counts on the next session). No dot: no breakout "
        "in the window, or fewer than 12 months of history."
    )
    seq_chart = Chart(
        "ca_sequence",
        charts.sequence_figure(sequence.days, horizon=sequence.horizon),
        sequence.days,
        prov,
        note,
    )
    return EventStudy(
        summary,
        chart,
        table,
        notes,
        title,
        "; ".join(parts) + "." if parts else "",
        Table("ca_sequence_summary", asset_column(sequence.summary), SEQUENCE_COLUMNS),
        seq_chart,
    )
