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
    c = check(range="2W", bench="XYZ", zz="1", events="maybe")
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


def test_a_repeated_list_parameter_is_not_a_notice_but_a_bad_value_is():
    check = state.validate_query({"assets": ["IWM", "GLD"]}, today=TODAY)
    assert check.kept["assets"] == ["IWM", "GLD"] and check.notices == []
    check = state.validate_query({"assets": ["IWM", "<x>"]}, today=TODAY)
    assert check.kept["assets"] == ["IWM"]
    assert check.notices == [
        "assets: Dropped 1 invalid ticker value(s): '<x>'. Symbols are "
        "Yahoo's, upper-case (IWM, ^RUT, BTC-USD)."
    ]
