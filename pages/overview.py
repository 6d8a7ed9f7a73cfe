"""Overview: which claims of the thesis hold on the chosen date, on what data; data status."""

from __future__ import annotations

from datetime import date

import streamlit as st

from dashboard.data import freshness, usertables
from dashboard.data.load import load_series
from dashboard.settings import get_settings
from dashboard.ui import cache, kit, scorecard
from dashboard.ui.page import current_view
from dashboard.ui.provenance import demo_banner, status_counts
from dashboard.views import overview
from dashboard.views.model import DATE, Column

view = current_view()
loaded = load_series(overview.series_ids())
model = cache.memo(
    overview.build,
    loaded,
    view.keep(*overview.READS),
    date.today(),
    cache.consensus(),
    memo=cache.memo,
    timeline=cache.timeline(view),
)

kit.title(model.header)
demo_banner(model.header.sources)
kit.show_notices(model.notices)
scorecard.tally(model.tally, model.headline)
st.caption(model.day_note)
for jump in model.jumps:
    st.button(
        jump.label,
        on_click=st.session_state.__setitem__,
        args=("asof", jump.day),
        icon=":material/replay:",
        key=f"score_{jump.day:%Y%m%d}",
        help=jump.help,
    )

with st.container(border=True):
    st.subheader("Thesis timeline")
    st.caption(model.timeline_note)
    kit.panel(model.timeline)

# setup checklist: what is live, what is not, and the one step that fixes each
settings = get_settings()
setup = overview.setup_checklist(loaded, settings.sources, bool(settings.fred_api_key))
with st.expander(setup.headline, expanded=setup.needs_attention, icon=":material/checklist:"):
    st.markdown(setup.markdown())

cards_tab, table_tab, events_tab, status_tab = st.tabs(
    overview.TABS, key=overview.TAB_KEY, on_change="rerun", bind="query-params"
)
if cards_tab.open:
    with cards_tab:
        scorecard.cards(model.groups)
if table_tab.open:
    with table_tab:
        kit.table(model.table)
        st.download_button(
            "Scorecard CSV",
            data=lambda: model.table.frame.to_csv(index=False).encode("utf-8"),
            file_name=model.csv_name,
            mime="text/csv",
            icon=":material/download:",
            on_click="ignore",
            key="scorecard_csv",
        )
if events_tab.open:
    with events_tab:
        events = usertables.load(usertables.EVENTS)
        kit.show_notices(overview.table_notices(events))
        st.caption(overview.events_caption(events.frame))
        kit.table(overview.events_table(events.frame))
        st.markdown("**Your team's events**")
        st.caption(
            f"Stored beside the cache in `{events.user_path}`, never in the bundled file. A row "
            "with the same date and title as a bundled one replaces it (a correction)."
        )
        kit.table_editor(
            usertables.EVENTS,
            key="events_editor",
            columns={
                "date": DATE,
                "title": Column(),
                "category": Column(help="tariffs, capex, macro, markets, ..."),
                "source_note": Column("source note"),
            },
            save_label="Save events",
            save_key="events_save",
        )
if status_tab.open:
    with status_tab:
        settings = get_settings()
        scan = freshness.folder_scan(settings.data_dir) if "csvdir" in settings.sources else None
        status = overview.data_status(loaded, date.today(), scan)
        status_counts(status.counts, status.stale)
        kit.table(status.table)
        kit.panel(status.skipped)
