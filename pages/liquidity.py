"""Liquidity view."""

import streamlit as st

from dashboard.ui.page import not_built

st.title("Liquidity")
not_built("the money-market-fund liquidity view (level, flows, turning points)")
