"""Liquidity view."""

import streamlit as st

from dashboard.ui.page import current_view, not_built

current_view()
st.title("Liquidity")
not_built("the money-market-fund liquidity view (level, flows, turning points)")
