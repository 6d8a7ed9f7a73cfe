"""URL state validation: what is kept, what is dropped, and that it never raises."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from dashboard import state

TODAY = date(2026, 11, 23)


def check(**params):
    return state.validate_query(
        {k: v if isinstance(v, list) else [v] for k, v in params.items()}, today=TODAY
    )


def test_valid_link_is_kept_whole():
    c = check(tickers=["IWM", "^RUT", "BTC-USD", "HG=F"], bench="QQQ", range="3Y")
    assert c.kept == {"tickers": ["IWM", "^RUT", "BTC-USD", "HG=F"], "bench": "QQQ", "range": "3Y"}
    assert c.notices == [] and c.unknown == []


def test_hostile_tickers_are_dropped_with_a_notice():
    c = check(tickers=["IWM", "<script>alert(1)</script>", "../../etc/passwd", "iwm", "IWM"])
    assert c.kept["tickers"] == ["IWM"]
    assert any("3 invalid" in n for n in c.notices)
    assert any("duplicate" in n for n in c.notices)


def test_ticker_count_is_capped():
    c = check(tickers=[f"T{i}" for i in range(500)])
    assert c.kept["tickers"] == [f"T{i}" for i in range(state.MAX_TICKERS)]
    assert any("500 tickers" in n for n in c.notices)


def test_dates_out_of_bounds_and_malformed_are_dropped():
    c = check(range="Custom", start="9999-01-01", end="2026-13-45")
    assert "start" not in c.kept and "end" not in c.kept
    assert len(c.notices) == 2


def test_start_after_end_drops_end():
    c = check(range="Custom", start="2025-01-01", end="2020-01-01")
    assert c.kept["start"] == date(2025, 1, 1) and "end" not in c.kept
    assert any("before start" in n for n in c.notices)


def test_dates_without_custom_range_are_dropped_and_unlinked():
    c = check(start="2025-01-01")
    assert "start" not in c.kept and c.unbound == ["start"]


def test_unknown_and_bad_options():
    c = check(range="2W", bench="XYZ", zz="1", events="yes")
    assert c.kept == {}
    assert c.unknown == ["zz"]
    assert len(c.notices) == 4


@given(
    st.dictionaries(
        st.text(max_size=20),
        st.lists(st.text(max_size=80), max_size=30),
        max_size=8,
    )
)
def test_validate_query_never_raises_and_keeps_only_valid_values(params):
    c = state.validate_query(params, today=TODAY)
    for ticker in c.kept.get("tickers", []):
        assert state.catalog.is_valid_ticker(ticker)
    assert len(c.kept.get("tickers", [])) <= state.MAX_TICKERS
    for name in ("start", "end", "asof"):
        if name in c.kept:
            assert state.MIN_DATE <= c.kept[name] <= TODAY
    if "range" in c.kept:
        assert c.kept["range"] in state.RANGE_PRESETS


def test_resolve_range_anchors_on_last_observation():
    first, last = date(2000, 1, 3), date(2026, 1, 16)
    assert state.resolve_range("1M", None, None, first, last) == (date(2025, 12, 16), last)
    assert state.resolve_range("YTD", None, None, first, last) == (date(2026, 1, 1), last)
    assert state.resolve_range("Max", None, None, first, last) == (first, last)
    assert state.resolve_range("10Y", None, None, date(2020, 1, 2), last) == (
        date(2020, 1, 2),
        last,
    )
    assert state.resolve_range("Custom", date(2025, 6, 1), None, first, last) == (
        date(2025, 6, 1),
        last,
    )
    # a custom window outside the data falls back to the data bounds
    assert state.resolve_range("Custom", date(2030, 1, 1), None, first, last) == (first, last)


ASSETS = state.LinkParam("assets", "symbols", options=("IWM", "ARKK", "GLD"))
PAIR = state.LinkParam("pair", "symbol", options=("IWM", "^RUT"))
MA = state.LinkParam("sc_ma_window", "int", 5, 400)
HALF_LIFE = state.LinkParam("macro_half_life", "float", 1.0, 365.0)
CUTOFF = state.LinkParam("sc_cutoff", "date", date(1950, 1, 1))
AVERAGE = state.LinkParam("cmp_average", "bool")
TAB = state.LinkParam("overview_tab", "choice", options=("Cards", "Table"))
PAGE = (ASSETS, PAIR, MA, HALF_LIFE, CUTOFF, AVERAGE, TAB)


def page_check(**params):
    query = {k: v if isinstance(v, list) else [v] for k, v in params.items()}
    return state.validate_query(query, today=TODAY, page=PAGE)


def test_a_repeated_list_parameter_is_not_a_notice_but_a_bad_value_is():
    check = page_check(assets=["IWM", "GLD"])
    assert check.kept["assets"] == ["IWM", "GLD"] and check.notices == []
    check = page_check(assets=["IWM", "<x>"])
    assert check.kept["assets"] == ["IWM"]
    assert check.notices == [
        "assets: Dropped 1 invalid ticker value(s): '<x>'. Symbols are "
        "Yahoo's, upper-case (IWM, ^RUT, BTC-USD)."
    ]


def test_symbol_parameters_hold_only_what_the_page_offers():
    """``?pair=BANANA`` is dropped like ``?assets=FOO``: a valid symbol the page does not offer
    (neither its own options nor the sidebar's tickers) is not loaded behind the user's back."""
    check = page_check(pair="BANANA", assets=["IWM", "FOO"])
    assert "pair" not in check.kept and check.kept["assets"] == ["IWM"]
    assert "pair" in check.unbound
    assert any("pair='BANANA': not offered here" in n for n in check.notices)
    assert any("assets=FOO: not offered here" in n for n in check.notices)
    # a ticker of the sidebar (from the link) is offered
    check = page_check(tickers=["IWM", "TSM"], pair="TSM", assets=["TSM"])
    assert check.kept["pair"] == "TSM" and check.kept["assets"] == ["TSM"]
    assert check.notices == []


def test_settings_from_a_link_are_checked_by_type_and_bounds():
    good = page_check(
        sc_ma_window="100",
        macro_half_life="45.5",
        sc_cutoff="2021-06-30",
        cmp_average="TRUE",
        overview_tab="Table",
    )
    assert good.kept == {
        "sc_ma_window": 100,
        "macro_half_life": 45.5,
        "sc_cutoff": date(2021, 6, 30),
        "cmp_average": True,
        "overview_tab": "Table",
    }
    assert good.notices == []
    bad = page_check(
        sc_ma_window="1000",
        macro_half_life="nan",
        sc_cutoff="2030-01-01",
        cmp_average="yes",
        overview_tab="table",
    )
    assert bad.kept == {}
    assert sorted(bad.unbound) == sorted(
        ["sc_ma_window", "macro_half_life", "sc_cutoff", "cmp_average", "overview_tab"]
    )
    assert bad.notices == [
        "Ignored sc_ma_window='1000': outside 5 .. 400.",
        "Ignored macro_half_life='nan': not a number.",
        f"Ignored sc_cutoff=2030-01-01: outside 1950-01-01 .. {TODAY}.",
        "Ignored cmp_average='yes': use true or false.",
        "Ignored overview_tab='table': choose one of Cards, Table.",
    ]
    assert page_check(sc_ma_window="5.5").notices == [
        "Ignored sc_ma_window='5.5': not a whole number."
    ]


def test_a_parameter_of_another_page_is_dropped_unless_the_session_wrote_it():
    check = state.validate_query({"pair": ["IWM"]}, today=TODAY, page=(MA,))
    assert check.unknown == ["pair"] and check.notices == [
        "Ignored link parameter 'pair': not used on this page."
    ]
    quiet = state.validate_query({"pair": ["IWM"]}, today=TODAY, page=(MA,), own={"pair"})
    assert quiet.unknown == ["pair"] and quiet.notices == []


def test_leaving_custom_is_not_a_notice_but_a_link_with_stray_dates_is():
    """Switching from Custom to a preset leaves start/end in the URL for one run: the session's
    own widgets wrote them, so no "Ignored start/end" warning; a link carrying them is told."""
    query = {"range": ["1Y"], "start": ["2025-06-02"], "end": ["2026-01-16"]}
    own = state.validate_query(query, today=TODAY, own={"start", "end", "range"})
    assert own.notices == [] and sorted(own.unbound) == ["end", "start"]
    assert "start" not in own.kept and "end" not in own.kept
    link = state.validate_query(query, today=TODAY)
    assert link.notices == ["Ignored start/end: they apply only with range=Custom, not 1Y."]


@given(
    st.dictionaries(
        st.sampled_from([p.name for p in PAGE] + ["tickers", "zz"]),
        st.lists(st.text(max_size=30), max_size=5),
        max_size=6,
    )
)
def test_page_parameters_never_raise_and_keep_only_what_a_widget_can_hold(params):
    c = state.validate_query(params, today=TODAY, page=PAGE)
    offered = set(c.kept.get("tickers") or state.catalog.DEFAULT_TICKERS)
    if "pair" in c.kept:
        assert c.kept["pair"] in offered | set(PAIR.options)
    for value in c.kept.get("assets", []):
        assert value in offered | set(ASSETS.options)
    if "sc_ma_window" in c.kept:
        assert isinstance(c.kept["sc_ma_window"], int) and 5 <= c.kept["sc_ma_window"] <= 400
    if "macro_half_life" in c.kept:
        assert 1.0 <= c.kept["macro_half_life"] <= 365.0
    if "sc_cutoff" in c.kept:
        assert date(1950, 1, 1) <= c.kept["sc_cutoff"] <= TODAY
    if "cmp_average" in c.kept:
        assert isinstance(c.kept["cmp_average"], bool)
    if "overview_tab" in c.kept:
        assert c.kept["overview_tab"] in TAB.options
    dropped = {n for n, v in params.items() if v} - set(c.kept)
    assert not dropped or c.notices or set(c.unbound) >= dropped
