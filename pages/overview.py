"""Overview: which claims of the thesis hold on the chosen date, on what data; data status."""

from __future__ import annotations

from datetime import date

import streamlit as st

from dashboard import scorecard
from dashboard.data import catalog
from dashboard.data.load import load_series
from dashboard.signals import thesis
from dashboard.ui import events
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

left, right = st.columns([1, 3], vertical_alignment="bottom")
with left:
    as_of = ui.asof_picker(today)
signals = scorecard.compute(loaded, as_of=as_of)
counts = scorecard.tally(signals)
with right:
    ui.tally(counts)

# the newest observation of any loaded series: the data's own "today"
last_data = max((p.last_date for p in loaded.provenance.values() if p.last_date), default=None)
what = (
    "today: every value published so far counts"
    if as_of == today
    else f"{as_of:%Y-%m-%d}: only what was published by that day counts (no look-ahead)"
)
st.caption(f"Scorecard as of {what}.")
if last_data is not None and (as_of - last_data).days > ui.STALE_NOTICE_DAYS:

    def _replay(day: date = last_data) -> None:
        st.session_state[ui.ASOF_KEY] = day

    with st.container(horizontal=True, vertical_alignment="center"):
        st.info(
            f"The newest observation in the loaded data is from {last_data:%Y-%m-%d}, "
            f"{(as_of - last_data).days} days before the as-of date. Signals show the latest "
            "published values; those that check freshness say when data is stale.",
            icon=":material/history:",
        )
        st.button(
            f"Replay as of {last_data:%Y-%m-%d}",
            on_click=_replay,
            icon=":material/replay:",
            key="replay_last",
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
