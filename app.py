"""Rotation Radar: page config, navigation over pages/, the shared sidebar. Nothing else."""

import streamlit as st

from dashboard.ui.page import VIEW_KEY
from dashboard.ui.sidebar import render_sidebar

st.set_page_config(
    page_title="Rotation Radar",
    page_icon=":material/radar:",
    layout="wide",
    initial_sidebar_state="expanded",
)

PAGES = [
    st.Page(
        "pages/overview.py",
        title="Overview",
        icon=":material/dashboard:",
        url_path="overview",
        default=True,
    ),
    st.Page(
        "pages/small_caps.py",
        title="Small caps",
        icon=":material/trending_up:",
        url_path="small-caps",
    ),
    st.Page("pages/macro.py", title="Macro surprises", icon=":material/speed:", url_path="macro"),
    st.Page(
        "pages/liquidity.py", title="Liquidity", icon=":material/savings:", url_path="liquidity"
    ),
    st.Page(
        "pages/cross_asset.py",
        title="Cross-asset",
        icon=":material/swap_horiz:",
        url_path="cross-asset",
    ),
    st.Page("pages/global_view.py", title="Global", icon=":material/public:", url_path="global"),
]

navigation = st.navigation(PAGES)
st.session_state[VIEW_KEY] = render_sidebar()
navigation.run()
