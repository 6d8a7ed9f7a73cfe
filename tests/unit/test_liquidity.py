"""Liquidity signals: changes, flow z-scores, turning points, lead-lag and the choice of total.

Expectations are computed by hand on small made-up series (a rise then a fall, a plateau, noise
around a flat line, gaps); hypothesis checks the properties (no look-ahead, bands never turn).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.signals import liquidity as liq


def weekly(values, start="2024-01-03") -> pd.Series:
    """Wednesday-dated weekly series (ICI's convention)."""
    return pd.Series(
        values, index=pd.date_range(start, periods=len(values), freq="7D"), dtype="float64"
    )


def rise_then_fall() -> pd.Series:
    """100 -> 120 over 20 weeks, then down 1 a week to 110 (peak 2024-05-15)."""
    up = list(np.linspace(100, 120, 21))
    return weekly(up + [119, 118, 117, 116, 115, 114, 113, 112, 111, 110])


# --- changes -------------------------------------------------------------------------------------
def test_weekly_changes_by_hand():
    s = weekly([100.0, 110.0, 121.0, 133.1, 146.41])
    assert liq.change(s, 1).tolist()[1:] == pytest.approx([10.0, 11.0, 12.1, 13.31])
    assert liq.pct_change(s, 1).tolist()[1:] == pytest.approx([10.0] * 4)
    assert math.isnan(liq.pct_change(s, 1).iloc[0])
    four = liq.pct_change(s, 4)
    assert four.iloc[:4].isna().all()
    assert four.iloc[4] == pytest.approx(46.41)
    assert liq.change(s, 4).iloc[4] == pytest.approx(46.41)


def test_annualized_growth_compounds_to_a_year():
    s = weekly([100.0] + [100.5] * 12 + [101.0])  # +1% over 13 weeks
    got = liq.annualized_growth(s, 13).iloc[-1]
    assert got == pytest.approx(100 * (1.01**4 - 1))


def test_gap_makes_the_change_across_it_nan_not_longer():
    s = weekly([100.0, 101, 102, 103, 104, 105, 106, 107])
    gapped = s.drop(s.index[3])  # week 4 missing
    one = liq.change(gapped, 1)
    assert math.isnan(one[s.index[4]])  # its base (week 4) is missing: no 2-week "1-week" change
    assert one[s.index[5]] == pytest.approx(1.0)
    four = liq.change(gapped, 4)
    assert four[s.index[4]] == pytest.approx(4.0)  # base week 1 exists
    assert math.isnan(four[s.index[7]])  # base week 4 is the missing one


def test_holiday_shifted_observation_is_still_matched():
    # the week of 2024-01-10 is reported on Thursday the 11th
    s = pd.Series(
        [100.0, 102.0, 103.0],
        index=pd.to_datetime(["2024-01-03", "2024-01-11", "2024-01-17"]),
    )
    assert liq.change(s, 1).tolist()[1:] == pytest.approx([2.0, 1.0])


def test_thirteen_week_change_on_quarterly_data():
    # FRED dates quarterly observations at the start of the quarter: 90 to 92 days apart
    q = pd.Series(
        [100.0, 102.0, 104.04, 103.0, 105.0],
        index=pd.to_datetime(
            ["2024-07-01", "2024-10-01", "2025-01-01", "2025-04-01", "2025-07-01"]
        ),
    )
    got = liq.pct_change(q, 13)
    assert got.iloc[1:].tolist() == pytest.approx(
        [2.0, 2.0, 100 * (103 / 104.04 - 1), 100 * (105 / 103 - 1)]
    )
    assert liq.pct_change(q, 1).isna().all()  # no weekly change from quarterly data


def test_change_table_columns_and_bad_input():
    table = liq.change_table(rise_then_fall())
    assert list(table.columns) == [
        "level",
        "change_1w",
        "pct_1w",
        "change_4w",
        "pct_4w",
        "change_13w",
        "pct_13w",
        "annualized_13w",
    ]
    with pytest.raises(ValueError):
        liq.change(rise_then_fall(), 0)
    with pytest.raises(ValueError):
        liq.change(rise_then_fall(), 1, tolerance_days=4)
    with pytest.raises(TypeError):
        liq.change(pd.Series([1.0, 2.0]), 1)


def test_nan_values_are_ignored():
    s = weekly([100.0, np.nan, 102.0])
    assert liq.change(s, 1).index.tolist() == [s.index[0], s.index[2]]


# --- flow z-score --------------------------------------------------------------------------------
def test_flow_zscore_uses_only_previous_flows():
    flows = pd.Series(
        [1.0, 2.0, 3.0, 10.0], index=pd.date_range("2024-01-03", periods=4, freq="7D")
    )
    z = liq.flow_zscore(flows, window=3, min_periods=3)
    assert z.iloc[:3].isna().all()
    # previous three flows 1, 2, 3: mean 2, sample std 1
    assert z.iloc[3] == pytest.approx(8.0)


def test_flow_zscore_of_constant_flows_is_nan():
    flows = weekly([1.0] * 10)
    assert liq.flow_zscore(flows, window=4, min_periods=2).isna().all()


# --- turning points ------------------------------------------------------------------------------
def test_rise_then_fall_is_one_turn_detected_after_the_peak():
    s = rise_then_fall()
    result = liq.detect_turns(s, min_decline_pct=1.0, min_weeks=4)
    assert len(result.turns) == 1
    turn = result.turns[0]
    assert turn.peak_date == pd.Timestamp("2024-05-22") and turn.peak == 120.0
    # 119 is -0.83%; 118 (-1.67%) on 2024-06-05 starts the run; four weeks later it is confirmed
    assert turn.crossed == pd.Timestamp("2024-06-05")
    assert turn.detected == pd.Timestamp("2024-07-03")
    assert turn.detected > turn.peak_date
    assert turn.level == 114.0 and turn.decline_pct == pytest.approx(-5.0)
    assert turn.weeks_to_detect == 6.0
    state = result.state
    assert not state.loc[:"2024-06-26", "turned"].any()
    assert state.loc["2024-07-03":, "turned"].all()
    last = result.latest
    assert last["peak"] == 120.0 and last["weeks_since_peak"] == 10.0
    assert last["drawdown_pct"] == pytest.approx(100 * (110 / 120 - 1))
    assert result.current_turn == turn and result.pending is None
    assert pd.isna(state.loc["2024-05-29", "below_since"])  # 119: only -0.83%
    assert (state.loc["2024-06-05":, "below_since"] == pd.Timestamp("2024-06-05")).all()


def test_a_decline_not_yet_held_long_enough_is_pending():
    s = rise_then_fall().loc[:"2024-06-19"]  # 118, 117, 116, 115: three weeks below -1%
    result = liq.detect_turns(s, min_decline_pct=1.0, min_weeks=4)
    assert result.turns == () and result.current_turn is None
    assert result.pending == (pd.Timestamp("2024-06-05"), pd.Timestamp("2024-07-03"))


def test_plateau_is_not_a_turn():
    s = weekly(list(np.linspace(100, 120, 11)) + [120.0] * 15)
    result = liq.detect_turns(s)
    assert result.turns == ()
    assert result.latest["weeks_since_peak"] == 0.0  # a level still at its peak
    assert result.latest["drawdown_pct"] == 0.0


def test_noise_around_a_flat_line_is_not_a_turn():
    rng = np.random.default_rng(7)
    s = weekly(7700 * (1 + rng.uniform(-0.004, 0.004, 200)))  # +-0.4%: at most ~0.8% off a peak
    assert liq.detect_turns(s, min_decline_pct=1.0, min_weeks=4).turns == ()
    # the same noise does produce turns with a threshold inside its range
    assert liq.detect_turns(s, min_decline_pct=0.3, min_weeks=0).turns


def test_a_dip_that_recovers_within_the_duration_is_not_a_turn():
    s = weekly([100, 101, 102, 99, 99.5, 100.5, 101, 102.5, 103])  # -2.9% for three weeks
    assert liq.detect_turns(s, min_decline_pct=1.0, min_weeks=4).turns == ()
    assert len(liq.detect_turns(s, min_decline_pct=1.0, min_weeks=2).turns) == 1


def test_new_high_resets_the_peak_and_a_second_turn_is_found():
    s = weekly([100, 110, 105, 104, 104, 104, 104, 112, 106, 106, 106, 106, 106])
    result = liq.detect_turns(s, min_decline_pct=2.0, min_weeks=2)
    assert [t.peak for t in result.turns] == [110.0, 112.0]
    recovered = s.index[7]
    assert not result.state.loc[recovered, "turned"]  # the new high clears the first turn


def test_duration_counts_calendar_weeks_across_a_gap():
    s = weekly([100, 110, 105, 104, 104, 104, 104, 104])
    gapped = s.drop(s.index[3:6])  # after 105 on 2024-01-17, nothing until 2024-02-14
    result = liq.detect_turns(gapped, min_decline_pct=2.0, min_weeks=4)
    # the run starts on 2024-01-17; the next observation is four calendar weeks later
    assert [t.detected for t in result.turns] == [s.index[6]]


def test_min_weeks_zero_detects_on_the_crossing():
    result = liq.detect_turns(weekly([100, 98.9]), min_decline_pct=1.0, min_weeks=0)
    assert result.turns[0].detected == result.turns[0].crossed


@pytest.mark.parametrize(
    "kw", [{"min_decline_pct": 0}, {"min_decline_pct": 100}, {"min_weeks": -1}]
)
def test_detect_turns_rejects_bad_parameters(kw):
    with pytest.raises(ValueError):
        liq.detect_turns(rise_then_fall(), **kw)


def test_empty_series_has_no_state():
    result = liq.detect_turns(pd.Series([], index=pd.DatetimeIndex([]), dtype="float64"))
    assert result.state.empty and result.latest is None and result.current_turn is None


@st.composite
def random_walks(draw):
    n = draw(st.integers(5, 80))
    steps = draw(st.lists(st.floats(-0.03, 0.03), min_size=n, max_size=n))
    keep = draw(st.lists(st.booleans(), min_size=n, max_size=n))
    s = weekly(1000 * np.exp(np.cumsum(steps)))
    s = s[[k or i == 0 for i, k in enumerate(keep)] if any(keep) else [True] * n]
    cut = draw(st.integers(1, len(s)))
    return s, cut


@settings(max_examples=60, deadline=None)
@given(random_walks())
def test_no_look_ahead_adding_future_data_never_changes_past_values(case):
    s, cut = case
    past = s.iloc[:cut]
    pairs = [
        (liq.change_table(s), liq.change_table(past)),
        (
            liq.flow_zscore(liq.pct_change(s, 1), 6, min_periods=3),
            liq.flow_zscore(liq.pct_change(past, 1), 6, min_periods=3),
        ),
        (liq.detect_turns(s, min_weeks=2).state, liq.detect_turns(past, min_weeks=2).state),
    ]
    for full, truncated in pairs:
        full, truncated = pd.DataFrame(full), pd.DataFrame(truncated)
        assert truncated.index.isin(full.index).all()
        pd.testing.assert_frame_equal(full.loc[truncated.index], truncated, check_freq=False)
    early = [t for t in liq.detect_turns(s, min_weeks=2).turns if t.detected <= past.index[-1]]
    assert tuple(early) == liq.detect_turns(past, min_weeks=2).turns


@settings(max_examples=100, deadline=None)
@given(st.lists(st.floats(7000, 7069), min_size=2, max_size=60))
def test_a_series_within_a_band_narrower_than_the_threshold_never_turns(values):
    # max/min <= 7069/7000 = 1.00986 < 1/0.99: never 1% below any running peak
    assert liq.detect_turns(weekly(values), min_decline_pct=1.0, min_weeks=0).turns == ()


# --- relative returns and lead-lag ---------------------------------------------------------------
def test_relative_return_uses_the_last_close_on_or_before_the_date():
    days = pd.bdate_range("2024-01-01", "2024-01-19")
    iwm = pd.Series(100.0, index=days)
    spy = pd.Series(100.0, index=days)
    iwm[pd.Timestamp("2024-01-10")] = 110.0  # Wednesday
    iwm[pd.Timestamp("2024-01-11")] = 500.0  # the day after: must not be used
    dates = pd.DatetimeIndex(["2024-01-10", "2024-01-17"])
    got = liq.weekly_relative_return(iwm, spy, dates)
    assert got.iloc[0] == pytest.approx(10.0)  # 110/100 against 100/100 on 2024-01-03
    assert got.iloc[1] == pytest.approx(100 * (1 / 1.1 - 1))  # back to 100 from 110
    two = liq.weekly_relative_return(iwm, spy, dates, weeks=2)
    assert math.isnan(two.iloc[0])  # no price in the week up to 2023-12-27
    assert two.iloc[1] == pytest.approx(0.0)  # 2024-01-17 against 2024-01-03


def test_lead_lag_finds_the_planted_lag():
    rng = np.random.default_rng(1)
    n = 300
    flows = weekly(rng.normal(0, 1, n))
    # relative return three weeks later = - flow + noise: outflows precede outperformance
    relative = weekly(np.r_[rng.normal(0, 1, 3), -flows.to_numpy()[:-3]] + rng.normal(0, 0.3, n))
    result = liq.lead_lag(flows, relative, max_lag=8, min_pairs=26)
    assert result.best_lag == 3
    assert result.best_correlation < -0.9
    assert result.best_pairs == n - 3
    assert result.sample_start == flows.index[0]
    assert result.sample_end == flows.index[n - 4]
    assert list(result.profile.index) == list(range(9))
    assert abs(result.profile.loc[0, "correlation"]) < 0.2
    assert result.profile.loc[3, "band"] == pytest.approx(1.96 / math.sqrt(n - 3))


def test_lead_lag_pairs_by_date_so_gaps_drop_pairs():
    flows = weekly(np.arange(40, dtype=float) % 7)
    relative = flows.copy()
    gapped = relative.drop(relative.index[10:15])
    result = liq.lead_lag(flows, gapped, max_lag=0, min_pairs=5)
    assert result.profile.loc[0, "pairs"] == 35
    assert result.best_correlation == pytest.approx(1.0)


def test_lead_lag_with_too_few_pairs_reports_none():
    flows = weekly([1.0, -1.0, 2.0, 0.5])
    result = liq.lead_lag(flows, flows, max_lag=2, min_pairs=26)
    assert result.best_lag is None and result.best_pairs == 0
    assert result.profile["correlation"].isna().all()


# --- which series is the total -------------------------------------------------------------------
SERIES = {
    "MMF_TOTAL": weekly([7700.0, 7720.0]),
    "MMMFFAQ027S": pd.Series([7.0e6], index=pd.to_datetime(["2025-07-01"])),
    "WRMFNS": weekly([2000.0, 2010.0], start="2024-01-01"),
}


@pytest.mark.parametrize(
    ("available", "synthetic", "total", "weekly_id"),
    [
        (("MMF_TOTAL", "MMMFFAQ027S", "WRMFNS"), set(), "MMF_TOTAL", "MMF_TOTAL"),
        (("MMF_TOTAL", "MMMFFAQ027S", "WRMFNS"), {"MMF_TOTAL"}, "MMMFFAQ027S", "WRMFNS"),
        (
            ("MMF_TOTAL", "MMMFFAQ027S", "WRMFNS"),
            {"MMF_TOTAL", "MMMFFAQ027S", "WRMFNS"},
            "MMF_TOTAL",
            "MMF_TOTAL",
        ),
        (("MMF_TOTAL", "MMMFFAQ027S"), {"MMMFFAQ027S"}, "MMF_TOTAL", "MMF_TOTAL"),
        (("MMMFFAQ027S", "WRMFNS"), set(), "MMMFFAQ027S", "WRMFNS"),
        (("MMMFFAQ027S",), set(), "MMMFFAQ027S", None),
        (
            ("MMMFFAQ027S", "WRMFNS", "MMF_TOTAL"),
            {"MMF_TOTAL", "MMMFFAQ027S"},
            "MMF_TOTAL",
            "WRMFNS",
        ),
        (("WRMFNS",), set(), None, "WRMFNS"),
        ((), set(), None, None),
    ],
)
def test_select_series_precedence(available, synthetic, total, weekly_id):
    chosen = liq.select_series({k: SERIES[k] for k in available}, synthetic)
    assert (chosen.total.series_id if chosen.total else None) == total
    assert (chosen.weekly.series_id if chosen.weekly else None) == weekly_id


def test_retail_proxy_is_never_called_the_total():
    chosen = liq.select_series({"WRMFNS": SERIES["WRMFNS"]}, set())
    assert chosen.total is None
    assert not chosen.weekly.is_total
    assert "not the total" in chosen.weekly.description
    assert "retail only" in chosen.note


def test_quarterly_total_is_converted_to_billions_and_labelled():
    chosen = liq.select_series({"MMMFFAQ027S": SERIES["MMMFFAQ027S"]}, set(), {"MMMFFAQ027S": "x"})
    assert chosen.total.values.iloc[0] == pytest.approx(7000.0)
    assert chosen.total.frequency == "Q"
    assert "quarterly" in chosen.total.description and "(x)" in chosen.total.description


def test_user_file_total_is_labelled_with_its_origin():
    chosen = liq.select_series(
        {"MMF_TOTAL": SERIES["MMF_TOTAL"]}, set(), {"MMF_TOTAL": "csv (date/value): /d/MMF.csv"}
    )
    assert chosen.total.description.endswith("user-supplied file (csv (date/value): /d/MMF.csv)")
    synthetic = liq.select_series({"MMF_TOTAL": SERIES["MMF_TOTAL"]}, {"MMF_TOTAL"})
    assert "synthetic" in synthetic.total.description
    unknown = liq.select_series({"MMF_TOTAL": SERIES["MMF_TOTAL"]})
    assert unknown.total.description == "MMF total assets, weekly, USD bn"


def test_empty_series_counts_as_absent():
    empty = pd.Series([], index=pd.DatetimeIndex([]), dtype="float64")
    chosen = liq.select_series({"MMF_TOTAL": empty, "MMMFFAQ027S": SERIES["MMMFFAQ027S"]}, set())
    assert chosen.total.series_id == "MMMFFAQ027S"


def _reference_turns(values, dates, min_decline_pct, min_weeks):
    """The rule of the module docstring, one observation at a time (the vectorised version
    must agree with it everywhere)."""
    threshold, confirm = 1 - min_decline_pct / 100, pd.Timedelta(days=7 * min_weeks)
    peak, peak_date, run_start, confirmed = -math.inf, None, None, False
    rows, detected = [], []
    for when, value in zip(dates, values, strict=True):
        if value >= peak:
            peak, peak_date, run_start, confirmed = value, when, None, False
        elif peak > 0 and value <= peak * threshold:
            run_start = run_start or when
            if not confirmed and when - run_start >= confirm:
                confirmed = True
                detected.append((peak_date, run_start, when))
        else:
            run_start = None
        rows.append((peak, peak_date, run_start, confirmed))
    return rows, detected


@settings(max_examples=150)
@given(
    st.lists(st.floats(-5, 5, allow_nan=False), min_size=1, max_size=80),
    st.floats(0.1, 5.0),
    st.integers(0, 6),
)
def test_vectorised_turns_match_the_one_step_reference(steps, decline, weeks):
    s = weekly(100 * np.exp(np.cumsum(np.array(steps) / 100)))
    result = liq.detect_turns(s, min_decline_pct=decline, min_weeks=weeks)
    rows, detected = _reference_turns(s.to_numpy(), s.index, decline, weeks)
    state = result.state
    assert state["peak"].tolist() == [r[0] for r in rows]
    assert state["peak_date"].tolist() == [r[1] for r in rows]
    assert [None if pd.isna(x) else x for x in state["below_since"]] == [r[2] for r in rows]
    assert state["turned"].tolist() == [r[3] for r in rows]
    assert [(t.peak_date, t.crossed, t.detected) for t in result.turns] == detected
