"""The shared sidebar: date range, as-of date, tickers, benchmark and the event toggle, bound to
the URL.

Streamlit's ``bind="query-params"`` keeps each widget in sync with a query parameter, so a link
reproduces the view and the state survives page switches. Streamlit drops values that are not
valid options (and fixes the URL) but says nothing; we validate the raw query string first
(:func:`dashboard.state.validate_query`) so every dropped value gets a visible notice.

The ticker multiselect only offers valid symbols (the catalog, plus valid symbols from the link
and those added in this session), so a hostile value in a link can never be selected. New
symbols are typed into the "Add a symbol" box, validated before they become an option; a symbol
that no configured source can serve (every source asked says it has no such symbol) is removed
from the selection and the link, with one notice naming it. A symbol only unreachable for now
(no network) stays selected: the Compare view says why it is not charted.

The current page's own parameters (its selectors and settings, ``LINK_PARAMS`` of its view)
are checked here too, before the page's widgets read them.
"""

from __future__ import annotations

import contextlib
from datetime import date

import streamlit as st
from streamlit.errors import StreamlitAPIException

from dashboard import state
from dashboard.data import catalog
from dashboard.data.load import load_series
from dashboard.settings import get_settings
from dashboard.ui import cache
from dashboard.views import links, reasons

_ADDED = "_rr_added_tickers"
_NOTICES = "_rr_notices"
#: symbols not in the catalog that a source served in this session (not asked again)
_SERVED = "_rr_served_tickers"


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
        with contextlib.suppress(StreamlitAPIException, KeyError):
            del st.query_params[name]


def _own_params(raw: dict[str, list[str]]) -> set[str]:
    """The link's parameters this session's own widgets wrote (drawn in an earlier run)."""
    return {name for name in raw if name in st.session_state}


def _date_inputs(where, today: date) -> tuple[date | None, date | None]:
    """Start and end of a Custom range, one above the other (side by side they are too narrow
    to show a date)."""
    start = where.date_input(
        "Start",
        value=None,
        min_value=state.MIN_DATE,
        max_value=today,
        key="start",
        bind="query-params",
        format="YYYY-MM-DD",
    )
    # The end cannot precede the start: Streamlit drops (and un-links) such a value.
    end = where.date_input(
        "End",
        value=None,
        min_value=start or state.MIN_DATE,
        max_value=today,
        key="end",
        bind="query-params",
        format="YYYY-MM-DD",
    )
    return start, end


def _range(sb, today: date) -> tuple[str, date | None, date | None]:
    """The date range. Leaving Custom, Streamlit takes start/end out of the link at the end of
    the run and restores them on a return to Custom; the run in between still sees them in the
    URL, as its own (no notice, see :func:`_own_params`)."""
    preset = sb.segmented_control(
        "Date range",
        state.RANGE_PRESETS,
        default=state.DEFAULT_RANGE,
        key="range",
        bind="query-params",
        required=True,
        help="Presets count back from the view's last date (on Compare and Small caps, the "
        "last session the compared series share; the README lists each view's); every chart of "
        "a view covers the same window.",
    )
    if preset == "Custom":
        return preset, *_date_inputs(sb, today)
    return preset or state.DEFAULT_RANGE, None, None


def _unservable(candidates: list[str]) -> tuple[list[str], str]:
    """The symbols among ``candidates`` that no configured source can serve (not a passing
    outage: every source asked said it has no such symbol, or none handles it), and why in
    plain words. Catalog symbols and symbols served once in this session are not asked again."""
    served = st.session_state.setdefault(_SERVED, set())
    adhoc = tuple(t for t in candidates if not catalog.is_known(t) and t not in served)
    if not adhoc:
        return [], ""
    loaded = load_series(adhoc)
    provenance = [loaded.provenance[t] for t in adhoc if t in loaded.provenance]
    served.update(p.series_id for p in provenance if p.available)
    gone = reasons.unservable(provenance)
    lost = [p for p in provenance if p.series_id in gone]
    why = " ".join(reasons.explain(lost, sources=get_settings().sources, missing_only=True))
    return gone, why


def _tickers(sb, check: state.QueryCheck, notices: list[str]) -> list[str]:
    """The ticker multiselect, without symbols no source can serve (one notice names them)."""
    current = st.session_state.get("tickers")
    from_link = check.kept.get("tickers")
    candidates = list(current if current is not None else from_link or catalog.DEFAULT_TICKERS)
    gone, why = _unservable(candidates)
    if gone:
        notices.append(f"Removed {reasons.names(gone)} from the tickers. {why}")
        if current is not None:
            st.session_state["tickers"] = [t for t in current if t not in gone]
        added = st.session_state.get(_ADDED, [])
        st.session_state[_ADDED] = [t for t in added if t not in gone]
    # Streamlit drops a link's values that are not options (and fixes the URL)
    options = dict.fromkeys(
        catalog.YAHOO_TICKERS
        + tuple(from_link or ())
        + tuple(st.session_state.get(_ADDED, ()))
        + tuple(st.session_state.get("tickers", ()))
    )
    selected = sb.multiselect(
        "Tickers",
        options=[t for t in options if t not in gone],
        default=list(catalog.DEFAULT_TICKERS),
        key="tickers",
        bind="query-params",
        max_selections=state.MAX_TICKERS,
        help=f"Up to {state.MAX_TICKERS}, charted on the Compare view and offered on the other "
        "views. Add any Yahoo symbol with the box below.",
    )
    sb.text_input(
        "Add a symbol",
        key="add_symbol",
        placeholder="e.g. TSM, ^VIX, ETH-USD",
        on_change=_add_symbol,
        max_chars=state.MAX_PARAM_CHARS,
    )
    return selected


def render_sidebar(url_path: str = "", today: date | None = None) -> state.ViewState:
    """Draw the shared controls and return the validated view state. ``url_path``: the page
    being shown (its own link parameters are checked too)."""
    today = today or date.today()
    raw = _raw_query()
    check = state.validate_query(
        raw, today=today, page=links.page_params(url_path), own=_own_params(raw)
    )
    _forget_unbound(check.unknown + check.unbound)
    notices = check.notices + st.session_state.pop(_NOTICES, [])

    sb = st.sidebar
    sb.subheader("View")
    preset, start, end = _range(sb, today)

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

    selected = _tickers(sb, check, notices)
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
    as_of = as_of if isinstance(as_of, date) else None
    return state.ViewState(
        tickers=tuple(tickers),
        benchmark=benchmark or catalog.DEFAULT_BENCHMARK,
        range_preset=preset,
        start=start,
        end=end,
        events=bool(events),
        as_of=as_of,
        default_as_of=cache.default_as_of(today),  # one default day for every view
    )
