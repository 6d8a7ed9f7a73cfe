"""Macro surprises: each release against its expectation, standardised, and a composite index."""

from __future__ import annotations

from datetime import date

import streamlit as st

from dashboard.data import usertables, vintages
from dashboard.data.load import load_series
from dashboard.settings import get_settings
from dashboard.signals import surprise as su
from dashboard.ui import cache, kit
from dashboard.ui.page import current_view
from dashboard.ui.scorecard import signal_badge
from dashboard.views import macro
from dashboard.views.macro import SCORECARD_NOTE, Params

view = current_view()
kit.title(macro.HEADER)
params = Params(**kit.settings("Parameters", macro.SETTINGS))

loaded = load_series(su.MACRO_IDS)
timeline = cache.timeline(view)
# ALFRED (with a FRED key): each print's first release; otherwise FRED's latest revision
alfred = vintages.load_for(loaded.provenance, get_settings(), su.MACRO_IDS)
model = cache.memo(
    macro.build,
    loaded,
    view.keep(*macro.READS),
    params,
    date.today(),
    cache.consensus(),
    timeline,
    memo=cache.memo,
    alfred=alfred,
)
kit.provenance(model.header)
if model.day is not None:  # data to explain: the formula (none loaded: only the stop notice)
    with kit.lazy_expander("How the surprises and the index are computed", key="macro_formula",
                           icon=":material/function:") as box:  # fmt: skip
        if box.open:
            st.markdown(model.formula)
kit.stop_on(model.stop)
st.caption(model.vintage_note)

with st.container(border=True):
    st.subheader(f"Latest releases as of {model.day.day:%Y-%m-%d}")
    for column, gauge in zip(st.columns(len(model.gauges)), model.gauges, strict=True):
        with column:
            if gauge.missing is not None:
                kit.notice(gauge.missing)
                continue
            kit.chart(gauge.chart)
            if gauge.expectation is not None:
                b = gauge.expectation
                st.badge(b.label, color=b.color, icon=b.icon, help=b.help)
            kit.cards(gauge.cards)
            if gauge.signal is not None:
                signal_badge(gauge.signal, note=SCORECARD_NOTE)

with st.container(border=True):
    st.subheader("Composite surprise index")
    composite = model.composite
    if composite.undefined is not None:
        kit.notice(composite.undefined)
    kit.cards(composite.cards)
    if composite.signal is not None and composite.cards:
        signal_badge(composite.signal, note=SCORECARD_NOTE)
    kit.panel(composite.chart)


@st.fragment
def surprise_history() -> None:
    """Switching units redraws this panel only."""
    st.subheader("Surprise history")
    unit = st.segmented_control(
        "Show", list(macro.UNITS), default="Surprise (indicator units)", key=macro.UNITS_KEY,
        required=True, bind="query-params",
    )  # fmt: skip
    st.caption(
        "Solid bars: consensus surprises. Hatched, lighter bars: model surprises (no consensus "
        "recorded). Green: better than expected."
    )
    panels = cache.memo(macro.history_panels, model.history, macro.UNITS[unit], timeline)
    tabs = st.tabs([name for name, _ in panels], key=macro.INDICATOR_KEY, bind="query-params")
    for tab, (_, item) in zip(tabs, panels, strict=True):
        with tab:
            kit.panel(item)


with st.container(border=True):
    surprise_history()

with st.container(border=True):
    st.subheader("Releases")
    kit.table(model.releases)

with st.container(border=True):
    st.subheader("Consensus expectations")
    section = model.consensus
    path = usertables.user_path(usertables.CONSENSUS)
    with st.container(horizontal=True, gap="small"):
        st.badge(
            f"{section.bundled_count} bundled row(s)", color="gray", icon=":material/inventory_2:"
        )
        st.badge(f"{section.team_count} team row(s)", color="blue", icon=":material/edit_note:",
                 help=f"Saved in {path}")  # fmt: skip
    st.caption(
        "Bundled rows ship with Rotation Radar (read-only). Your team's rows are saved beside "
        f"the cache ({path}); a row with the same indicator and reference period replaces the "
        "bundled one. Values in the series' own units (claims: number of claims, e.g. 215000). "
        "A consensus counts from its release date."
    )
    with kit.lazy_expander("Bundled rows and your team's rows", key="macro_consensus",
                           icon=":material/edit_note:") as box:  # fmt: skip
        if box.open:
            kit.table(section.bundled)
            for note in section.checks:
                st.caption(f":material/info: {note}")
            kit.table_editor(
                usertables.CONSENSUS,
                key="consensus_editor",
                columns=macro.EDITOR_COLUMNS,
                choices={"indicator": usertables.CONSENSUS.choices["indicator"]},
                save_label="Save team rows",
                save_key="consensus_save",
            )
