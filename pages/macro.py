"""Macro surprises view."""

import streamlit as st

from dashboard.ui.page import current_view, not_built

current_view()
st.title("Macro surprises")
not_built("the macro surprise gauges (actual vs expected, composite index)")
