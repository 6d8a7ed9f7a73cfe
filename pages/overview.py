"""Overview: the thesis at a glance and the status of every series the dashboard uses."""

import streamlit as st

from dashboard.data import catalog
from dashboard.data.load import load_series
from dashboard.ui.page import current_view
from dashboard.ui.provenance import demo_banner, status_panel

current_view()

st.title("Rotation Radar")
st.caption(
    "The Great Rotation 2026 thesis (mid-January 2026): money leaves mega-cap tech and gold "
    "for US small caps. Each claim becomes a signal you can check live and over history."
)

loaded = load_series(s.id for s in catalog.CATALOG)
demo_banner(loaded.provenance.values())

with st.container(border=True):
    st.subheader("Data status")
    st.caption("Every series the dashboard uses: where it came from, how fresh, and its flags.")
    status_panel(loaded)
