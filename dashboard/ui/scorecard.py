"""The scorecard's widgets: the tally, a card per signal, the badge a view shows for a signal.

They draw what :func:`dashboard.scoring.compute` returned (the same numbers as
``rotation signals``), worded by :mod:`dashboard.views.format`.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from dashboard.signals.scorecard import SIGNAL_STATUSES, Signal
from dashboard.views.format import value_text
from dashboard.views.overview import CardGroup, SignalCard

STATUS_STYLE: dict[str, tuple[str, str]] = {
    "confirming": ("green", ":material/check_circle:"),
    "neutral": ("gray", ":material/remove_circle:"),
    "contradicting": ("red", ":material/cancel:"),
    "unavailable": ("orange", ":material/help:"),
}
SYNTHETIC_BADGE = ":violet-badge[:material/science: synthetic data]"


def signal_badge(signal: Signal, *, note: str = "") -> None:
    """The one-line badge a view shows for a scorecard signal it explains: status colour,
    value, a synthetic-data flag; rule, detail and sources on hover."""
    color, icon = STATUS_STYLE[signal.status]
    value = "" if signal.value is None else f" ({value_text(signal)})"
    flag = " · synthetic data" if signal.synthetic else ""
    sources = "Sources: " + (", ".join(signal.sources) or "none")
    st.badge(
        f"Scorecard {signal.id}: {signal.status}{value}{flag}",
        color=color,
        icon=icon,
        help="\n\n".join(p for p in (signal.rule, signal.detail, sources, note) if p),
    )


def signal_badges(signals: Sequence[Signal], *, note: str = "") -> None:
    with st.container(horizontal=True, gap="small"):
        for signal in signals:
            signal_badge(signal, note=note)


def tally(counts: dict[str, int], headline: str) -> None:
    """The headline ("3 of 12 confirming") and a badge per status, in one line of markdown."""
    badges = " ".join(
        f":{STATUS_STYLE[s][0]}-badge[{STATUS_STYLE[s][1]} {counts.get(s, 0)} {s}]"
        for s in SIGNAL_STATUSES
    )
    st.markdown(f"### {headline}\n\n{badges}")


def card(item: SignalCard) -> None:
    """One bordered card: title, id and status; value; claim, rule, detail, data date and
    sources (the link to the view that explains it is its group's)."""
    signal = item.signal
    color, icon = STATUS_STYLE[signal.status]
    badges = f":{color}-badge[{icon} {signal.status}]"
    if signal.synthetic:
        badges += f" {SYNTHETIC_BADGE}"
    sources = "; ".join(signal.sources) if signal.sources else "no source"
    with st.container(border=True, key=f"card_{signal.id}"):
        st.markdown(f"**{signal.title}**  \n`{signal.id}`  \n{badges}")
        st.metric(
            "Value",
            item.value,
            help=f"{item.age.capitalize()}. Sources: "
            + (", ".join(signal.sources) or "none")
            + ".",
            label_visibility="collapsed",
        )
        lines = [f"Claim: *{signal.claim}*"] if signal.claim else []
        lines += [
            f"**Rule:** {signal.rule}",
            signal.detail or "No detail.",
            f":material/event: {item.age} · :material/database: {sources}",
        ]
        st.caption("  \n".join(lines))


def cards(groups: Sequence[CardGroup], columns: int = 3) -> None:
    """Cards grouped by view, ``columns`` per row, in scorecard order."""
    for group in groups:
        with st.container(horizontal=True, vertical_alignment="center"):
            st.markdown(f"#### {group.title}", width="content")
            if group.page is not None:
                st.page_link(
                    group.page[0], label=f"Open {group.page[1]}", icon=":material/arrow_forward:"
                )
        for start in range(0, len(group.cards), columns):
            row = st.columns(columns)
            for column, item in zip(row, group.cards[start : start + columns], strict=False):
                with column:
                    card(item)
