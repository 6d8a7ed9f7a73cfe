"""Macro surprises view."""

import streamlit as st

from dashboard.ui.page import not_built

st.title("Macro surprises")
not_built("the macro surprise gauges (actual vs expected, composite index)")
