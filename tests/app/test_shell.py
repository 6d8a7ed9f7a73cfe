"""The app shell under AppTest: every page renders, shared links restore the state, hostile
query strings give a notice and never an exception."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.state import MAX_TICKERS
from tests.app.helpers import PAGES, assert_clean, run_app, texts


@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_renders_on_demo_data_with_the_demo_label(page):
    at = run_app(page=page)
    assert_clean(at)
    assert at.title, "each page has a title"


@pytest.mark.parametrize("page", list(PAGES))
def test_shared_link_state_is_restored_on_every_page(page):
    at = run_app({"tickers": ["IWM", "XBI", "BTC-USD"], "bench": "QQQ", "range": "3Y"}, page=page)
    assert_clean(at)
    assert at.multiselect(key="tickers").value == ["IWM", "XBI", "BTC-USD"]
    assert at.selectbox(key="bench").value == "QQQ"
    assert at.button_group(key="range").value == "3Y"


def test_custom_range_link_is_restored():
    at = run_app({"range": "Custom", "start": "2025-06-02", "end": "2026-01-16"})
    assert_clean(at)
    assert str(at.date_input(key="start").value) == "2025-06-02"
    assert str(at.date_input(key="end").value) == "2026-01-16"


def test_overview_shows_the_status_of_every_catalog_series():
    at = run_app()
    at.session_state["overview_tab"] = "Data status"
    at.run()
    assert_clean(at)
    assert "Demo data: synthetic" in texts(at)
    frames = [df.value for df in at.dataframe]
    status = next(f for f in frames if "series" in f.columns and "status" in f.columns)
    assert {"IWM", "^RUT", "ICSA", "MMF_TOTAL", "DFII10"} <= set(status["series"])
    assert set(status["status"]) == {"synthetic"}


HOSTILE = [
    {"tickers": ["<script>alert(1)</script>"]},
    {"tickers": ["../../etc/passwd", "IWM"]},
    {"tickers": [f"T{i}" for i in range(500)]},
    {"tickers": ["ＩＷＭ", "日本", "\u202eMWI"]},
    {"range": "Custom", "start": "9999-12-31"},
    {"range": "Custom", "start": "2026-01-10", "end": "2020-01-01"},
    {"range": "<img src=x onerror=alert(1)>"},
    {"bench": "'; DROP TABLE users; --"},
    {"start": "2025-01-01"},
    {"asof": "not-a-date", "zz": "1"},
    {"events": "maybe"},
    {"tickers": ["A" * 5000]},
]


@pytest.mark.parametrize("query", HOSTILE, ids=[str(i) for i in range(len(HOSTILE))])
def test_hostile_query_strings_give_a_notice_and_no_exception(query):
    at = run_app(query)
    assert_clean(at)
    assert any("dropped" in w.value for w in at.warning), texts(at)
    tickers = at.multiselect(key="tickers").value
    assert len(tickers) <= MAX_TICKERS
    assert all(t.isascii() and "<" not in t and "/" not in t for t in tickers)


def test_adding_a_symbol_selects_it_and_a_bad_one_is_refused(tmp_path, monkeypatch):
    # TSM.csv in the data folder: a source can serve it
    days = pd.bdate_range("2025-01-02", "2026-01-16")
    pd.DataFrame({"Date": days.strftime("%Y-%m-%d"), "Close": range(100, 100 + len(days))}).to_csv(
        tmp_path / "TSM.csv", index=False
    )
    monkeypatch.setenv("ROTATION_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("ROTATION_SOURCES", "csvdir,demo")
    at = run_app({"tickers": ["IWM"]})
    at.text_input(key="add_symbol").input("tsm").run()
    assert at.multiselect(key="tickers").value == ["IWM", "TSM"]
    at.text_input(key="add_symbol").input("<b>bad</b>").run()
    assert at.multiselect(key="tickers").value == ["IWM", "TSM"]
    assert any("not a Yahoo symbol" in w.value for w in at.warning)


def test_an_unknown_symbol_is_removed_with_one_notice():
    """Issue 17, 3: ZZZZ in a link (or typed in) was accepted silently; no source can serve it
    (demo data), so it is named once and not kept in the selection."""
    at = run_app({"tickers": ["IWM", "ZZZZ"]})
    assert_clean(at)
    named = [w.value for w in at.warning if "ZZZZ" in w.value]
    assert len(named) == 1 and "Removed ZZZZ from the tickers." in named[0], named
    assert at.multiselect(key="tickers").value == ["IWM"]
