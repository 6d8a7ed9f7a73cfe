"""The shared sidebar: date range, as-of date, tickers, benchmark and the event toggle, bound to
the URL.

Streamlit's ``bind="query-params"`` keeps each widget in sync with a query parameter, so a link
reproduces the view and the state survives page switches. Streamlit drops values that are not
valid options (and fixes the URL) but says nothing; we validate the raw query string first
(:func:`dashboard.state.validate_query`) so every dropped value gets a visible notice.

The ticker multiselect only offers valid symbols (the catalog, plus valid symbols from the link
and those added in this session), so a hostile value in a link can never be selected. New
symbols are typed into the "Add a symbol" box, validated before they become an option.
"""

from __future__ import annotations

import contextlib
from datetime import date

import streamlit as st
from streamlit.errors import StreamlitAPIException

from dashboard import state
from dashboard.data import catalog

_ADDED = "_rr_added_tickers"
_NOTICES = "_rr_notices"


def _raw_query() -> dict[str, list[str]]:
    return {name: st.query_params.get_all(name) for name in st.query_params}


def _add_symbol() -> None:
    """Callback of the "Add a symbol" box: validate, then select the symbol."""
    raw = st.session_state.get("add_symbol", "")
    st.session_state["add_symbol"] = ""
    symbol = catalog.normalize_ticker(raw)
    notices = st.session_state.setdefault(_NOTICES, [])
    if symbol is None:
        notices.append(f"{raw[:24]!r} is not a Yahoo symbol (e.g. IWM, ^RUT, BTC-USD, HG=F).")
        return
    current = list(st.session_state.get("tickers", catalog.DEFAULT_TICKERS))
    if symbol in current:
        return
    if len(current) >= state.MAX_TICKERS:
        notices.append(f"At most {state.MAX_TICKERS} tickers per view: remove one first.")
        return
    st.session_state.setdefault(_ADDED, [])
    if symbol not in st.session_state[_ADDED]:
        st.session_state[_ADDED].append(symbol)
    st.session_state["tickers"] = [*current, symbol]


def _forget_unbound(names: list[str]) -> None:
    for name in names:
        # a parameter still bound to a widget is Streamlit's to clean up
        with contextlib.suppress(StreamlitAPIException):
            del st.query_params[name]


def render_sidebar(today: date | None = None) -> state.ViewState:
    """Draw the shared controls and return the validated view state."""
    today = today or date.today()
    check = state.validate_query(_raw_query(), today=today)
    _forget_unbound(check.unknown + check.unbound)
    notices = check.notices + st.session_state.pop(_NOTICES, [])

    sb = st.sidebar
    sb.subheader("View")
    preset = sb.segmented_control(
        "Date range",
        state.RANGE_PRESETS,
        default=state.DEFAULT_RANGE,
        key="range",
        bind="query-params",
        required=True,
        help="Presets count back from the last available observation.",
    )
    start = end = None
    if preset == "Custom":
        col1, col2 = sb.columns(2)
        start = col1.date_input(
            "Start",
            value=None,
            min_value=state.MIN_DATE,
            max_value=today,
            key="start",
            bind="query-params",
            format="YYYY-MM-DD",
        )
        # The end cannot precede the start: Streamlit drops (and un-links) such a value.
        end = col2.date_input(
            "End",
            value=None,
            min_value=start or state.MIN_DATE,
            max_value=today,
            key="end",
            bind="query-params",
            format="YYYY-MM-DD",
        )

    as_of = sb.date_input(
        "As of (empty: the latest data)",
        value=None,
        min_value=state.MIN_DATE,
        max_value=today,
        key="asof",
        bind="query-params",
        format="YYYY-MM-DD",
        help="Replay every view as it stood on this date: each series is cut to what its "
        "publisher had released by then (release lags of GDP, surveys, claims), so nothing "
        "published later is used. Empty: the latest data (on demo data, the demo's last day). "
        "The date is in the link (asof=YYYY-MM-DD), so a shared link replays the same day.",
    )

    options = dict.fromkeys(
        catalog.YAHOO_TICKERS
        + tuple(check.kept.get("tickers", ()))
        + tuple(st.session_state.get(_ADDED, ()))
        + tuple(st.session_state.get("tickers", ()))
    )
    selected = sb.multiselect(
        "Tickers",
        options=list(options),
        default=list(catalog.DEFAULT_TICKERS),
        key="tickers",
        bind="query-params",
        max_selections=state.MAX_TICKERS,
        help=f"Up to {state.MAX_TICKERS}. Add any Yahoo symbol with the box below.",
    )
    sb.text_input(
        "Add a symbol",
        key="add_symbol",
        placeholder="e.g. TSM, ^VIX, ETH-USD",
        on_change=_add_symbol,
        max_chars=state.MAX_PARAM_CHARS,
    )
    benchmark = sb.selectbox(
        "Benchmark",
        catalog.BENCHMARKS,
        index=catalog.BENCHMARKS.index(catalog.DEFAULT_BENCHMARK),
        key="bench",
        bind="query-params",
    )

    events = sb.toggle(
        "Event timeline on charts",
        value=False,
        key="events",
        bind="query-params",
        help="Mark the thesis' policy events (tariff decisions, TSMC capex, macro prints) and "
        "your team's own events on time-series charts. Edit them on the Overview.",
    )

    if notices:
        st.warning(
            "Some values could not be used and were dropped:\n\n"
            + "\n".join(f"- {n}" for n in dict.fromkeys(notices)),
            icon=":material/link_off:",
        )

    tickers, _ = state.sanitize_tickers(selected)
    return state.ViewState(
        tickers=tuple(tickers),
        benchmark=benchmark or catalog.DEFAULT_BENCHMARK,
        range_preset=preset or state.DEFAULT_RANGE,
        start=start,
        end=end,
        events=bool(events),
        as_of=as_of if isinstance(as_of, date) else None,
    )
