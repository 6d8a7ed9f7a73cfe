"""Small caps view."""

import streamlit as st

from dashboard.ui.page import current_view, not_built

current_view()
st.title("Small caps")
not_built("the small-cap relative strength view (streaks, breakout, ratio charts)")
