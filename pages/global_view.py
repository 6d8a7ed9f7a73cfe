"""Global view."""

import streamlit as st

from dashboard.ui.page import current_view, not_built

current_view()
st.title("Global")
not_built("the global green shoots view (GDP, copper, dollar, real yields)")
