"""The hostile-link corpus: every entry is a query string someone could paste or forge.

Each one is checked twice: through :func:`dashboard.state.validate_query` (fast, the whole
corpus), and through the real app under AppTest (the whole corpus on the Overview, a sample on
every page): a visible notice, no exception, and only safe values kept in the widgets.
"""

from __future__ import annotations

from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import state
from dashboard.data import catalog
from dashboard.state import ViewState
from dashboard.ui.page import VIEW_KEY
from dashboard.views import links
from tests.app.helpers import APP, PAGES, assert_clean, texts

TODAY = date.today()
#: Every page's own parameters (selectors, settings, tabs), by name.
PAGE_PARAMS = {p.name: p for p in links.ALL}
KNOWN = frozenset(state.SHARED_PARAMS + state.RESERVED_PARAMS) | set(PAGE_PARAMS)
JUNK = ["<script>alert(1)</script>", "../../etc/passwd", "' OR 1=1 --", "\u202e\u200b", "💥" * 40]

#: (id, {param: [values]}). Every entry must earn a notice.
CORPUS: list[tuple[str, dict[str, list[str]]]] = [
    ("script-ticker", {"tickers": ["<script>alert(1)</script>"]}),
    ("img-onerror-ticker", {"tickers": ['"><img src=x onerror=alert(1)>']}),
    ("javascript-url", {"tickers": ["javascript:alert(1)"]}),
    ("path-traversal", {"tickers": ["../../etc/passwd", "IWM"]}),
    ("windows-path", {"tickers": ["..\\..\\windows\\win.ini"]}),
    ("url-encoded-traversal", {"tickers": ["%2e%2e%2f%2e%2e%2fetc"]}),
    ("sql-ticker", {"tickers": ["IWM'; DROP TABLE prices;--"]}),
    ("sql-bench", {"bench": ["'; DROP TABLE users; --"]}),
    ("sql-range", {"range": ["1Y' OR '1'='1"]}),
    ("500-tickers", {"tickers": [f"T{i}" for i in range(500)]}),
    ("13-valid-tickers", {"tickers": [f"{chr(65 + i)}X" for i in range(13)]}),
    ("duplicates", {"tickers": ["IWM", "IWM", "IWM", "SPY"]}),
    ("lowercase", {"tickers": ["iwm", "spy"]}),
    ("fullwidth", {"tickers": ["ＩＷＭ"]}),
    ("cjk", {"tickers": ["日本株"]}),
    ("rtl-override", {"tickers": ["\u202eMWI"]}),
    ("zero-width", {"tickers": ["IW\u200bM"]}),
    ("emoji", {"tickers": ["🚀🌕"]}),
    ("null-byte", {"tickers": ["IWM\x00", "SPY"]}),
    ("control-chars", {"tickers": ["\x1b[31mIWM"]}),
    ("newline-injection", {"tickers": ["IWM\r\nSet-Cookie: x=1"]}),
    ("huge-ticker", {"tickers": ["A" * 5000]}),
    ("empty-ticker", {"tickers": [""]}),
    ("whitespace-ticker", {"tickers": ["   "]}),
    ("negative-number-ticker", {"tickers": ["-1"]}),
    ("huge-range", {"range": ["9" * 400]}),
    ("unknown-range", {"range": ["2W"]}),
    ("lowercase-range", {"range": ["max"]}),
    ("empty-range", {"range": [""]}),
    ("repeated-range", {"range": ["1M", "3M", "<b>"]}),
    ("repeated-bench", {"bench": ["SPY", "QQQ"]}),
    ("unknown-bench", {"bench": ["TSLA"]}),
    ("traversal-bench", {"bench": ["../../etc/passwd"]}),
    ("year-9999", {"range": ["Custom"], "start": ["9999-12-31"]}),
    ("invalid-date", {"range": ["Custom"], "start": ["9999-99-99"]}),
    ("before-min-date", {"range": ["Custom"], "start": ["1066-10-14"]}),
    ("start-after-end", {"range": ["Custom"], "start": ["2026-01-10"], "end": ["2020-01-01"]}),
    ("negative-year", {"range": ["Custom"], "start": ["-0001-01-01"]}),
    ("epoch-seconds", {"range": ["Custom"], "end": ["1768521600"]}),
    ("sql-date", {"range": ["Custom"], "end": ["2026-01-01' OR 1=1"]}),
    ("dates-without-custom", {"start": ["2025-01-01"], "end": ["2025-06-01"]}),
    ("huge-date", {"range": ["Custom"], "start": ["2" * 10_000]}),
    ("bad-asof", {"asof": ["not-a-date"]}),
    ("future-asof", {"asof": ["2999-01-01"]}),
    ("bad-events", {"events": ["maybe"]}),
    ("repeated-events", {"events": ["true", "false", "true"]}),
    ("unknown-param", {"zz": ["1"]}),
    ("unknown-script-param", {"<script>": ["x"]}),
    ("many-unknown-params", {f"p{i}": ["x"] for i in range(50)}),
    ("proto-pollution", {"__proto__": ["x"], "constructor": ["y"]}),
    ("empty-values", {"tickers": [""], "bench": [""], "range": [""]}),
    ("everything-at-once", {n: JUNK for n in (*state.SHARED_PARAMS, *PAGE_PARAMS)}),
    # page parameters: each kind with a value of the wrong type, out of bounds, not offered
    ("page-int-not-a-number", {"sc_ma_window": ["fifty"]}),
    ("page-int-fraction", {"sc_top_n": ["10.5"]}),
    ("page-int-too-big", {"sc_ma_window": ["1000000000000"]}),
    ("page-int-negative", {"liq_min_weeks": ["-1"]}),
    ("page-float-nan", {"liq_min_decline": ["nan"]}),
    ("page-float-inf", {"macro_half_life": ["inf"]}),
    ("page-float-below-min", {"liq_min_decline": ["0"]}),
    ("page-date-future", {"sc_cutoff": ["2999-01-01"]}),
    ("page-date-garbage", {"sc_cutoff": ["yesterday"]}),
    ("page-bool-junk", {"cmp_average": ["maybe"]}),
    ("page-choice-unknown", {"trigger": ["moon"]}),
    ("page-choice-script", {"overview_tab": ["<script>alert(1)</script>"]}),
    ("page-choice-case", {"macro_bars_unit": ["Z-SCORE"]}),
    ("page-tab-unknown", {"macro_indicator": ["GDP"]}),
    ("page-symbol-not-offered", {"pair": ["BANANA"]}),
    ("page-symbols-not-offered", {"assets": ["FOO", "BAR"]}),
    ("page-symbol-script", {"pair": ["<img src=x onerror=alert(1)>"]}),
    ("page-repeated-setting", {"cmp_rs_ma": ["20", "30", "x"]}),
] + [
    # every page parameter with values no widget can take
    (f"page-param-{name}-{i}", {name: [junk]})
    for name in ("asof", *PAGE_PARAMS)
    for i, junk in enumerate(["x" * 500, "tab\tand\nnewline", "\x00"])
]
IDS = [cid for cid, _ in CORPUS]
QUERIES = dict(CORPUS)
#: The sample run on every page (the whole corpus runs on the Overview).
SAMPLE = [
    "script-ticker",
    "500-tickers",
    "null-byte",
    "everything-at-once",
    "page-int-too-big",
    "page-symbol-not-offered",
]


def test_the_corpus_is_big_and_unique():
    assert len(CORPUS) >= 40
    assert len(set(IDS)) == len(IDS)
    assert set(SAMPLE) <= set(IDS)


def assert_kept_is_safe(kept: dict[str, object]) -> None:
    tickers = kept.get("tickers", [])
    assert len(tickers) <= state.MAX_TICKERS
    assert all(catalog.is_valid_ticker(t) for t in tickers), tickers
    assert kept.get("bench", catalog.DEFAULT_BENCHMARK) in catalog.BENCHMARKS
    assert kept.get("range", state.DEFAULT_RANGE) in state.RANGE_PRESETS
    for name in ("start", "end", "asof"):
        if name in kept:
            assert isinstance(kept[name], date) and state.MIN_DATE <= kept[name] <= TODAY
    if "start" in kept and "end" in kept:
        assert kept["start"] <= kept["end"]
    if "events" in kept:
        assert isinstance(kept["events"], bool)
    for name, spec in PAGE_PARAMS.items():
        if name in kept:
            assert_page_value_is_safe(spec, kept[name])
    assert set(kept) <= KNOWN


def assert_page_value_is_safe(spec: state.LinkParam, value: object) -> None:
    """A kept page parameter is what its widget reads: right type, within bounds, offered."""
    if spec.kind == "symbols":
        assert 0 < len(value) <= state.MAX_TICKERS
        assert all(catalog.is_valid_ticker(v) for v in value)
    elif spec.kind == "symbol":
        assert catalog.is_valid_ticker(value)
    elif spec.kind == "choice":
        assert value in spec.options
    elif spec.kind == "bool":
        assert isinstance(value, bool)
    elif spec.kind == "date":
        assert isinstance(value, date) and (spec.lo or state.MIN_DATE) <= value <= TODAY
    else:
        assert isinstance(value, int if spec.kind == "int" else float)
        assert spec.lo <= value <= spec.hi


@pytest.mark.parametrize("query", [q for _, q in CORPUS], ids=IDS)
def test_validate_query_keeps_only_safe_values_and_says_why(query):
    check = state.validate_query(query, today=TODAY, page=links.ALL)
    assert check.notices, "a hostile link must earn a notice"
    assert all(isinstance(n, str) and 0 < len(n) < 600 for n in check.notices)
    # notices quote hostile values shortened and repr()'d: nothing raw and unbounded
    assert all("\x00" not in n and "\n" not in n for n in check.notices)
    assert_kept_is_safe(check.kept)
    assert set(check.unknown) == {n for n in query if n not in KNOWN}


def open_link(query: dict, page: str) -> AppTest:
    """The link opened directly on ``page`` (the first run is already that page)."""
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    if page != "overview":
        at.switch_page(PAGES[page])
    at.run()
    return at


def assert_app_state_is_safe(at) -> None:
    """What the page computes with (the ViewState) and what the widgets hold is safe."""
    view = at.session_state[VIEW_KEY]
    assert isinstance(view, ViewState)
    assert_kept_is_safe(
        {"tickers": list(view.tickers), "bench": view.benchmark, "range": view.range_preset}
    )
    tickers = at.multiselect(key="tickers").value
    assert list(view.tickers) == tickers
    assert at.selectbox(key="bench").value in catalog.BENCHMARKS
    # a widget whose URL value was dropped may show no selection; the view then uses the default
    assert at.button_group(key="range").value in (*state.RANGE_PRESETS, None)


def assert_noticed(at) -> None:
    assert any("dropped" in w.value for w in at.warning), texts(at)


@pytest.mark.parametrize("query", [q for _, q in CORPUS], ids=IDS)
def test_every_hostile_link_on_the_overview(query):
    at = open_link(query, "overview")
    assert_clean(at)
    assert_noticed(at)
    assert_app_state_is_safe(at)
    assert at.title, "the page still renders"


@pytest.mark.parametrize("page", list(PAGES))
@pytest.mark.parametrize("case", SAMPLE)
def test_a_sample_of_hostile_links_on_every_page(case, page):
    at = open_link(QUERIES[case], page)
    assert_clean(at)
    assert_noticed(at)
    assert_app_state_is_safe(at)
    assert at.title
