"""Rotation Radar: page config, navigation over pages/, the shared sidebar. Nothing else."""

from pathlib import Path

import streamlit as st

from dashboard.ui.linked_zoom import linked_zoom
from dashboard.ui.page import UPDATING, VIEW_KEY
from dashboard.ui.sidebar import render_sidebar

# A bundled file, not ":material/radar:": Streamlit fetches a material page icon from Google's
# font server, which an offline or firewalled team never reaches (the navigation's material
# icons come from a font Streamlit bundles, so they work offline).
ICON = Path(__file__).parent / "dashboard" / "resources" / "radar.svg"

st.set_page_config(
    page_title="Rotation Radar",
    page_icon=str(ICON),
    layout="wide",
    initial_sidebar_state="auto",  # collapsed on a phone-sized screen, open otherwise
)

# Each page's URL is its file name (/small_caps, /macro, ...), the same path Streamlit's legacy
# pages/ discovery gives it, so a deep link resolves to the same page either way.
PAGES = [
    st.Page(
        "pages/overview.py",
        title="Overview",
        icon=":material/dashboard:",
        default=True,
    ),
    st.Page("pages/compare.py", title="Compare", icon=":material/stacked_line_chart:"),
    st.Page(
        "pages/small_caps.py",
        title="Small caps",
        icon=":material/trending_up:",
    ),
    st.Page("pages/macro.py", title="Macro surprises", icon=":material/speed:"),
    st.Page("pages/liquidity.py", title="Liquidity", icon=":material/savings:"),
    st.Page(
        "pages/cross_asset.py",
        title="Cross-asset",
        icon=":material/swap_horiz:",
    ),
    st.Page("pages/global_view.py", title="Global", icon=":material/public:"),
]

navigation = st.navigation(PAGES)
# A rerun that takes longer than half a second says so at the top of the page (Streamlit's
# spinner shows only after 0.5 s; its own running icon sits in a corner, under a phone's sidebar).
# The sidebar is inside it: resolving the default as-of date loads the scorecard's data.
with st.spinner(UPDATING):
    st.session_state[VIEW_KEY] = render_sidebar(navigation.url_path)
    with st.sidebar:
        linked_zoom()  # zooming one time chart zooms the view's others (renders nothing)
    navigation.run()
