"""Cross-asset rotation: does liquidity flow small caps -> growth -> crypto while gold stalls?"""

from __future__ import annotations

from datetime import date

import streamlit as st

from dashboard import state
from dashboard.data.load import load_series
from dashboard.signals import events as ev
from dashboard.ui import cache, kit
from dashboard.ui.page import current_view
from dashboard.ui.scorecard import signal_badge
from dashboard.views import cross_asset
from dashboard.views.cross_asset import Params

view = current_view()
kit.title(cross_asset.HEADER)
left, right = st.columns([3, 2])
selected = left.multiselect(
    "Assets",
    options=cross_asset.asset_options(view),
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
    help=f"What counts as an episode. ath: {ev.TRIGGERS['ath']} (after a pause); streak: "
    f"{ev.TRIGGERS['streak']} against the benchmark. The value travels in the link.",
)
settings = kit.settings("Event-study, rotation and lead-lag settings", cross_asset.SETTINGS)
if not selected:
    st.info("Choose at least one asset above.", icon=":material/info:")
    st.stop()
params = Params(assets=tuple(selected), trigger=trigger or ev.DEFAULT_TRIGGER, **settings)

loaded = load_series(cross_asset.series_ids(view, params))
model = cache.memo(
    cross_asset.build,
    loaded,
    view.keep(*cross_asset.READS),
    params,
    date.today(),
    cache.timeline(view),
    memo=cache.memo,
)
kit.provenance(model.header)
st.caption(cross_asset.CALENDAR_NOTE)
kit.panel(model.missing)
kit.stop_on(model.stop)
st.caption(f"As of {model.day.reason}.")

with st.container(border=True):
    st.subheader("Scorecard")
    for column, card, signal in zip(st.columns(len(model.cards)), model.cards, model.signals, strict=True):  # fmt: skip
        with column:
            kit.metric(card)
            signal_badge(signal)
            st.caption(signal.detail)

with st.container(border=True):
    st.subheader("Performance")
    kit.panel(model.performance)
    kit.panel(model.short)
kit.stop_on(model.skipped)

with st.container(border=True):
    st.subheader(f"Relative rotation against {view.benchmark}")
    kit.panel(model.rotation)
    kit.panel(model.rotation_table)
    kit.show_notices(model.rotation_notes)

with st.container(border=True):
    st.subheader(f"Lead-lag: does {ev.TRIGGER_ASSET} move first?")
    kit.panel(model.leadlag)
    kit.panel(model.leadlag_table)

with st.container(border=True):
    study = model.study
    st.subheader("Event study")
    st.markdown(study.summary)
    kit.panel(study.chart)
    kit.panel(study.table)
    kit.show_notices(study.notes)
    st.markdown(study.sequence_title)
    if study.sequence_text:
        st.write(study.sequence_text)
    kit.panel(study.sequence_table)
    kit.panel(study.sequence)
