"""The sidebar's tickers drive a view (issue 17, 3): the Compare page under AppTest.

Before, adding ^VIX, ETH-USD or an unknown ZZZZ, or removing QQQ, only changed the options of two
select boxes; nothing on screen moved and ZZZZ was accepted silently.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tests.app.helpers import assert_clean, run_app, texts
from tests.data.fake_yahoo import refused


def traces(at, index: int = 0) -> list[str]:
    """The trace names of the page's ``index``-th plotly chart."""
    return [t["name"] for t in json.loads(at.get("plotly_chart")[index].proto.spec)["data"]]


def cards(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def notices_naming(at, symbol: str) -> list[str]:
    return [w.value for w in (*at.warning, *at.error, *at.info) if symbol in w.value]


def test_the_sidebar_tickers_are_charted_and_a_change_redraws_them():
    at = run_app({"tickers": ["IWM", "QQQ"]}, page="compare")
    assert_clean(at)
    assert [t.value for t in at.title] == ["Compare"]
    assert traces(at, 0) == ["IWM", "QQQ", "SPY"]  # performance, the benchmark last
    assert traces(at, 1) == ["IWM", "QQQ"]  # relative strength against SPY
    assert set(cards(at)) == {"IWM", "QQQ", "SPY"}
    # add GLD, remove QQQ, in the sidebar: the charts, cards and table follow
    at.multiselect(key="tickers").set_value(["IWM", "GLD"]).run()
    assert_clean(at)
    assert traces(at, 0) == ["IWM", "GLD", "SPY"]
    assert set(cards(at)) == {"IWM", "GLD", "SPY"}
    assert list(at.dataframe[0].value["ticker"]) == ["IWM", "GLD", "SPY"]
    # the benchmark too
    at.selectbox(key="bench").set_value("QQQ").run()
    assert traces(at, 1) == ["IWM", "GLD"] and "relative to QQQ" in str(
        at.get("plotly_chart")[1].proto.spec
    )


def test_the_date_range_sets_the_window_of_every_number():
    year = run_app({"tickers": ["IWM"], "range": "1Y"}, page="compare")
    month = run_app({"tickers": ["IWM"], "range": "1M"}, page="compare")
    assert cards(year)["IWM"] != cards(month)["IWM"]
    assert "2025-01-16 to 2026-01-16" in texts(year)  # the demo ends 2026-01-16
    assert "2025-12-16 to 2026-01-16" in texts(month)


def test_an_unknown_symbol_is_named_once_and_not_kept():
    at = run_app({"tickers": ["IWM", "ZZZZ"]}, page="compare")
    assert_clean(at)
    named = notices_naming(at, "ZZZZ")
    assert len(named) == 1, named
    assert "Removed ZZZZ from the tickers. No configured source serves ZZZZ" in named[0]
    assert at.multiselect(key="tickers").value == ["IWM"]
    assert "ZZZZ" not in at.query_params.get("tickers", [])
    assert traces(at, 0) == ["IWM", "SPY"]
    # typed into the box: refused the same way, the selection unchanged
    at.text_input(key="add_symbol").input("zzzz").run()
    assert at.multiselect(key="tickers").value == ["IWM"]
    assert len(notices_naming(at, "ZZZZ")) == 1


def write_closes(folder: Path, name: str, start: float, days: int = 400) -> None:
    index = pd.bdate_range(end="2026-01-16", periods=days)
    closes = start * np.exp(np.linspace(0.0, 0.2, days))
    pd.DataFrame({"Date": index.strftime("%Y-%m-%d"), "Close": closes}).to_csv(
        folder / f"{name}.csv", index=False
    )


def test_a_symbol_a_source_serves_is_added_and_charted(tmp_path, monkeypatch):
    write_closes(tmp_path, "^VIX", 15.0)
    write_closes(tmp_path, "ETH-USD", 2500.0)
    monkeypatch.setenv("ROTATION_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("ROTATION_SOURCES", "csvdir,demo")
    at = run_app({"tickers": ["IWM", "QQQ"]}, page="compare")
    at.text_input(key="add_symbol").input("^vix").run()
    at.text_input(key="add_symbol").input("eth-usd").run()
    assert_clean(at)
    assert at.multiselect(key="tickers").value == ["IWM", "QQQ", "^VIX", "ETH-USD"]
    assert traces(at, 0) == ["IWM", "QQQ", "^VIX", "ETH-USD", "SPY"]
    assert {"^VIX", "ETH-USD"} <= set(cards(at))
    at.multiselect(key="tickers").set_value(["IWM", "^VIX", "ETH-USD"]).run()  # remove QQQ
    assert traces(at, 0) == ["IWM", "^VIX", "ETH-USD", "SPY"]


def test_the_pages_own_settings_come_from_the_link():
    at = run_app({"tickers": ["IWM", "QQQ"], "cmp_average": "true", "cmp_rs_ma": "20"}, "compare")
    assert_clean(at)
    assert at.toggle(key="cmp_average").value is True
    assert traces(at, 0) == ["IWM", "QQQ", "SPY", "Average"]
    assert "rs_vs_ma_pct" in at.dataframe[0].value.columns
    assert at.number_input(key="cmp_rs_ma").value == 20
    bad = run_app({"cmp_rs_ma": "1000", "cmp_average": "maybe"}, page="compare")
    warning = next(w.value for w in bad.warning if "cmp_rs_ma" in w.value)
    assert "Ignored cmp_rs_ma='1000': outside 5 .. 250." in warning
    assert "Ignored cmp_average='maybe': use true or false." in warning
    assert bad.number_input(key="cmp_rs_ma").value == 50
    assert bad.toggle(key="cmp_average").value is False


@pytest.fixture
def yahoo_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("ROTATION_SOURCES", "yahoo,demo")
    with refused(tmp_path, monkeypatch):
        yield


def test_a_symbol_only_unreachable_for_now_stays_with_the_reason(yahoo_refused):
    """Offline, Yahoo cannot say whether TSM exists: it stays selected, and the page says why it
    is not charted, in plain words, for TSM."""
    at = run_app({"tickers": ["IWM", "TSM"]}, page="compare")
    assert_clean(at)
    assert at.multiselect(key="tickers").value == ["IWM", "TSM"]
    named = notices_naming(at, "TSM")
    # once, in plain words, for TSM (the sidebar's check tripped Yahoo's back-off, so the page
    # adds when it tries again)
    assert len(named) == 1 and named[0].startswith(
        "Could not load **TSM**. Yahoo could not be reached for TSM (no network"
    ), named
    page = texts(at)
    assert "curl" not in page and "IWM (network down" not in page
    assert traces(at, 0) == ["IWM", "SPY"]  # the demo's IWM and SPY, labelled synthetic
    assert "Demo data: synthetic" in page
