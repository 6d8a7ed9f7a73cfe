"""The policy event timeline on charts, and the editor for the team's own events.

Events live in ``dashboard/resources/events.csv`` (bundled, with source notes) plus the team's
rows beside the cache (:mod:`dashboard.data.usertables`, spec ``EVENTS``). Charts show them as
dotted vertical markers when the shared ``events`` toggle is on (URL ``events=true``); events on
the same day share one marker so labels do not pile up.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard.charts.base import EVENT_LABEL_CHARS, add_events, short_label
from dashboard.data import usertables
from dashboard.state import ViewState

EDITOR_KEY = "events_editor"


def load() -> usertables.TableLoad:
    """Bundled events merged with the team's (validated; problems come back as notices)."""
    return usertables.load(usertables.EVENTS)


def markers(events: pd.DataFrame) -> pd.DataFrame:
    """One row per date (``date``, ``title``, ``category``): same-day events are joined
    ("Taiwan tariff lowered to 15% +3 more")."""
    if events is None or events.empty:
        return pd.DataFrame(columns=["date", "title", "category"])
    rows = []
    for when, group in events.sort_values("date").groupby("date", sort=True):
        first = str(group["title"].iloc[0])
        more = "" if len(group) == 1 else f" +{len(group) - 1} more"
        title = short_label(first, EVENT_LABEL_CHARS - len(more)) + more  # keep the count
        rows.append(
            {"date": when, "title": title, "category": ", ".join(dict.fromkeys(group["category"]))}
        )
    return pd.DataFrame(rows)


def in_window(events: pd.DataFrame, start, end) -> pd.DataFrame:
    if events is None or events.empty:
        return events
    lo, hi = pd.Timestamp(start), pd.Timestamp(end)
    return events[(events["date"] >= lo) & (events["date"] <= hi)]


def annotate(fig: go.Figure, view: ViewState, start, end) -> go.Figure:
    """Add the event markers in [start, end] to ``fig`` when the view's events toggle is on."""
    if not view.events:
        return fig
    return add_events(fig, markers(load().frame), start, end)


def note(view: ViewState, start, end) -> str | None:
    """A caption fragment naming the events shown (None when the toggle is off)."""
    if not view.events:
        return None
    shown = in_window(load().frame, start, end)
    if shown is None or shown.empty:
        return "Event timeline on: no events in this window."
    return f"Events marked: {len(shown)} (see the event timeline for dates and sources)."


def timeline_table(frame: pd.DataFrame) -> None:
    st.dataframe(
        frame.sort_values("date", ascending=False),
        hide_index=True,
        width="stretch",
        column_config={
            "date": st.column_config.DateColumn(format="YYYY-MM-DD"),
            "source_note": st.column_config.TextColumn("source note", width="large"),
        },
    )


def editor() -> None:
    """The event timeline: bundled and team rows, and an editor for the team's own rows.

    Nothing is saved until *Save*; invalid rows are refused with their messages and the stored
    rows stay as they were, so nothing typed is lost silently.
    """
    table = load()
    for notice in table.notices:
        st.warning(notice, icon=":material/warning:")
    st.caption(
        f"{len(table.frame)} events ({(table.frame['origin'] == 'bundled').sum()} bundled, "
        f"{(table.frame['origin'] == 'user').sum()} added by your team). Toggle *Event timeline "
        "on charts* in the sidebar to mark them on time-series charts."
    )
    timeline_table(table.frame)
    st.markdown("**Your team's events**")
    st.caption(
        f"Stored beside the cache in `{table.user_path}`, never in the bundled file. A row with "
        "the same date and title as a bundled one replaces it (a correction). Dates as YYYY-MM-DD."
    )
    rows = usertables.user_rows(usertables.EVENTS)
    edited = st.data_editor(
        rows,
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        key=EDITOR_KEY,
        column_config={
            "date": st.column_config.DateColumn("date", format="YYYY-MM-DD", required=True),
            "title": st.column_config.TextColumn("title", required=True, max_chars=120),
            "category": st.column_config.TextColumn(
                "category", required=True, help="tariffs, capex, macro, markets, ..."
            ),
            "source_note": st.column_config.TextColumn("source note", max_chars=300),
        },
    )
    if st.button("Save events", icon=":material/save:", key="events_save"):
        errors = usertables.save_user_rows(usertables.EVENTS, pd.DataFrame(edited))
        if errors:
            st.error(
                "Nothing was saved; fix these rows first:\n\n"
                + "\n".join(f"- {e}" for e in errors),
                icon=":material/error:",
            )
        else:
            st.success("Saved your team's events.", icon=":material/check:")
