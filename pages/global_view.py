"""Global view."""

import streamlit as st

from dashboard.ui.page import not_built

st.title("Global")
not_built("the global green shoots view (GDP, copper, dollar, real yields)")
