"""What every page calls first: the shared view state, inside app.py's navigation."""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from dashboard.state import ViewState

VIEW_KEY = "_rr_view"
#: What the page says while a rerun takes longer than half a second.
UPDATING = "Updating the view…"


def _run_inside_app() -> None:
    """Make sure app.py's navigation and shared sidebar wrap this page.

    Until ``st.navigation`` has been called once in a server process (and on every AppTest
    run), Streamlit's legacy ``pages/`` discovery is active and runs a deep-linked page file
    directly, without app.py. Switch that mode off and rerun: the rerun goes through app.py,
    whose navigation resolves the same URL to the same page.
    """
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def current_view() -> ViewState:
    """The validated view state app.py computed from the sidebar for this run.

    Pages call this first: it also guarantees the page runs inside app.py (see above).
    """
    _run_inside_app()
    view = st.session_state.get(VIEW_KEY)
    return view if isinstance(view, ViewState) else ViewState()
