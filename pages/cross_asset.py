"""Cross-asset view."""

import streamlit as st

from dashboard.ui.page import current_view, not_built

current_view()
st.title("Cross-asset")
not_built("the cross-asset rotation view (RRG, lead-lag, event study)")
