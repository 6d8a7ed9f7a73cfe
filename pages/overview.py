"""Overview: which claims of the thesis hold on the chosen date, on what data; data status."""

from __future__ import annotations

from datetime import date

import streamlit as st

from dashboard import scorecard
from dashboard.data import catalog, onboarding
from dashboard.data.load import load_series
from dashboard.settings import get_settings
from dashboard.signals import thesis
from dashboard.ui import cached, events
from dashboard.ui import scorecard as ui
from dashboard.ui.page import current_view
from dashboard.ui.provenance import demo_banner, status_panel

current_view()
today = date.today()

st.title("Rotation Radar")
st.caption(
    "The Great Rotation 2026 thesis (mid-January 2026): money leaves mega-cap tech and gold "
    "for US small caps. Each claim becomes a signal you can check live and over history."
)

ids = tuple(dict.fromkeys((*thesis.required_series(), *(s.id for s in catalog.CATALOG))))
loaded = load_series(ids)
demo_banner(loaded.provenance.values())

# setup checklist: what is live, what is not, and the one step that fixes each
settings = get_settings()
setup = onboarding.checklist(loaded.provenance, settings.sources, bool(settings.fred_api_key))
with st.expander(
    onboarding.headline(setup),
    expanded=not all(item.ok for item in setup),
    icon=":material/checklist:",
):
    st.markdown("  \n".join(item.markdown() for item in setup))

default_day, default_reason = scorecard.default_as_of(loaded, today)
left, right = st.columns([1, 3], vertical_alignment="bottom")
with left:
    as_of = ui.asof_picker(today, default=default_day)
signals = cached.scorecard(loaded, as_of)
with right:
    ui.tally(scorecard.tally(signals), scorecard.headline(signals))

if as_of == default_day:
    what = default_reason
else:
    what = f"{as_of:%Y-%m-%d}: only what was published by that day counts (no look-ahead)"
st.caption(
    f"Scorecard as of {what}. A signal whose newest data is older than its frequency allows "
    "is stale and says so instead of scoring."
)
last_close = scorecard.newest_market_close(loaded)
if last_close is not None and (as_of - last_close).days > thesis.MAX_AGE_DAYS["B"]:
    # e.g. a data folder exported weeks ago: offer the day the data can still answer for
    with st.container(horizontal=True, vertical_alignment="center"):
        st.info(
            f"The newest market close in the loaded data is {last_close:%Y-%m-%d}, "
            f"{(as_of - last_close).days} days before the as-of date, so signals on daily "
            "prices are stale.",
            icon=":material/history:",
        )
        st.button(
            f"Score as of {last_close:%Y-%m-%d}",
            on_click=ui.set_as_of,
            args=(last_close,),
            icon=":material/replay:",
            key="score_last_close",
        )

cards_tab, table_tab = st.tabs(["Cards", "Table"])
with cards_tab:
    ui.cards(signals, as_of)
with table_tab:
    frame = ui.table(signals)
    st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        column_config={
            "data as of": st.column_config.DateColumn(format="YYYY-MM-DD"),
            "value": st.column_config.NumberColumn(format="%+.3f"),
            "detail": st.column_config.TextColumn(width="large"),
        },
    )
    st.download_button(
        "Scorecard CSV",
        data=lambda: frame.to_csv(index=False).encode("utf-8"),
        file_name=f"rotation-radar-scorecard-{as_of:%Y-%m-%d}.csv",
        mime="text/csv",
        icon=":material/download:",
        on_click="ignore",
        key="scorecard_csv",
    )

with st.expander("Event timeline", icon=":material/event_note:"):
    events.editor()

with st.expander("Data status", icon=":material/database:"):
    st.caption("Every series the dashboard uses: where it came from, how fresh, and its flags.")
    status_panel(loaded)
