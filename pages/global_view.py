"""Global: green shoots abroad (German and UK real GDP), copper, the broad dollar, real yields."""

from __future__ import annotations

from datetime import date

import streamlit as st

from dashboard.data.load import load_series
from dashboard.ui import cache, kit
from dashboard.ui.page import current_view
from dashboard.ui.scorecard import signal_badges
from dashboard.views import global_view
from dashboard.views.global_view import Section

view = current_view()
loaded = load_series(global_view.IDS)
model = cache.memo(
    global_view.build,
    loaded,
    view.keep(*global_view.READS),
    date.today(),
    cache.timeline(view),
    memo=cache.memo,
)
kit.header(model.header)
kit.stop_on(model.stop)
st.caption(f"As of {model.day.reason}. {model.window_note}")
signal_badges(model.signals)


def section_cards(section: Section) -> None:
    """A section's cards side by side; a missing series' notice takes its card's place."""
    notices = iter(section.missing)
    for column, card in zip(st.columns(len(section.cards)), section.cards, strict=True):
        with column:
            if card is None:
                kit.notice(next(notices))
            else:
                kit.metric(card)


with st.container(border=True):
    st.subheader(model.gdp.title)
    st.caption(model.gdp.caption)
    for column, country in zip(st.columns(len(model.countries)), model.countries, strict=True):
        with column:
            kit.panel(country.missing)
            if country.card is not None:
                kit.metric(country.card)
            kit.panel(country.stale)
            if country.behind:
                st.caption(country.behind)
    kit.panel(model.gdp.chart)

with st.container(border=True):
    st.subheader(model.copper.title)
    section_cards(model.copper)
    kit.panel(model.copper.chart)

for section in model.levels:
    with st.container(border=True):
        st.subheader(section.title)
        if section.cards:
            kit.cards(section.cards)
        else:
            kit.show_notices(section.missing)
        kit.panel(section.chart)
