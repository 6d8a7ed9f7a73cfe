"""The thesis scorecard on the page: the as-of picker, the tally, one card per signal.

Cards show exactly what :func:`dashboard.scoring.compute` returns (the same numbers as
``rotation signals``): value with unit, status badge, the rule in plain words, the claim, the
detail, the date of the newest observation used, the sources, and a link to the view that
explains the signal.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pandas as pd
import streamlit as st

from dashboard import state
from dashboard.signals.scorecard import SIGNAL_STATUSES, Signal
from dashboard.views.format import age_text, value_text

STATUS_STYLE: dict[str, tuple[str, str]] = {
    "confirming": ("green", ":material/check_circle:"),
    "neutral": ("gray", ":material/remove_circle:"),
    "contradicting": ("red", ":material/cancel:"),
    "unavailable": ("orange", ":material/help:"),
}
#: url path (app.py) -> page file and a short name, for the link on each card.
VIEW_PAGES: dict[str, tuple[str, str]] = {
    "overview": ("pages/overview.py", "Overview"),
    "small_caps": ("pages/small_caps.py", "Small caps"),
    "macro": ("pages/macro.py", "Macro surprises"),
    "liquidity": ("pages/liquidity.py", "Liquidity"),
    "cross_asset": ("pages/cross_asset.py", "Cross-asset"),
    "global_view": ("pages/global_view.py", "Global"),
}
ASOF_KEY = "asof"


def asof_picker(
    today: date, *, label: str = "Scorecard as of", default: date | None = None
) -> date:
    """The as-of date, bound to the URL parameter ``asof`` (default: ``default`` or today)."""
    default = default or today
    picked = st.date_input(
        label,
        value=default,
        min_value=state.MIN_DATE,
        max_value=today,
        key=ASOF_KEY,
        bind="query-params",
        format="YYYY-MM-DD",
        help="Replay the thesis as it stood on this date: every series is cut to what its "
        "publisher had released by then (release lags of GDP, surveys, claims), so nothing "
        "published later is used. Default: today, i.e. every value published so far. The date "
        "is in the link (asof=YYYY-MM-DD), so a shared link replays the same day.",
    )
    return picked if isinstance(picked, date) else default


def set_as_of(day: date) -> None:
    """Button callback: move the as-of picker (and so the link) to ``day``."""
    st.session_state[ASOF_KEY] = day


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


def tally(counts: dict[str, int], headline: str) -> None:
    """The headline ("3 of 12 confirming", see ``views.format.headline``) and a badge per status."""
    st.markdown(f"### {headline}")
    with st.container(horizontal=True, gap="small"):
        for status in SIGNAL_STATUSES:
            color, icon = STATUS_STYLE[status]
            st.badge(f"{counts.get(status, 0)} {status}", color=color, icon=icon)


def card(signal: Signal, as_of: date) -> None:
    """One bordered card for ``signal``."""
    color, icon = STATUS_STYLE[signal.status]
    with st.container(border=True, key=f"card_{signal.id}"):
        st.markdown(f"**{signal.title}**  \n`{signal.id}`")
        with st.container(horizontal=True, gap="small"):
            st.badge(signal.status, color=color, icon=icon)
            if signal.synthetic:
                st.badge(
                    "synthetic data",
                    color="violet",
                    icon=":material/science:",
                    help="Computed from demo data made to illustrate the thesis: not evidence.",
                )
        st.metric(
            "Value",
            value_text(signal),
            help=f"{age_text(signal, as_of).capitalize()}. Sources: "
            + (", ".join(signal.sources) or "none")
            + ".",
            label_visibility="collapsed",
        )
        if signal.claim:
            st.caption(f"Claim: *{signal.claim}*")
        st.caption(f"**Rule:** {signal.rule}")
        st.caption(signal.detail or "No detail.")
        st.caption(
            f":material/event: {age_text(signal, as_of)} · :material/database: "
            + ("; ".join(signal.sources) if signal.sources else "no source")
        )
        page = VIEW_PAGES.get(signal.view)
        if page is not None:
            st.page_link(page[0], label=f"Open {page[1]}", icon=":material/arrow_forward:")


def cards(signals: Sequence[Signal], as_of: date, columns: int = 3) -> None:
    """Cards grouped by view, ``columns`` per row, in scorecard order."""
    groups: dict[str, list[Signal]] = {}
    for signal in signals:
        groups.setdefault(signal.view, []).append(signal)
    for view, members in groups.items():
        st.markdown(f"#### {VIEW_PAGES.get(view, (None, view))[1]}")
        for start in range(0, len(members), columns):
            row = st.columns(columns)
            for column, signal in zip(row, members[start : start + columns], strict=False):
                with column:
                    card(signal, as_of)


def table(signals: Sequence[Signal]) -> pd.DataFrame:
    """The scorecard as a table (what the Table tab and its CSV show)."""
    return pd.DataFrame(
        [
            {
                "id": s.id,
                "title": s.title,
                "status": s.status,
                "synthetic data": s.synthetic,
                "value": s.value,
                "unit": s.unit,
                "data as of": s.as_of,
                "rule": s.rule,
                "detail": s.detail,
                "sources": "; ".join(s.sources),
                "view": s.view,
            }
            for s in signals
        ]
    )
