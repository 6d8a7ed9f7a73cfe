"""The small-caps page in Streamlit's AppTest: default state, shared links, pair changes, bad
values and missing data. Data comes from the demo source (its story is documented) or from small
CSV files in a temporary data folder, so every expectation is known in advance."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from streamlit.testing.v1 import AppTest

from dashboard.ui.page import VIEW_KEY
from tests.app.helpers import APP, assert_clean, event_marker_dates, texts

PAGE = "pages/small_caps.py"


def open_page(query: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for name, value in (query or {}).items():
        at.query_params[name] = value
    at.switch_page(PAGE).run()  # the link opens this page: its own parameters are read here
    assert_clean(at)
    assert [t.value for t in at.title] == ["Small caps"]
    return at


def metrics(at: AppTest) -> dict[str, tuple[str, str]]:
    return {m.label: (m.value, m.delta) for m in at.metric}


def charts(at: AppTest) -> int:
    return len(at.get("plotly_chart"))


# --- demo data -----------------------------------------------------------------------------------
def test_default_state_shows_the_demo_story_labelled_synthetic():
    at = open_page()
    assert any("Demo data: synthetic" in w.value for w in at.warning)
    assert at.selectbox(key="pair").value == "IWM"
    got = metrics(at)
    assert got["Current outperformance streak"] == (
        "10 sessions",
        "longest since 2000 (whole history)",
    )
    value, delta = got["IWM vs peak before 2022"]
    assert value.startswith("+") and delta.startswith("above since 2026-01")
    assert got["20-session relative return"][0].startswith("+")
    assert charts(at) == 4  # ratio, breakout, rebased, rolling relative
    table = at.dataframe[0].value
    assert table["length"].iloc[0] == 10 and bool(table["ongoing"].iloc[0])
    page = texts(at)
    assert "IWM against SPY on 2026-01-16" in [s.value for s in at.subheader]
    assert (
        "Aligned on" in page
        and "Streaks are counted over the whole history up to 2026-01-16" in page
    )
    assert "IWM pairs naturally with" not in page  # SPY is IWM's natural benchmark


def test_shared_link_reproduces_the_index_pair():
    at = open_page({"pair": "^RUT", "bench": "^GSPC", "range": "5Y"})
    assert at.selectbox(key="pair").value == "^RUT"
    assert at.session_state[VIEW_KEY].benchmark == "^GSPC"
    assert at.session_state[VIEW_KEY].range_preset == "5Y"
    got = metrics(at)
    # the demo's ^RUT-vs-^GSPC history holds one longer streak: 11 sessions ending in Nov 1990
    assert got["Current outperformance streak"] == ("10 sessions", "longest since 1990-11-09")
    assert "^RUT vs peak before 2022" in got
    assert charts(at) == 4
    assert at.query_params["pair"] == "^RUT"


def test_event_timeline_marks_every_chart_and_says_so():
    at = open_page({"events": "true", "range": "Max"})
    notes = [c.value for c in at.caption if "Events marked: 7" in c.value]
    assert len(notes) == charts(at) == 4  # every chart's caption names the 7 bundled events
    # same-day events share a marker: the bundled ones fall on two dates
    assert all({"2026-01-14", "2026-01-15"} <= d for d in event_marker_dates(at))
    plain = open_page({"range": "Max"})
    assert not any("Events marked" in c.value for c in plain.caption)
    assert not any("2026-01-14" in d for d in event_marker_dates(plain))


def test_bad_pair_value_gets_a_notice_and_the_default():
    at = open_page({"pair": "<script>alert(1)</script>"})
    assert any("Ignored pair=" in w.value for w in at.warning)
    assert at.selectbox(key="pair").value == "IWM"
    assert charts(at) == 4


def test_a_sidebar_ticker_from_a_link_is_offered():
    at = open_page({"pair": "XBI", "tickers": ["IWM", "XBI"]})
    assert at.selectbox(key="pair").value == "XBI"
    assert any(s.value.startswith("XBI against SPY on ") for s in at.subheader)


def test_a_symbol_the_page_does_not_offer_is_dropped_like_a_bad_asset():
    """Issue 17, 7: ``?pair=BANANA`` was accepted (and loaded) while ``?assets=FOO`` was
    dropped. A pair must be IWM, ^RUT or one of the sidebar's tickers, as assets must."""
    at = open_page({"pair": "BANANA"})
    notice = next(w.value for w in at.warning if "pair=" in w.value)
    assert "Ignored pair='BANANA': not offered here" in notice
    assert at.selectbox(key="pair").value == "IWM"
    assert "BANANA" not in texts(at).replace(notice, "")  # not loaded, no badge, no error
    assert charts(at) == 4


def test_pair_equal_to_the_benchmark_says_so_and_stops():
    at = open_page({"pair": "SPY"})
    assert any("both SPY" in i.value for i in at.info)
    assert not at.metric and charts(at) == 0


def test_changing_the_pair_updates_the_link_and_offers_the_natural_benchmark():
    at = open_page()
    at.selectbox(key="pair").set_value("^RUT").run()
    assert_clean(at)
    # (AppTest does not write bound widgets back to its query_params; the Chromium journey
    # checks that the URL carries the pair)
    assert at.selectbox(key="pair").value == "^RUT"
    assert any(s.value.startswith("^RUT against SPY on ") for s in at.subheader)
    assert "^RUT pairs naturally with ^GSPC (index against index)" in texts(at)
    at.button(key="use_natural_bench").click().run()
    assert_clean(at)
    assert at.session_state[VIEW_KEY].benchmark == "^GSPC"
    assert metrics(at)["Current outperformance streak"][1] == "longest since 1990-11-09"


def test_settings_change_the_breakout_cutoff():
    at = open_page()
    at.date_input(key="sc_cutoff").set_value(pd.Timestamp("2026-01-12").date()).run()
    assert_clean(at)
    assert "IWM vs peak before 2026-01-12" in metrics(at)


# --- files with known answers --------------------------------------------------------------------
def write_prices(folder: Path, name: str, close: pd.Series) -> None:
    pd.DataFrame(
        {"Date": close.index.strftime("%Y-%m-%d"), "Close": close.values, "Volume": 1000}
    ).to_csv(folder / f"{name}.csv", index=False)


def known_pair(folder: Path) -> None:
    days = pd.bdate_range("2021-06-01", "2026-01-16")
    rng = np.random.default_rng(7)
    spy = pd.Series(400 * np.exp(np.cumsum(rng.normal(0, 0.01, len(days)))), index=days).round(2)
    # IWM: SPY's path times a relative line that loses on every session except the last 4
    rel = np.ones(len(days))
    rel[1:] = 0.999
    rel[-4:] = 1.002
    iwm = (spy / 2 * np.cumprod(rel)).round(4)
    iwm.loc["2021-11-08"] = 500.0  # the prior peak, far above everything after
    write_prices(folder, "SPY", spy)
    write_prices(folder, "IWM", iwm)


def test_page_on_files_with_a_known_streak(tmp_path, monkeypatch):
    known_pair(tmp_path)
    monkeypatch.setenv("ROTATION_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("ROTATION_SOURCES", "csvdir")
    at = open_page()
    assert not any("Demo data" in w.value for w in at.warning)
    got = metrics(at)
    # the 4-session streak at the end is the longest: the spike on 2021-11-08 was 1 session
    assert got["Current outperformance streak"] == (
        "4 sessions",
        "longest since 2021 (whole history)",
    )
    value, delta = got["IWM vs peak before 2022"]
    assert value.startswith("-") and delta == "no breakout yet"
    assert "500.00 on 2021-11-08" in texts(at)
    # ^RUT has no file: its scorecard entry is unavailable, the page still works
    assert any("^RUT" in e.value for e in at.error)
    assert charts(at) == 4


def test_missing_benchmark_stops_with_a_message(tmp_path, monkeypatch):
    known_pair(tmp_path)
    (tmp_path / "SPY.csv").unlink()
    monkeypatch.setenv("ROTATION_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("ROTATION_SOURCES", "csvdir")
    at = open_page()
    assert any("No prices for SPY" in e.value for e in at.error)
    assert not at.metric and charts(at) == 0


def test_a_range_ending_earlier_shows_the_cards_as_they_stood_then():
    # the demo's streak is 10 on 2026-01-16; on 2026-01-09 it had run 5 sessions
    at = open_page({"range": "Custom", "start": "2025-10-01", "end": "2026-01-09"})
    assert_clean(at)
    assert "IWM against SPY on 2026-01-09" in [s.value for s in at.subheader]
    streak = next(m for m in at.metric if m.label == "Current outperformance streak")
    assert streak.value == "5 sessions"
    assert "Scorecard as of 2026-01-09" in texts(at)


def test_settings_come_from_the_link_and_hold_over_reruns():
    """The settings are bound to the URL: a link sets them (the panel need not be open)."""
    at = open_page({"sc_cutoff": "2026-01-12", "sc_ma_window": "100"})
    assert at.date_input(key="sc_cutoff").value == pd.Timestamp("2026-01-12").date()
    assert at.number_input(key="sc_ma_window").value == 100
    assert "IWM vs peak before 2026-01-12" in metrics(at)
    assert any("100-session average" in c.value for c in at.caption) or "100-session" in str(
        at.get("plotly_chart")[0].proto.spec
    )
    at.button_group(key="range").set_value("3Y").run()
    assert_clean(at)
    assert "IWM vs peak before 2026-01-12" in metrics(at)
