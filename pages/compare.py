"""Compare: the sidebar's tickers rebased, their strength against the benchmark, a table."""

from __future__ import annotations

from datetime import date

import streamlit as st

from dashboard.data.load import load_series
from dashboard.ui import cache, kit
from dashboard.ui.page import current_view
from dashboard.views import compare
from dashboard.views.compare import Params

view = current_view()
kit.title(compare.HEADER)
params = Params(**kit.settings("Settings", compare.SETTINGS, 2))

loaded = load_series(compare.series_ids(view))
model = cache.memo(
    compare.build,
    loaded,
    view.keep(*compare.READS),
    params,
    date.today(),
    cache.timeline(view),
)
kit.provenance(model.header)
kit.panel(model.missing)
kit.stop_on(model.stop)
st.caption(model.window_note)

with st.container(border=True):
    st.subheader("Performance")
    kit.panel(model.performance)

with st.container(border=True):
    st.subheader(f"Over the window, against {view.benchmark}")
    kit.ticker_cards(model.cards)

with st.container(border=True):
    st.subheader(f"Relative strength against {view.benchmark}")
    kit.panel(model.strength)

with st.container(border=True):
    st.subheader("Table")
    kit.table(model.table, model.header.sources)
