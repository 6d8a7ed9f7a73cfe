"""Small helpers every page uses: the shared view state, honest placeholders, empty-data stops."""

from __future__ import annotations

import streamlit as st

from dashboard.state import ViewState

VIEW_KEY = "_rr_view"


def current_view() -> ViewState:
    """The validated view state app.py computed from the sidebar for this run."""
    view = st.session_state.get(VIEW_KEY)
    return view if isinstance(view, ViewState) else ViewState()


def not_built(what: str) -> None:
    """Say plainly that a view does not exist yet (no placeholder numbers, no fake charts)."""
    st.info(
        f"Not built yet: {what}. This view shows no data until it is.",
        icon=":material/construction:",
    )
