"""Cross-asset rotation: does liquidity flow small caps -> growth -> crypto while gold stalls?"""

from __future__ import annotations

import streamlit as st

from dashboard import scoring, state
from dashboard.charts import cross_asset as charts
from dashboard.data.load import load_series
from dashboard.signals import events as ev
from dashboard.signals import rrg
from dashboard.signals.scorecard import CROSS_ASSET
from dashboard.ui import cached, events
from dashboard.ui.charts import show_chart
from dashboard.ui.page import current_view
from dashboard.ui.provenance import page_provenance
from dashboard.ui.scorecard import signal_badge
from dashboard.views.format import value_text

CALENDAR_NOTE = (
    "Calendars: BTC-USD trades 7 days a week, ETFs on NYSE sessions. Every comparison uses the "
    "dates both series have a close (equity sessions), so a session return of BTC-USD includes "
    "its weekend moves and '+20' always means 20 equity sessions."
)

view = current_view()
st.title("Cross-asset rotation")
st.caption(
    "The thesis: when small caps break to all-time highs, liquidity flows on from small caps to "
    "high growth (ARKK) to crypto (BTC-USD), while gold and silver (GLD, SLV) stall; biotech "
    "(XBI) is a catch-up trade. This view tests that claim on history."
)

# --- selection (shared link: ?assets=...&trigger=...) ---------------------------------------------
options = list(dict.fromkeys(ev.DEFAULT_ASSETS + tuple(view.tickers)))
raw_assets = st.query_params.get_all("assets")
raw_trigger = st.query_params.get_all("trigger")
notices = []
if raw_assets:
    kept, _ = state.sanitize_tickers(raw_assets)  # the sidebar names invalid values
    unknown = [a for a in kept if a not in options]
    if unknown:
        notices.append(
            f"Ignored asset(s) {', '.join(unknown)}: not offered here; add them to the sidebar "
            "tickers first."
        )
if raw_trigger and raw_trigger[-1] not in ev.TRIGGERS:
    notices.append(
        f"Ignored trigger={raw_trigger[-1][:24]!r}: choose one of {', '.join(ev.TRIGGERS)}."
    )
if notices:
    st.warning("\n\n".join(notices), icon=":material/link_off:")

left, right = st.columns([3, 2])
selected = left.multiselect(
    "Assets",
    options=options,
    default=list(ev.DEFAULT_ASSETS),
    key="assets",
    bind="query-params",
    max_selections=state.MAX_TICKERS,
    help="Defaults plus the sidebar's tickers. Compared against the sidebar's benchmark "
    f"({view.benchmark}).",
)
trigger = right.selectbox(
    "Event-study trigger",
    list(ev.TRIGGERS),
    key="trigger",
    bind="query-params",
    help="What counts as an episode. ath: "
    + ev.TRIGGERS["ath"]
    + " (after a pause); streak: "
    + ev.TRIGGERS["streak"]
    + " against the benchmark. The value travels in the link.",
)

with st.expander("Event-study, rotation and lead-lag settings", icon=":material/tune:"):
    c1, c2, c3, c4 = st.columns(4)
    quiet = c1.number_input(
        "Sessions without a new high before a breakout",
        1,
        500,
        ev.DEFAULT_QUIET,
        key="ca_quiet",
        help="The 'ath' trigger fires on a new all-time closing high after at least this many "
        "sessions without one.",
    )
    streak = c2.number_input(
        "Outperformance streak, sessions",
        1,
        30,
        ev.DEFAULT_STREAK,
        key="ca_streak",
        help=f"The 'streak' trigger: IWM beats {view.benchmark} this many sessions in a row.",
    )
    cooldown = c3.number_input(
        "Cool-down, sessions",
        0,
        500,
        ev.DEFAULT_COOLDOWN,
        key="ca_cooldown",
        help="Drop triggers within this many sessions after a kept one (60 = no overlapping "
        "+60 windows).",
    )
    tail = c4.number_input("RRG tail, weeks", 1, 52, rrg.DEFAULT_TAIL, key="ca_tail")

if not selected:
    st.info("Choose at least one asset above.", icon=":material/info:")
    st.stop()

scorecard_ids = tuple(dict.fromkeys(s for spec in CROSS_ASSET for s in spec.series))
ids = tuple(dict.fromkeys((*selected, view.benchmark, ev.TRIGGER_ASSET, *scorecard_ids)))
loaded = load_series(ids)
page_provenance(loaded, ids)
st.caption(CALENDAR_NOTE)

bench = loaded.get(view.benchmark)
assets = {a: loaded.get(a) for a in selected if loaded.get(a) is not None}
missing = [a for a in selected if a not in assets]
if missing:
    st.warning(
        f"Not loaded, left out of every chart: {', '.join(missing)} (see the badges above).",
        icon=":material/warning:",
    )
if bench is None or not assets:
    st.error(
        f"Nothing to compare: needs the benchmark {view.benchmark} and at least one asset.",
        icon=":material/error:",
    )
    st.stop()


def prov(names) -> list:
    return [loaded.provenance[n] for n in dict.fromkeys(names) if n in loaded.provenance]


# --- scorecard --------------------------------------------------------------------------------
readings = cached.scorecard(loaded, as_of=scoring.default_as_of(loaded)[0], specs=CROSS_ASSET)
with st.container(border=True):
    st.subheader("Scorecard")
    cards = st.columns(len(readings))
    for card, signal in zip(cards, readings, strict=True):
        with card:
            st.metric(
                signal.title,
                value_text(signal),
                help=f"{signal.rule}\n\n{signal.detail}\n\nSources: "
                + (", ".join(signal.sources) or "none")
                + (f"; as of {signal.as_of:%Y-%m-%d}." if signal.as_of else "."),
            )
            signal_badge(signal)
            st.caption(signal.detail)

# --- full computation -----------------------------------------------------------------------
trigger_prices = loaded.get(ev.TRIGGER_ASSET)
frame = loaded.frame([*assets, view.benchmark]).dropna(how="all")
first, last = frame.index[0].date(), frame.index[-1].date()
lo, hi = view.window(first, last)
bundle = None
if trigger_prices is not None:
    bundle = cached.cross_asset_bundle(
        assets,
        bench,
        benchmark_id=view.benchmark,
        trigger_prices=trigger_prices,
        trigger=trigger or ev.DEFAULT_TRIGGER,
        quiet=int(quiet),
        streak=int(streak),
        cooldown=int(cooldown),
        tail=int(tail),
        rrg_end=hi,
    )

# --- rebased performance -----------------------------------------------------------------------
with st.container(border=True):
    st.subheader("Performance")
    rebased = ev.rebased_performance(assets, bench, lo, hi).dropna(axis=1, how="all")
    if rebased.empty:
        st.info(f"No closes between {lo} and {hi}.")
    else:
        note = (
            f"{lo} to {hi}, each asset rebased to 100 at its first close in the window, on "
            f"{view.benchmark} sessions; log scale."
        )
        show_chart(
            events.annotate(charts.performance_figure(rebased), view, lo, hi),
            rebased,
            prov([*assets, view.benchmark]),
            key="ca_performance",
            note=" ".join(p for p in (note, events.note(view, lo, hi)) if p),
        )
        short = [a for a in assets if a not in rebased.columns]
        if short:
            st.info(f"No data in this window for: {', '.join(short)}.")

if bundle is None:
    st.warning(
        f"{ev.TRIGGER_ASSET} could not be loaded, so the rotation, lead-lag and event study "
        "(all keyed on small caps) are skipped.",
        icon=":material/warning:",
    )
    st.stop()

# --- relative rotation -------------------------------------------------------------------------
with st.container(border=True):
    st.subheader(f"Relative rotation against {view.benchmark}")
    table = bundle.rrg
    if table.empty:
        st.info("Too little history for a rotation point (about 36 weeks in common needed).")
    else:
        show_chart(
            charts.rrg_figure(table),
            table.set_index(["asset", "date"]),
            prov([*assets, view.benchmark]),
            key="ca_rrg",
            note=f"Weekly closes, last {int(tail)} weeks to {hi}. RS-Ratio: RS line vs its "
            "10-week average; RS-Momentum: its 4-week change; each scaled by its own trailing "
            "52-week root mean square (no whole-sample normalisation, no look-ahead).",
        )
        now = rrg.latest(table)[["date", "rs_ratio", "rs_momentum", "quadrant"]]
        st.dataframe(now, column_config={"date": st.column_config.DateColumn(format="YYYY-MM-DD")})
    for name, why in bundle.short.items():
        st.info(f"{name}: {why}.")

# --- lead-lag ----------------------------------------------------------------------------------
with st.container(border=True):
    st.subheader(f"Lead-lag: does {ev.TRIGGER_ASSET} move first?")
    if bundle.leadlag.empty:
        st.info(f"Select assets other than {ev.TRIGGER_ASSET} to see lead-lag correlations.")
    else:
        show_chart(
            charts.leadlag_heatmap(bundle.leadlag, lead=ev.TRIGGER_ASSET),
            bundle.leadlag,
            prov([ev.TRIGGER_ASSET, *assets]),
            key="ca_leadlag",
            note=f"Correlation of {ev.TRIGGER_ASSET}'s daily return at t with each asset's "
            "return at t+k, full common history. Rough 95% band of zero: +-1.96/sqrt(pairs).",
        )
        st.dataframe(
            bundle.leadlag_summary,
            column_config={
                "start": st.column_config.DateColumn(format="YYYY-MM-DD"),
                "end": st.column_config.DateColumn(format="YYYY-MM-DD"),
            },
        )

# --- event study -------------------------------------------------------------------------------
study, sequence = bundle.study, bundle.sequence
with st.container(border=True):
    st.subheader("Event study")
    st.markdown(
        f"**Trigger:** {study.description}. **{len(study.triggers)} episodes** over the full "
        f"history of {ev.TRIGGER_ASSET} (the date range applies to the charts above, not here)."
    )
    if study.triggers.empty:
        st.info("No episode matches this trigger; loosen the settings above.")
    else:
        show_chart(
            charts.event_study_figure(study.table),
            study.table.set_index(["asset", "horizon"]),
            prov([ev.TRIGGER_ASSET, *assets]),
            key="ca_events",
            note="Bars: mean forward return after the triggers with the 95% bootstrap interval "
            f"({study.n_boot:,} resamples, seeded); diamonds: the baseline, the mean over every "
            "session with a complete window in the same history.",
        )
        shown = study.table.copy()
        st.dataframe(
            shown,
            hide_index=True,
            column_config={
                "first": st.column_config.DateColumn(format="YYYY-MM-DD"),
                "last": st.column_config.DateColumn(format="YYYY-MM-DD"),
                "hit_rate": st.column_config.NumberColumn(format="percent"),
            },
        )
        for name, why in study.notes.items():
            st.info(f"{name}: {why}.")

    st.markdown(f"**The sequence:** own new all-time highs within {sequence.horizon} sessions")
    if sequence.days.empty:
        st.info("No episodes to order.")
    else:
        parts = []
        before = sequence.share_before("ARKK", "BTC-USD")
        if before is not None:
            parts.append(f"ARKK broke out before BTC-USD in {before:.0%} of the episodes")
        if sequence.order_share is not None:
            parts.append(
                f"the claimed order {' -> '.join(sequence.order)} held in "
                f"{sequence.order_share:.0%} of {sequence.order_episodes} episodes"
            )
        if parts:
            st.write("; ".join(parts) + ".")
        st.dataframe(sequence.summary)
        show_chart(
            charts.sequence_figure(sequence.days, horizon=sequence.horizon),
            sequence.days,
            prov([ev.TRIGGER_ASSET, *assets]),
            key="ca_sequence",
            note="Sessions from each trigger to each asset's first new all-time closing high "
            "(its own full history; a BTC-USD weekend high counts on the next session). No dot: "
            "no breakout in the window, or fewer than 12 months of history.",
        )
