"""The scorecard's widgets: the tally, a card per signal, the badge a view shows for a signal.

They draw what :func:`dashboard.scoring.compute` returned (the same numbers as
``rotation signals``), worded by :mod:`dashboard.views.format`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import streamlit as st

from dashboard.signals.scorecard import SIGNAL_STATUSES, Signal
from dashboard.views.format import data_date, short_value, status_text, value_text
from dashboard.views.overview import CardGroup, SignalCard

#: Status -> badge colour and icon (the thesis timeline uses the same colours).
STATUS_STYLE: dict[str, tuple[str, str]] = {
    "confirming": ("green", ":material/check_circle:"),
    "neutral": ("blue", ":material/remove_circle:"),
    "contradicting": ("red", ":material/cancel:"),
    "stale": ("orange", ":material/history:"),
    "unavailable": ("gray", ":material/help:"),
}
SYNTHETIC_BADGE = ":violet-badge[:material/science: synthetic data]"


def signal_badge(signal: Signal, *, note: str = "", value: bool = False) -> None:
    """The badge a view shows for a scorecard signal it explains: its id and status in the
    status colour (a stale one names the status its last reading had), a synthetic-data flag;
    with ``value``, the value too (where the page shows another series' number beside it).
    The value, data date, rule, detail and sources are on hover."""
    color, icon = STATUS_STYLE[signal.status]
    shown = f" {short_value(signal)}" if value and signal.value is not None else ""
    flag = " · synthetic" if signal.synthetic else ""
    sources = "Sources: " + (", ".join(signal.sources) or "none")
    reading = (
        f"**{signal.title}**: {value_text(signal)} ({status_text(signal)}), {age_text(signal)}"
    )
    st.badge(
        f"{signal.id}: {status_text(signal)}{shown}{flag}",
        color=color,
        icon=icon,
        help="\n\n".join(p for p in (reading, signal.rule, signal.detail, sources, note) if p),
    )


def age_text(signal: Signal) -> str:
    return "no data date" if signal.as_of is None else f"data {data_date(signal)}"


def signal_badges(signals: Sequence[Signal], *, note: str = "", value: bool = True) -> None:
    with st.container(horizontal=True, gap="small"):
        for signal in signals:
            signal_badge(signal, note=note, value=value)


def tally(counts: dict[str, int], headline: str) -> None:
    """The headline ("3 confirming, 7 stale (...), 1 unavailable") and a badge per status."""
    badges = " ".join(
        f":{STATUS_STYLE[s][0]}-badge[{STATUS_STYLE[s][1]} {counts.get(s, 0)} {s}]"
        for s in SIGNAL_STATUSES
    )
    st.markdown(f"### {headline}\n\n{badges}")


def _spark(values: Sequence[float | None]) -> list[float] | None:
    """The sparkline's points (gaps where there was no reading); None without two readings."""
    points = [math.nan if v is None else float(v) for v in values]
    return points if sum(not math.isnan(v) for v in points) >= 2 else None


def card(item: SignalCard) -> None:
    """One bordered card to scan: title; value (greyed when stale or missing), status and
    data date; the signal's recent history as a sparkline; the claim, rule, detail and sources
    one click away."""
    signal = item.signal
    color, icon = STATUS_STYLE[signal.status]
    value = item.value if signal.scored else f":gray[{item.value}]"
    with st.container(border=True, key=f"card_{signal.id}", gap="small"):
        st.markdown(f"**{signal.title}**")
        st.metric(
            signal.id,
            value,
            signal.status,
            delta_color=color,
            delta_arrow="off",
            delta_description=item.date,
            chart_data=_spark(item.history),
            chart_type="line",
            help=f"*{signal.claim}*" if signal.claim else None,
        )
        with st.container(horizontal=True, gap="small", vertical_alignment="center"):
            if signal.stale and signal.last_status:
                st.caption(f":material/history: last reading {signal.last_status}", width="content")
            if signal.synthetic:
                st.markdown(SYNTHETIC_BADGE, width="content")
            with st.popover("Rule and detail", icon=":material/info:", type="tertiary"):
                details(item)


def details(item: SignalCard) -> None:
    """What a card keeps one click away: the claim, the value in full, the rule, the detail,
    the data date and the sources."""
    signal = item.signal
    lines = [f"**{signal.title}** (`{signal.id}`)"]
    if signal.claim:
        lines.append(f"Claim: *{signal.claim}*")
    lines += [
        f"**Value:** {item.full_value} · **status:** {item.status}",
        f"**Rule:** {signal.rule}",
        signal.detail or "No detail.",
        f":material/event: {item.age}",
        ":material/database: " + ("; ".join(signal.sources) if signal.sources else "no source"),
    ]
    st.markdown("\n\n".join(lines))


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
