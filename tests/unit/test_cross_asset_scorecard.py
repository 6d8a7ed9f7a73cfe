"""Scorecard signals of the cross-asset view: values, thresholds, BTC on equity sessions."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dashboard.signals import scorecard as rules
from dashboard.signals.scorecard import cross_asset as cross_asset_rules

DAYS = pd.bdate_range("2025-06-02", periods=80)


def path(total_pct: float, n_last: int = 20, days=DAYS) -> pd.Series:
    """Flat, then a steady move of ``total_pct`` over the last ``n_last`` observations."""
    values = np.ones(len(days))
    values[-n_last:] = np.linspace(1, 1 + total_pct / 100, n_last + 1)[1:]
    return pd.Series(100 * values, days)


def read(spec, series, as_of=None):
    return rules.evaluate([spec], series, as_of=as_of or DAYS[-1])[0]


@pytest.mark.parametrize(
    ("iwm", "gld", "status"), [(10, 1, "confirming"), (1, 10, "contradicting"), (5, 5, "neutral")]
)
def test_gold_vs_smallcaps(iwm, gld, status):
    got = read(cross_asset_rules.GOLD_VS_SMALLCAPS, {"IWM": path(iwm), "GLD": path(gld)})
    assert got.value == pytest.approx(iwm - gld)
    assert got.status == status
    assert got.unit == "pp" and got.view == "cross_asset"


def test_crypto_vs_gold_samples_btc_on_equity_sessions():
    cal = pd.date_range(DAYS[0], DAYS[-1], freq="D")
    btc = pd.Series(100.0, cal)
    btc[btc.index > DAYS[-21]] = 110.0
    btc[btc.index.day_of_week == 5] = 500.0  # Saturday spikes never reach an equity session
    got = read(cross_asset_rules.CRYPTO_VS_GOLD, {"BTC-USD": btc, "GLD": path(2)})
    assert got.value == pytest.approx(10 - 2)
    assert got.status == "confirming"
    assert "equity sessions" in got.detail


@pytest.mark.parametrize(
    ("arkk", "iwm", "status"),
    [
        (12, 10, "confirming"),  # growth ahead
        (9, 10, "confirming"),  # within 2 pp and up: following
        (6, 10, "neutral"),  # 4 pp behind
        (3, 10, "contradicting"),  # 7 pp behind: left behind
        (-1, -0.5, "neutral"),  # within 2 pp but down: not a flow into growth
    ],
)
def test_growth_vs_smallcaps_rule(arkk, iwm, status):
    got = read(cross_asset_rules.GROWTH_VS_SMALLCAPS, {"ARKK": path(arkk), "IWM": path(iwm)})
    assert got.value == pytest.approx(arkk - iwm)
    assert got.status == status


def test_growth_detail_says_where_the_sequence_stands():
    btc_days = pd.date_range(DAYS[0], DAYS[-1], freq="D")
    btc = pd.Series(np.linspace(200, 100, len(btc_days)), btc_days)  # peak at the start
    got = read(
        cross_asset_rules.GROWTH_VS_SMALLCAPS, {"ARKK": path(8), "IWM": path(10), "BTC-USD": btc}
    )
    assert "IWM at a new all-time high" in got.detail
    assert "ARKK at a new all-time high" in got.detail
    assert f"BTC-USD 50% below its {btc_days[0]:%Y-%m-%d} high" in got.detail
    assert "Over 20 sessions: IWM +10.0% > ARKK +8.0% > BTC-USD" in got.detail
    assert any(s.startswith("BTC-USD to ") for s in got.sources)


def test_point_in_time_and_missing_data():
    iwm, gld = path(10), path(1)
    later = pd.concat(
        [iwm, pd.Series(200.0, pd.bdate_range(DAYS[-1] + pd.Timedelta(days=1), periods=5))]
    )
    before = read(cross_asset_rules.GOLD_VS_SMALLCAPS, {"IWM": iwm, "GLD": gld})
    replay = read(cross_asset_rules.GOLD_VS_SMALLCAPS, {"IWM": later, "GLD": gld}, as_of=DAYS[-1])
    assert replay.value == pytest.approx(before.value)
    missing = read(cross_asset_rules.GOLD_VS_SMALLCAPS, {"IWM": iwm})
    assert missing.status == "unavailable" and "GLD" in missing.detail
    short = read(
        cross_asset_rules.GOLD_VS_SMALLCAPS, {"IWM": iwm.iloc[-10:], "GLD": gld.iloc[-10:]}
    )
    assert short.status == "unavailable"


def test_specs_are_in_the_scorecard_in_order():
    ids = [s.id for s in rules.CROSS_ASSET]
    assert ids == ["gold_vs_smallcaps", "crypto_vs_gold", "growth_vs_smallcaps"]
    assert all(s in rules.SCORECARD for s in rules.CROSS_ASSET)
