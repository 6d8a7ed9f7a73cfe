"""Small caps: the outperformance streak, the breakout above the 2021 peak, relative strength."""

from __future__ import annotations

from datetime import date

import streamlit as st

from dashboard.data.load import load_series
from dashboard.ui import cache, kit
from dashboard.ui.page import current_view
from dashboard.ui.scorecard import signal_badges
from dashboard.views import small_caps
from dashboard.views.small_caps import DEFAULT_PAIR, Params

view = current_view()
kit.title(small_caps.HEADER)
options = small_caps.pair_options(view)
left, right = st.columns([2, 3], vertical_alignment="bottom")
pair = left.selectbox(
    "Small-cap side",
    options,
    index=options.index(DEFAULT_PAIR),
    key="pair",
    bind="query-params",
    help="Compared with the sidebar's benchmark. Any ticker from the sidebar can be chosen.",
)
right.markdown(f"against the benchmark **{view.benchmark}** (sidebar)")

params = Params(pair=pair or DEFAULT_PAIR, **kit.settings("Settings", small_caps.SETTINGS))

loaded = load_series(small_caps.series_ids(view, params))
model = cache.memo(
    small_caps.build,
    loaded,
    view.keep(*small_caps.READS),
    params,
    date.today(),
    cache.timeline(view),
    memo=cache.memo,
)
kit.provenance(model.header)
if model.natural is not None:
    with st.container(horizontal=True, vertical_alignment="center"):
        st.caption(model.natural[1])
        st.button(
            f"Compare with {model.natural[0]}",
            on_click=st.session_state.__setitem__,
            args=("bench", model.natural[0]),
            key="use_natural_bench",
            icon=":material/compare_arrows:",
        )
kit.stop_on(model.stop)

with st.container(border=True):
    st.subheader(model.heading)
    st.caption(model.heading_note)
    kit.cards(model.cards)
    signal_badges(model.signals)
    st.caption(model.scorecard_note)

with st.container(border=True):
    st.subheader("Ratio line and streaks")
    kit.panel(model.ratio)

with st.container(border=True):
    st.subheader(model.breakout_title)
    st.caption(model.breakout_note)
    kit.panel(model.breakout)

with st.container(border=True):
    st.subheader("Performance")
    kit.panel(model.rebased)
    kit.panel(model.relative)

with st.container(border=True):
    st.subheader("Longest streaks")
    kit.panel(model.streaks)
