"""Liquidity: the money-market-fund "wall of cash", its flows, and whether it is rolling over."""

from __future__ import annotations

from datetime import date

import streamlit as st

from dashboard.data.load import load_series
from dashboard.ui import cache, kit
from dashboard.ui.page import current_view
from dashboard.ui.scorecard import signal_badge
from dashboard.views import liquidity
from dashboard.views.liquidity import Params

view = current_view()
kit.title(liquidity.HEADER)
params = Params(**kit.settings("Turning-point rule and lead-lag settings", liquidity.SETTINGS, 3))

loaded = load_series(liquidity.IDS)
model = cache.memo(
    liquidity.build,
    loaded,
    view.keep(*liquidity.READS),
    params,
    date.today(),
    cache.timeline(view),
    memo=cache.memo,
)
kit.provenance(model.header)
kit.stop_on(model.stop)
st.caption(f"As of {model.day.reason}.")
with st.container(horizontal=True, gap="small"):
    for role in model.roles:
        st.badge(role.label, color=role.color, icon=role.icon, help=role.help)
st.caption(model.selection_note)

with st.container(border=True):
    st.subheader(model.heading)
    kit.cards(model.cards)
    signal_badge(model.signal)
    kit.panel(model.level)

with st.container(border=True):
    st.subheader("Weekly flows")
    if model.flows_note:
        st.caption(model.flows_note)
    if model.flow_z is not None:
        kit.metric(model.flow_z)
    kit.panel(model.flows)

with st.container(border=True):
    st.subheader("Flows against small-cap relative performance")
    kit.panel(model.overlay)
    if model.leadlag is not None:
        st.markdown("**Lead-lag: do outflows precede small-cap outperformance?**")
        if model.leadlag.text:
            st.write(model.leadlag.text)
        kit.panel(model.leadlag.panel)
