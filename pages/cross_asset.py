"""Cross-asset view."""

import streamlit as st

from dashboard.ui.page import not_built

st.title("Cross-asset")
not_built("the cross-asset rotation view (RRG, lead-lag, event study)")
