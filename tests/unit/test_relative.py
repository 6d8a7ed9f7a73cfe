"""Relative performance: hand-computed rebasing, ratios, returns and calendar alignment."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard.signals import relative


def s(values, start="2026-01-05", freq="B"):
    return pd.Series(
        values, index=pd.date_range(start, periods=len(values), freq=freq), dtype=float
    )


def test_rebase_starts_each_column_at_its_own_first_value():
    frame = pd.DataFrame({"a": [np.nan, 50.0, 75.0], "b": [10.0, 20.0, 5.0]})
    out = relative.rebase(frame)
    assert out["a"].tolist()[1:] == [100.0, 150.0]
    assert np.isnan(out["a"].iloc[0])
    assert out["b"].tolist() == [100.0, 200.0, 50.0]


def test_rebase_series_and_non_positive_start():
    assert relative.rebase(s([4.0, 5.0]), base=1.0).tolist() == [1.0, 1.25]
    assert relative.rebase(s([0.0, 5.0])).isna().all()


def test_period_return_and_excess_return_hand_computed():
    a = s([100, 110, 121])
    b = s([100, 100, 105])
    assert relative.period_return(a, 2).iloc[-1] == pytest.approx(21.0)
    assert relative.excess_return(a, b, 2).iloc[-1] == pytest.approx(16.0)
    assert relative.excess_return(a, b, 1).iloc[-1] == pytest.approx(10.0 - 5.0)


def test_relative_return_is_the_ratio_lines_return():
    a, b = s([100, 120]), s([100, 110])
    assert relative.relative_return(a, b, 1).iloc[-1] == pytest.approx(100 * (1.2 / 1.1 - 1))


def test_align_keeps_common_dates_and_states_what_was_dropped():
    btc = s(range(1, 15), start="2026-01-05", freq="D")  # 14 calendar days, weekends included
    iwm = s(range(1, 11), start="2026-01-05", freq="B")  # 10 sessions
    alignment = relative.align({"BTC-USD": btc, "IWM": iwm})
    assert len(alignment.frame) == 10
    assert alignment.dropped == {"BTC-USD": 4, "IWM": 0}
    assert "10 common dates" in alignment.note and "4 BTC-USD dates" in alignment.note
    # BTC's 5-session return on the equity calendar spans a week, not 5 calendar days
    r = relative.period_return(alignment.frame["BTC-USD"], 5)
    assert r.index[-1] == pd.Timestamp("2026-01-16")
    assert r.iloc[-1] == pytest.approx(100 * (12 / 5 - 1))


def test_nans_duplicates_and_unsorted_input_are_cleaned():
    idx = pd.DatetimeIndex(["2026-01-07", "2026-01-05", "2026-01-06", "2026-01-06"])
    values = pd.Series([3.0, 1.0, np.nan, 2.0], index=idx)
    assert relative.period_return(values, 1).dropna().tolist() == pytest.approx([100.0, 50.0])


def test_bad_arguments_fail_loudly():
    with pytest.raises(ValueError):
        relative.period_return(s([1, 2]), 0)
    with pytest.raises(TypeError):
        relative.period_return(pd.Series([1.0, 2.0]), 1)
    assert relative.ratio(s([1.0]), s([1.0], start="2020-01-01")).empty


prices_lists = st.lists(st.floats(1.0, 1e4, allow_nan=False), min_size=3, max_size=60)


@given(prices_lists, st.floats(0.01, 100.0))
def test_scaling_a_price_series_changes_no_return(values, factor):
    a = s(values)
    assert np.allclose(
        relative.period_return(a, 2).dropna(), relative.period_return(a * factor, 2).dropna()
    )
    assert np.allclose(relative.rebase(a), relative.rebase(a * factor))


@given(prices_lists)
def test_no_look_ahead_appending_data_leaves_the_past_unchanged(values):
    full = s(values)
    cut = full.iloc[: len(values) // 2 + 1]
    for fn in (lambda x: relative.period_return(x, 1), lambda x: relative.moving_average(x, 2)):
        past = fn(cut)
        assert np.allclose(fn(full).loc[past.index], past, equal_nan=True)
