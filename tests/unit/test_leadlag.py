"""Lead-lag cross-correlation: planted shifts, pair counts, bands, calendars, the matrix."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.signals import leadlag

DAYS = pd.bdate_range("2015-01-01", periods=1500)


def walk(seed: int) -> pd.Series:
    rng = np.random.default_rng(seed)
    return pd.Series(100 * np.exp(np.cumsum(rng.normal(0, 0.01, len(DAYS)))), DAYS)


@settings(max_examples=15, deadline=None)
@given(k=st.integers(-20, 20), seed=st.integers(0, 1000))
def test_a_series_shifted_by_k_sessions_peaks_at_lag_k(k, seed):
    lead = walk(seed)
    # follower's return at t+k equals the lead's return at t
    follower = pd.Series(lead.shift(k).to_numpy(), DAYS).dropna()
    cc = leadlag.cross_correlation(lead, follower, max_lag=20)
    assert cc.peak_lag == k
    assert cc.peak_correlation == pytest.approx(1.0)


def test_pairs_and_band_per_lag():
    a, b = walk(1), walk(2)
    cc = leadlag.cross_correlation(a, b, max_lag=5)
    n = len(DAYS) - 1  # returns
    assert list(cc.profile.index) == list(range(-5, 6))
    for lag, row in cc.profile.iterrows():
        assert row["pairs"] == n - abs(lag)
        assert row["band"] == pytest.approx(1.96 / np.sqrt(n - abs(lag)))
    # independent walks: correlations small, the same as numpy's at lag 0
    ra, rb = a.pct_change().dropna(), b.pct_change().dropna()
    assert cc.profile.loc[0, "correlation"] == pytest.approx(np.corrcoef(ra, rb)[0, 1])


def test_lead_lag_excludes_zero_and_min_pairs_blanks_short_samples():
    a = walk(3)
    b = pd.Series(a.shift(3).to_numpy(), DAYS).dropna() * 0 + a  # same as a: peak at 0
    cc = leadlag.cross_correlation(a, b, max_lag=4)
    assert cc.peak_lag == 0 and cc.lead_lag != 0
    short = leadlag.cross_correlation(a.iloc[:20], b.iloc[:20], max_lag=4)
    assert short.peak_lag is None and short.profile["correlation"].isna().all()


def test_crypto_on_equity_sessions():
    days = pd.date_range("2015-01-01", periods=2000, freq="D")
    rng = np.random.default_rng(4)
    btc = pd.Series(100 * np.exp(np.cumsum(rng.normal(0, 0.03, len(days)))), days)
    ret = leadlag.returns_on_common_calendar(walk(5), btc)
    assert set(ret.index.day_of_week) <= {0, 1, 2, 3, 4}
    monday = ret.index[ret.index.day_of_week == 0][1]
    friday = monday - pd.Timedelta(days=3)
    assert ret.loc[monday, "b"] == pytest.approx(100 * (btc[monday] / btc[friday] - 1))


def test_weekly_frequency_counts_weeks():
    lead = walk(6)
    weekly_lead = lead[~lead.index.to_period("W-FRI").duplicated(keep="last")]
    follower = pd.Series(weekly_lead.shift(2).to_numpy(), weekly_lead.index).dropna()
    cc = leadlag.cross_correlation(lead, follower, max_lag=6, freq="W")
    assert cc.peak_lag == 2


def test_matrix_shape_and_summary():
    lead = walk(7)
    others = {"X": pd.Series(lead.shift(1).to_numpy(), DAYS).dropna(), "Y": walk(8)}
    matrix, summary = leadlag.lead_lag_matrix(lead, others, max_lag=3)
    assert list(matrix.index) == ["X", "Y"] and list(matrix.columns) == [-3, -2, -1, 0, 1, 2, 3]
    assert summary.loc["X", "peak_lag"] == 1 and bool(summary.loc["X", "lead_outside_band"])
