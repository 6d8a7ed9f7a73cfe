"""The cross-asset page in AppTest: defaults, a shared link's state, hostile values, gaps."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from tests.app.helpers import assert_clean, event_marker_dates, run_app, texts

TITLE = "Cross-asset rotation"


def charts(at) -> int:
    return len(at.get("plotly_chart"))


def warnings(at) -> str:
    return "\n".join(w.value for w in at.warning)


def test_default_view_on_demo_data():
    at = run_app(page="cross_asset")
    assert_clean(at)
    assert [t.value for t in at.title] == [TITLE]
    assert at.multiselect(key="assets").value == ["IWM", "ARKK", "BTC-USD", "XBI", "GLD", "SLV"]
    assert at.selectbox(key="trigger").value == "ath"
    page = texts(at)
    for signal in ("gold_vs_smallcaps", "crypto_vs_gold", "growth_vs_smallcaps"):
        assert f"{signal}: confirming" in page  # the demo's story
    assert "Demo data: synthetic" in page
    assert "equity sessions" in page  # the calendar note
    assert "over the full history of IWM" in page
    assert charts(at) == 5  # performance, RRG, lead-lag, event study, sequence
    labels = {m.label: m.value for m in at.metric}
    assert labels["Small caps beating gold"].endswith(" pp")


def test_event_timeline_on_the_rebased_chart_only():
    at = run_app({"events": "true", "range": "Max"}, page="cross_asset")
    assert_clean(at)
    notes = [c.value for c in at.caption if "Events marked: 7" in c.value]
    assert len(notes) == 1 and "log scale" in notes[0]  # the performance chart's caption
    marks = event_marker_dates(at)
    assert marks[0] == {"2026-01-14", "2026-01-15"}  # rebased performance, log axis
    assert not any(marks[1:])  # RRG, heatmap, event study, sequence have no time axis


def test_shared_link_sets_assets_and_trigger():
    at = run_app({"assets": ["IWM", "GLD"], "trigger": "streak"}, page="cross_asset")
    assert_clean(at)
    assert at.multiselect(key="assets").value == ["IWM", "GLD"]
    assert at.selectbox(key="trigger").value == "streak"
    page = texts(at)
    assert "IWM beats SPY for 5 sessions in a row" in page
    # lead-lag is against IWM, so only GLD is a row; the event study covers both
    assert charts(at) == 5


def test_toggling_an_asset_and_the_trigger():
    at = run_app(page="cross_asset")
    at.multiselect(key="assets").unselect("SLV").run()
    at.selectbox(key="trigger").select("streak").run()
    assert_clean(at)
    assert "SLV" not in at.multiselect(key="assets").value
    assert "IWM beats SPY" in texts(at)


def test_hostile_values_get_a_notice_and_no_exception():
    at = run_app(
        {"assets": ["<script>", "NOTOFFERED", "GLD"], "trigger": "drop table"},
        page="cross_asset",
    )
    assert_clean(at)
    notice = warnings(at)
    assert "invalid ticker" in notice
    assert "NOTOFFERED" in notice and "not offered here" in notice
    assert "Ignored trigger='drop table'" in notice
    assert at.selectbox(key="trigger").value == "ath"
    assert "<script>" not in at.multiselect(key="assets").value


def test_empty_selection_says_so():
    at = run_app(page="cross_asset")
    for name in list(at.multiselect(key="assets").value):
        at.multiselect(key="assets").unselect(name)
    at.run()
    assert_clean(at)
    assert "Choose at least one asset" in texts(at)
    assert charts(at) == 0


def write(folder: Path, name: str, values: pd.Series) -> None:
    frame = pd.DataFrame({"Date": values.index.strftime("%Y-%m-%d"), "Close": values.values})
    frame.to_csv(folder / f"{name}.csv", index=False)


def test_missing_and_short_assets_are_explained(tmp_path, monkeypatch):
    days = pd.bdate_range("2018-01-01", "2026-01-16")
    rng = np.random.default_rng(0)
    for name in ("IWM", "SPY", "GLD", "ARKK"):
        steps = rng.normal(3e-4, 0.01, len(days))
        write(tmp_path, name, pd.Series(100 * np.exp(np.cumsum(steps)), days))
    write(tmp_path, "SLV", pd.Series(np.linspace(20, 22, 30), days[-30:]))  # six weeks only
    monkeypatch.setenv("ROTATION_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("ROTATION_SOURCES", "csvdir")
    at = run_app({"assets": ["IWM", "GLD", "SLV", "BTC-USD"]}, page="cross_asset")
    assert_clean(at)
    page = texts(at)
    assert "Not loaded, left out of every chart: BTC-USD" in page
    assert "SLV: too short for a rotation point" in page
    crypto = next(m for m in at.metric if m.label == "Crypto beating gold")
    assert crypto.value == ":gray[n/a]"  # no reading: greyed, never a number
    assert "crypto_vs_gold: unavailable" in page
    assert "Demo data" not in page
