"""Prior peaks, breakouts, running highs and drawdowns: hand-computed, edge cases, properties."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard.signals import breakout


def s(values, start="2021-12-27", freq="B", name="RUT"):
    return pd.Series(
        values,
        index=pd.date_range(start, periods=len(values), freq=freq),
        dtype="float64",
        name=name,
    )


# 2021-12-27 .. 2021-12-31 are before the cut-off (2022-01-01), 2022-01-03 on are after it
CLOSES = [90.0, 100.0, 95.0, 100.0, 80.0, 85.0, 100.0, 101.0, 98.0, 104.0]


def test_prior_peak_is_the_first_highest_close_strictly_before_the_cutoff():
    got = breakout.prior_peak(s(CLOSES), "2022-01-01")
    assert got == (pd.Timestamp("2021-12-28"), 100.0)  # 100 again on the 30th: first date kept
    # a close ON the cut-off date is not "before" it
    assert breakout.prior_peak(s(CLOSES), "2021-12-28") == (pd.Timestamp("2021-12-27"), 90.0)
    assert breakout.prior_peak(s(CLOSES), "2021-01-01") is None


def test_first_close_above_is_strictly_above():
    got = breakout.first_close_above(s(CLOSES), 100.0, "2022-01-01")
    assert got == (pd.Timestamp("2022-01-05"), 101.0)  # 100.0 on the 4th only equals the peak
    assert breakout.first_close_above(s(CLOSES), 200.0, "2022-01-01") is None


def test_analyse_by_hand():
    b = breakout.analyse(s(CLOSES), "2022-01-01")
    assert (b.peak_date, b.peak) == (pd.Timestamp("2021-12-28"), 100.0)
    assert (b.breakout_date, b.breakout_close) == (pd.Timestamp("2022-01-05"), 101.0)
    assert b.last_date == pd.Timestamp("2022-01-07") and b.last_close == 104.0
    assert b.pct_above == pytest.approx(4.0)
    assert b.max_pct_above == pytest.approx(4.0)
    assert b.sessions_since == 2  # the 6th and the 7th
    assert b.running_high == 104.0 and b.drawdown_pct == 0.0 and b.at_new_high
    assert b.status == "above"
    text = b.describe()
    assert "RUT closed at 104.00 on 2022-01-07, +4.00% vs its highest close before 2022-01-01" in (
        text
    )
    assert "(100.00 on 2021-12-28); first close above it on 2022-01-05 (2 sessions ago)." in text
    state = b.state
    assert state["pct_above_peak"].loc[:"2021-12-31"].isna().all()  # unknown before the cut-off
    assert state["pct_above_peak"].iloc[-1] == pytest.approx(4.0)
    assert state["drawdown_pct"].iloc[4] == pytest.approx(-20.0)  # 80 vs the running high 100


def test_broke_out_then_fell_back():
    b = breakout.analyse(s([*CLOSES[:8], 99.0]), "2022-01-01")
    assert b.status == "fell back"
    assert b.pct_above == pytest.approx(-1.0) and b.max_pct_above == pytest.approx(1.0)
    assert b.drawdown_pct == pytest.approx(100 * (99 / 101 - 1))
    assert "but it is back below" in b.describe()


def test_below_never_broke_out():
    b = breakout.analyse(s([90.0, 100.0, 80.0, 85.0, 100.0]), "2021-12-29")
    assert b.peak == 100.0 and b.breakout_date is None and b.sessions_since is None
    assert b.status == "below" and b.pct_above == 0.0
    assert "no close above it since" in b.describe()


def test_no_prior_peak_and_no_data_after_cutoff():
    early = breakout.analyse(s(CLOSES), "2020-01-01")
    assert early.status == "no prior peak" and early.pct_above is None
    assert "no prior peak" in early.describe()
    late = breakout.analyse(s(CLOSES), "2023-01-01")
    assert late.status == "no data after cut-off" and late.pct_above is None
    assert late.peak == 104.0
    empty = breakout.analyse(s([]), "2022-01-01")
    assert empty.status == "no prior peak" and empty.last_date is None


def test_running_high_drawdown_and_new_highs():
    x = s([10.0, 12.0, 12.0, 9.0, 13.0, np.nan, 12.0])
    assert breakout.running_high(x).tolist() == [10, 12, 12, 12, 13, 13]
    assert breakout.drawdown(x).tolist() == pytest.approx(
        [0.0, 0.0, 0.0, -25.0, 0.0, 100 * (12 / 13 - 1)]
    )
    # equal to the prior high is not a new high; the first close is not one either
    assert breakout.new_highs(x).tolist() == [False, True, False, False, True, False]
    assert breakout.pct_above(x, 10.0).iloc[1] == pytest.approx(20.0)
    with pytest.raises(ValueError):
        breakout.pct_above(x, 0.0)


price_lists = st.lists(st.floats(1.0, 1e4, allow_nan=False), min_size=2, max_size=60)


@given(price_lists, st.integers(1, 59))
def test_appending_data_never_changes_past_values(values, cut):
    cut = min(cut, len(values))
    full = breakout.analyse(s(values), "2022-01-01").state
    past = breakout.analyse(s(values[:cut]), "2022-01-01").state
    pd.testing.assert_frame_equal(past, full.iloc[:cut])


@given(price_lists, st.floats(0.01, 100.0))
def test_scaling_changes_no_percentage(values, k):
    a = breakout.analyse(s(values), "2022-01-01")
    b = breakout.analyse(s(values) * k, "2022-01-01")
    assert (a.peak_date, a.breakout_date, a.sessions_since) == (
        b.peak_date,
        b.breakout_date,
        b.sessions_since,
    )
    assert np.allclose(a.state["drawdown_pct"], b.state["drawdown_pct"], atol=1e-9)
    if a.pct_above is not None:
        assert b.pct_above == pytest.approx(a.pct_above, abs=1e-9)


@given(price_lists)
def test_drawdown_is_never_positive_and_zero_on_new_highs(values):
    state = breakout.analyse(s(values), "2022-01-01").state
    assert (state["drawdown_pct"] <= 1e-12).all()
    assert (state.loc[state["new_high"], "drawdown_pct"].abs() < 1e-12).all()
