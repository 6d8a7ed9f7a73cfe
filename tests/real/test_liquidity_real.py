"""The small-cap side of the liquidity view on real IWM and SPY histories (no real MMF data
exists in ../shared/market-data, so MMF series here are made up and say so)."""

from __future__ import annotations

import shutil

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.data import catalog
from dashboard.data.sources.csvdir import CsvDirSource
from dashboard.signals import liquidity as liq
from tests.app.test_liquidity_page import APP, PAGE

pytestmark = pytest.mark.realdata


@pytest.fixture
def prices(market_data):
    fetched = CsvDirSource(market_data).fetch([catalog.get("IWM"), catalog.get("SPY")])
    return fetched["IWM"].series, fetched["SPY"].series


def test_relative_return_matches_the_closes_in_the_files(prices):
    iwm, spy = prices
    dates = pd.DatetimeIndex(["2026-01-14", "2025-12-31"])
    got = liq.weekly_relative_return(iwm, spy, dates)
    # IWM.csv / SPY.csv closes on 2026-01-07 and 2026-01-14
    week = (263.19000244140625 / 255.47999572753906) / (690.3599853515625 / 689.5800170898438)
    assert got.iloc[0] == pytest.approx(100 * (week - 1))
    # 2025-12-24 is a session; the week before 2025-12-31 is measured from it
    start = pd.Timestamp("2025-12-24")
    by_hand = (iwm["2025-12-31"] / iwm[start]) / (spy["2025-12-31"] / spy[start])
    assert got.iloc[1] == pytest.approx(100 * (by_hand - 1))


def test_relative_return_on_a_market_holiday_uses_the_previous_close(prices):
    iwm, spy = prices
    assert pd.Timestamp("2025-12-25") not in iwm.index  # Christmas: no session
    got = liq.weekly_relative_return(iwm, spy, pd.DatetimeIndex(["2025-12-25"]))
    # the 24th's close against the close on 2025-12-18, a week before the 25th
    by_hand = (iwm["2025-12-24"] / iwm["2025-12-18"]) / (spy["2025-12-24"] / spy["2025-12-18"])
    assert got.iloc[0] == pytest.approx(100 * (by_hand - 1))


def test_lead_lag_on_real_prices_recovers_a_planted_lead(prices):
    iwm, spy = prices
    weeks = pd.date_range("2010-01-06", "2025-12-31", freq="7D")
    relative = liq.weekly_relative_return(iwm, spy, weeks).dropna()
    # made-up flows that are minus the relative return two weeks later, plus noise
    rng = np.random.default_rng(0)
    planted = -relative.shift(-2) + rng.normal(0, relative.std() * 0.5, len(relative))
    result = liq.lead_lag(planted.dropna(), relative, max_lag=8)
    assert result.best_lag == 2 and result.best_correlation < -0.8
    assert result.best_pairs == len(relative) - 2


def test_page_with_real_prices_and_a_user_total(market_data, tmp_path, monkeypatch):
    for name in ("IWM.csv", "SPY.csv"):
        shutil.copy(market_data / name, tmp_path / name)
    weeks = pd.date_range("2016-01-06", "2026-01-14", freq="7D")
    total = pd.Series(np.linspace(2700.0, 7720.0, len(weeks)), index=weeks)
    pd.DataFrame({"date": weeks.strftime("%Y-%m-%d"), "total": total.values}).to_csv(
        tmp_path / "MMF_TOTAL.csv", index=False
    )
    monkeypatch.setenv("ROTATION_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("ROTATION_SOURCES", "csvdir")
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception
    assert len(at.get("plotly_chart")) == 4
    lead_lag = next(m.value for m in at.markdown if "Strongest correlation: **" in m.value)
    assert "weekly pairs (2016-" in lead_lag and "Illustration" not in lead_lag
