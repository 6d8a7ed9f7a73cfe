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

DEFAULTS = Params()

view = current_view()
kit.title(liquidity.HEADER)
with kit.lazy_expander("Turning-point rule and lead-lag settings", key="liq_settings",
                       icon=":material/tune:") as box:  # fmt: skip
    if box.open:
        left, middle, right = st.columns(3)
        left.number_input(
            "Decline from the running peak, %", min_value=0.1, max_value=20.0,
            value=DEFAULTS.min_decline_pct, step=0.1, key="liq_min_decline", persist_state="page",
            help="A turn needs the level at least this far below its running peak...",
        )  # fmt: skip
        middle.number_input(
            "...held for at least (weeks)", min_value=0, max_value=52, value=DEFAULTS.min_weeks,
            step=1, key="liq_min_weeks", persist_state="page",
            help="...on every observation for this many weeks. The detection date is when both "
            "hold.",
        )  # fmt: skip
        right.number_input(
            "Lead-lag: longest lag (weeks)", min_value=1, max_value=52, value=DEFAULTS.max_lag,
            step=1, key="liq_max_lag", persist_state="page",
        )  # fmt: skip
params = Params(
    min_decline_pct=float(kit.setting("liq_min_decline", DEFAULTS.min_decline_pct)),
    min_weeks=int(kit.setting("liq_min_weeks", DEFAULTS.min_weeks)),
    max_lag=int(kit.setting("liq_max_lag", DEFAULTS.max_lag)),
)

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
