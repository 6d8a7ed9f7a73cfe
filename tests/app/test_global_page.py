"""The Global page in AppTest: demo story on 2026-01-16, events, point in time, missing series."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from tests.app.helpers import assert_clean, run_app, texts


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_default_state():
    at = run_app(page="global_view")
    assert_clean(at)
    text = texts(at)
    assert "Demo data: synthetic" in text
    assert len(at.get("plotly_chart")) == 4  # GDP, copper, dollar, real yield


def test_shared_link_2026_01_16_with_events():
    at = run_app({"asof": "2026-01-16", "events": "true", "range": "3M"}, page="global_view")
    assert_clean(at)
    m = metrics(at)
    assert m["Germany real GDP 2025Q3, q/q"] == "+0.20%"
    assert m["UK real GDP 2025Q3, q/q"] == "+0.30%"
    assert m["DFII10 on 2026-01-15"] == "1.95%"
    assert m["20-session change, pp"] == "+0.12 pp"
    text = texts(at)
    assert "global_growth: confirming" in text
    assert "Events marked: 7" in text  # the dollar / yield / copper charts in the 3M window
    assert at.toggle(key="events").value is True


def test_point_in_time_before_the_q3_release():
    at = run_app({"asof": "2025-11-13"}, page="global_view")
    assert_clean(at)
    assert "Germany real GDP 2025Q2, q/q" in metrics(at)


def test_hostile_asof_notice():
    # the link's notice appears on the run that reads the link; the page then uses its default
    # (on demo data: the demo's last day)
    at = run_app({"asof": "2026-02-30"})
    assert any("asof" in w.value for w in at.warning)
    at.switch_page("pages/global_view.py").run()
    assert_clean(at)
    assert at.date_input(key="asof").value is None  # dropped from the link
    assert "As of the last day of the synthetic demo data (2026-01-16)." in texts(at)


def write(folder, name, values: pd.Series, column: str) -> None:
    pd.DataFrame(
        {"observation_date": values.index.strftime("%Y-%m-%d"), column: values.values}
    ).to_csv(folder / f"{name}.csv", index=False)


def test_missing_dollar_and_stale_uk_from_files(tmp_path, monkeypatch):
    quarters = pd.date_range("2020-01-01", "2025-07-01", freq="QS")
    write(
        tmp_path, "CLVMNACSCAB1GQDE", pd.Series(np.linspace(100, 110, len(quarters)), quarters), "v"
    )
    old = pd.date_range("2017-01-01", "2019-10-01", freq="QS")
    write(tmp_path, "CLVMNACSCAB1GQUK", pd.Series(np.linspace(100, 104, len(old)), old), "v")
    days = pd.bdate_range("2025-06-02", "2026-01-15")
    write(tmp_path, "DFII10", pd.Series(np.linspace(1.8, 2.0, len(days)), days), "DFII10")
    monkeypatch.setenv("ROTATION_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("ROTATION_SOURCES", "csvdir")
    at = run_app({"asof": "2026-01-16"}, page="global_view")
    assert_clean(at)
    text = texts(at)
    assert "Broad US dollar (DTWEXBGS) is not loaded" in text
    assert "UK 2019Q4" in text and "is STALE" in text and "not a current reading" in text
    # Germany's file starts 2020: no quarter both countries published, so no last reading
    assert "global_growth: unavailable" in text
    assert "Demo data" not in text
    assert date(2026, 1, 16) == at.date_input(key="asof").value
