"""Global signals: q/q growth from levels, staleness, the global_growth and real_yields rules at
their thresholds, and release lags (GDP is not visible before quarter end + 45 days)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.signals import macro_global as mg
from dashboard.signals import scorecard as rules
from dashboard.signals.scorecard import global_view as global_view_rules

QUARTERS = pd.date_range("2024-01-01", "2025-07-01", freq="QS")  # 2024Q1 .. 2025Q3


def levels(values, index=QUARTERS) -> pd.Series:
    return pd.Series(np.asarray(values, dtype=float), index=index[: len(values)])


def test_qoq_growth_hand_computed():
    s = levels([100.0, 101.0, 100.0, 102.0])
    g = mg.qoq_growth(s)
    assert math.isnan(g.iloc[0])
    assert g.iloc[1] == pytest.approx(1.0)
    assert g.iloc[2] == pytest.approx(100 * (100 / 101 - 1))  # -0.990...
    assert g.iloc[3] == pytest.approx(2.0)


def test_qoq_growth_does_not_span_a_missing_quarter():
    s = levels([100.0, 101.0, 103.0, 104.0]).drop(QUARTERS[2])  # 2024Q3 missing
    g = mg.qoq_growth(s)
    assert math.isnan(g.loc["2024-10-01"])  # no 2-quarter change passed off as q/q
    assert g.loc["2024-04-01"] == pytest.approx(1.0)


def test_annualized_and_yoy():
    assert mg.annualized_qoq(pd.Series([1.0])).iloc[0] == pytest.approx(100 * (1.01**4 - 1))
    s = levels([100, 101, 102, 103, 110])
    assert mg.yoy_growth(s).iloc[4] == pytest.approx(10.0)
    assert math.isnan(mg.yoy_growth(s).iloc[3])


def test_level_change_and_copper_units():
    s = pd.Series(np.arange(25, dtype=float) / 100, index=pd.bdate_range("2026-01-01", periods=25))
    assert mg.level_change(s, 20).iloc[-1] == pytest.approx(0.20)
    assert mg.copper_usd_per_tonne(pd.Series([1.0], index=s.index[:1])).iloc[0] == pytest.approx(
        2204.62262, rel=1e-7
    )


def test_expected_quarter_follows_the_release_rule():
    # 2025Q3 ends 2025-09-30; + 45 days = 2025-11-14
    assert mg.expected_quarter(pd.Timestamp("2025-11-13"), "lag_45d") == pd.Timestamp("2025-04-01")
    assert mg.expected_quarter(pd.Timestamp("2025-11-14"), "lag_45d") == pd.Timestamp("2025-07-01")
    assert mg.expected_quarter(pd.Timestamp("2026-01-16"), "lag_45d") == pd.Timestamp("2025-07-01")


def test_release_status_one_behind_tolerated_two_stale():
    s = levels([100, 101, 102, 103, 104, 105, 106])  # to 2025Q3
    assert mg.release_status(s, pd.Timestamp("2026-01-16"), "lag_45d").behind == 0
    one = mg.release_status(s.iloc[:-1], pd.Timestamp("2026-01-16"), "lag_45d")
    assert one.behind == 1 and not one.stale
    two = mg.release_status(s.iloc[:-2], pd.Timestamp("2026-01-16"), "lag_45d")
    assert two.behind == 2 and two.stale


def gdp_inputs(de_growth: float, uk_growth: float, as_of="2026-01-16", uk_index=QUARTERS):
    """Two level series whose last q/q growth is exactly the given %."""
    de = levels([100.0] * 6 + [100.0 * (1 + de_growth / 100)])
    uk = levels([200.0] * (len(uk_index) - 1) + [200.0 * (1 + uk_growth / 100)], uk_index)
    return {mg.GERMANY: de, mg.UK: uk}, pd.Timestamp(as_of)


def global_growth(series, as_of):
    return rules.evaluate([global_view_rules.GLOBAL_GROWTH], series, as_of=as_of)[0]


@pytest.mark.parametrize(
    ("de", "uk", "status"),
    [
        (0.2, 0.3, "confirming"),
        (0.01, 0.01, "confirming"),
        (0.2, 0.0, "neutral"),  # 0 is not > 0: the edge
        (0.0, 0.0, "neutral"),
        (0.5, -0.1, "neutral"),
        (-0.01, -0.3, "contradicting"),
        (-0.2, 0.0, "neutral"),
    ],
)
def test_global_growth_thresholds(de, uk, status):
    signal = global_growth(*gdp_inputs(de, uk))
    assert signal.status == status
    assert signal.value == pytest.approx((de + uk) / 2, abs=1e-9)
    assert "Germany 2025Q3" in signal.detail and "UK 2025Q3" in signal.detail
    assert signal.as_of == pd.Timestamp("2025-07-01").date()


def test_global_growth_stale_uk_is_unavailable_and_says_how_old():
    uk_index = pd.date_range("2019-01-01", "2019-10-01", freq="QS")  # ends 2019Q4 like the file
    signal = global_growth(*gdp_inputs(0.2, 0.3, uk_index=uk_index))
    assert signal.status == "unavailable" and signal.value is None
    assert "UK 2019Q4" in signal.detail and "STALE" in signal.detail
    assert "years old" in signal.detail
    assert "Germany 2025Q3 +0.20% q/q" in signal.detail


def test_gdp_not_visible_before_its_release_lag():
    series, _ = gdp_inputs(0.2, 0.3)
    # 2025Q3 is out on 2025-11-14: the day before, the scorecard sees 2025Q2 (growth 0 -> neutral)
    before = global_growth(series, pd.Timestamp("2025-11-13"))
    on = global_growth(series, pd.Timestamp("2025-11-14"))
    assert before.as_of == pd.Timestamp("2025-04-01").date()
    assert before.value == pytest.approx(0.0) and before.status == "neutral"
    assert on.as_of == pd.Timestamp("2025-07-01").date() and on.status == "confirming"


def dfii10(last_change: float, end="2026-01-15", n=40) -> pd.Series:
    idx = pd.bdate_range(end=end, periods=n)
    values = np.full(n, 1.80)
    values[-1] = 1.80 + last_change
    return pd.Series(values, index=idx)


@pytest.mark.parametrize(
    ("delta", "status"),
    [(0.01, "confirming"), (0.0, "neutral"), (-0.01, "contradicting"), (0.25, "confirming")],
)
def test_real_yields_thresholds(delta, status):
    signal = rules.evaluate(
        [global_view_rules.REAL_YIELDS], {"DFII10": dfii10(delta)}, as_of=pd.Timestamp("2026-01-16")
    )[0]
    assert signal.status == status
    assert signal.value == pytest.approx(delta, abs=1e-9)
    assert signal.unit == "pp" and signal.as_of == pd.Timestamp("2026-01-15").date()


def test_real_yields_next_day_release_and_staleness():
    s = dfii10(0.10, end="2026-01-16")
    # DFII10 for 2026-01-16 is published the next business day: not visible on the 16th
    seen = rules.evaluate(
        [global_view_rules.REAL_YIELDS], {"DFII10": s}, as_of=pd.Timestamp("2026-01-16")
    )
    assert seen[0].as_of == pd.Timestamp("2026-01-15").date() and seen[0].value == 0.0
    late = rules.evaluate(
        [global_view_rules.REAL_YIELDS], {"DFII10": s}, as_of=pd.Timestamp("2026-03-01")
    )
    assert late[0].status == "stale" and late[0].detail.startswith(
        "Stale: the newest data it uses is from 2026-01-16"
    )
    # the last reading includes 2026-01-16 (published on the 20th): kept, with the status it had
    assert late[0].value == pytest.approx(0.1) and late[0].last_status == "confirming"
    assert (late[0].age_days, late[0].limit_days) == (44, 10)


def test_real_yields_too_short():
    signal = rules.evaluate(
        [global_view_rules.REAL_YIELDS],
        {"DFII10": dfii10(0.1, n=20)},
        as_of=pd.Timestamp("2026-01-16"),
    )[0]
    assert signal.status == "unavailable" and "fewer than 21" in signal.detail


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(50, 150), min_size=3, max_size=12))
def test_qoq_growth_matches_pairwise_ratio(values):
    idx = pd.date_range("2020-01-01", periods=len(values), freq="QS")
    s = pd.Series(values, index=idx)
    g = mg.qoq_growth(s)
    expected = 100 * (s / s.shift(1) - 1)
    pd.testing.assert_series_equal(g, expected, check_names=False)


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 15), st.lists(st.floats(-1, 1), min_size=1, max_size=6))
def test_past_real_yield_unchanged_by_appended_data(cut, future):
    s = dfii10(0.05, end="2025-12-31", n=60)
    as_of = s.index[-1 - cut] + pd.offsets.BDay(1)
    before = rules.evaluate([global_view_rules.REAL_YIELDS], {"DFII10": s}, as_of=as_of)[0]
    extra = pd.Series(future, index=pd.bdate_range("2026-01-01", periods=len(future)))
    after = rules.evaluate(
        [global_view_rules.REAL_YIELDS], {"DFII10": pd.concat([s, extra])}, as_of=as_of
    )[0]
    assert before == after


def test_session_change_is_pp_for_a_rate_and_percent_for_an_index():
    days = pd.bdate_range("2026-01-01", periods=3)
    assert mg.session_change(pd.Series([2.0, 2.1, 2.5], days), "DFII10", 2).iloc[
        -1
    ] == pytest.approx(0.5)
    assert mg.session_change(pd.Series([100.0, 101.0, 110.0], days), "DTWEXBGS", 2).iloc[
        -1
    ] == pytest.approx(10.0)
