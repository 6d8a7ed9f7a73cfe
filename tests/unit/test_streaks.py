"""Outperformance streaks: hand-computed runs, ties, gaps, NaNs, "longest since", properties."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.signals import streaks
from dashboard.signals.streaks import compute_streaks


def s(values, start="2026-01-05", freq="B", name=None):
    return pd.Series(
        values,
        index=pd.date_range(start, periods=len(values), freq=freq),
        dtype="float64",
        name=name,
    )


def flat(n, level=10.0):
    return s([level] * n)


def reference_streaks(a: list[float], b: list[float]) -> list[int]:
    """The definition, one session at a time (the test oracle, not the implementation)."""
    out = [0]
    for t in range(1, len(a)):
        beat = a[t] / a[t - 1] > (b[t] / b[t - 1]) * (1 + streaks.DEFAULT_TIE_TOLERANCE)
        out.append(out[-1] + 1 if beat else 0)
    return out


# --- hand-computed --------------------------------------------------------------------------------
def test_running_streak_and_history_by_hand():
    # IWM: up, up, down, up, up, up against a flat benchmark
    r = compute_streaks(
        s([10, 11, 12, 11, 12, 13, 14]), flat(7), small_name="IWM", bench_name="SPY"
    )
    assert r.sessions["outperformed"].tolist() == [False, True, True, False, True, True, True]
    assert r.sessions["streak"].tolist() == [0, 1, 2, 0, 1, 2, 3]
    d = r.sessions.index
    hist = r.history
    assert hist["start"].tolist() == [d[1], d[4]]
    assert hist["end"].tolist() == [d[2], d[6]]
    assert hist["base"].tolist() == [d[0], d[3]]
    assert hist["length"].tolist() == [2, 3]
    assert hist["ongoing"].tolist() == [False, True]
    assert hist["small_return_pct"].tolist() == pytest.approx([20.0, 100 * (14 / 11 - 1)])
    assert hist["bench_return_pct"].tolist() == pytest.approx([0.0, 0.0])
    assert r.current == 3
    assert r.longest_since is None and r.is_record  # no earlier streak of 3+
    assert r.rank == 1
    assert r.periods(3) == [(d[3], d[6])]


def test_longest_since_is_the_most_recent_streak_at_least_as_long():
    # streaks of 3, 1, 2, then a current one of 2
    a = [10, 11, 12, 13, 12, 13, 12, 13, 14, 13, 14, 15]
    r = compute_streaks(s(a), flat(len(a)))
    assert r.history["length"].tolist() == [3, 1, 2, 2]
    d = r.sessions.index
    assert r.current == 2
    assert r.longest_since == d[8]  # the 2-session streak ending on the 9th session
    assert r.longest_since_length == 2
    assert r.rank == 2  # only the 3-session streak is strictly longer
    assert not r.is_record
    assert r.as_of(d[3]) == 3 and r.as_of(d[4]) == 0
    assert r.as_of("2020-01-01") == 0


def test_current_streak_shorter_than_an_old_one_points_back_to_it():
    a = [10, 11, 12, 13, 12, 13]  # a 3-streak, a loss, then a 1-streak
    r = compute_streaks(s(a), flat(6))
    assert r.current == 1
    assert r.longest_since == r.sessions.index[3] and r.longest_since_length == 3
    assert "longest since 2026-01-08 (a 3-session streak ended then)" in streaks.describe_current(r)


def test_no_current_streak():
    r = compute_streaks(s([10, 11, 12, 11]), flat(4), small_name="IWM", bench_name="SPY")
    assert r.current == 0 and r.current_streak is None
    assert r.longest_since is None and r.rank is None and not r.is_record
    assert "did not beat SPY on the latest session (2026-01-08)" in streaks.describe_current(r)


def test_record_streak_is_described_as_such():
    r = compute_streaks(s([10, 11, 12]), flat(3), small_name="IWM", bench_name="SPY")
    text = streaks.describe_current(r)
    assert "each of the last 2 sessions (2026-01-06 .. 2026-01-07)" in text
    assert "no earlier streak was as long (aligned history from 2026-01-05)" in text


# --- ties -----------------------------------------------------------------------------------------
def test_equal_returns_are_not_outperformance():
    a = s([10.0, 11.0, 12.1, 12.1])  # +10%, +10%, 0%
    b = s([100.0, 110.0, 121.0, 121.0])  # +10%, +10%, 0%
    r = compute_streaks(a, b)
    assert r.sessions["outperformed"].tolist() == [False] * 4
    assert r.current == 0 and r.history.empty


def test_a_tie_blurred_by_rescaling_is_still_a_tie():
    # 3 / 1 = 3.0 but 0.3 / 0.1 = 2.9999999999999996: the same +200% written at two scales
    a, b = s([1.0, 3.0]), s([0.1, 0.3])
    assert 3.0 / 1.0 > 0.3 / 0.1  # the float noise the tolerance absorbs
    assert compute_streaks(a, b).current == 0
    assert compute_streaks(a, b, tie_tolerance=0.0).current == 1  # no tolerance: noise wins
    with pytest.raises(ValueError):
        compute_streaks(a, b, tie_tolerance=-1.0)


def test_a_tiny_real_difference_still_counts():
    # one cent on 250 dollars (4e-5) is far above the tolerance
    r = compute_streaks(s([250.00, 250.01]), s([100.0, 100.0]))
    assert r.current == 1


# --- gaps, NaNs, calendars ------------------------------------------------------------------------
def test_a_date_missing_from_one_series_makes_both_returns_span_the_gap():
    a = s([10.0, 11.0, 9.0, 12.0, 13.0])
    b = s([10.0, 10.0, 10.0, 10.0, 10.5]).drop(pd.Timestamp("2026-01-07"))
    r = compute_streaks(a, b, small_name="IWM", bench_name="SPY")
    # common sessions: 5th, 6th, 8th, 9th; IWM's fall on the 7th is inside the 6th -> 8th return
    assert list(r.sessions.index.day) == [5, 6, 8, 9]
    assert r.sessions["streak"].tolist() == [0, 1, 2, 3]
    assert dict(r.alignment.dropped) == {"IWM": 1, "SPY": 0}
    assert "dropped 1 IWM dates" in r.alignment.note


def test_nans_and_infinities_are_dropped_like_gaps():
    a = s([10.0, 11.0, np.nan, 12.0, np.inf, 13.0])
    b = flat(6)
    r = compute_streaks(a, b)
    assert len(r.sessions) == 4
    assert r.sessions["streak"].tolist() == [0, 1, 2, 3]


def test_seven_day_calendar_is_compared_on_common_sessions():
    btc = s(np.linspace(100, 113, 14), start="2026-01-05", freq="D", name="BTC-USD")
    iwm = s([10.0] * 10, start="2026-01-05", freq="B", name="IWM")
    r = compute_streaks(btc, iwm)
    assert len(r.sessions) == 10 and r.current == 9
    assert r.alignment.dropped["BTC-USD"] == 4
    assert r.small == "BTC-USD" and r.bench == "IWM"


def test_non_positive_prices_give_no_return():
    r = compute_streaks(s([10.0, 0.0, 12.0, 13.0]), flat(4))
    assert r.sessions["outperformed"].tolist() == [False, False, False, True]


def test_empty_and_single_session_inputs():
    one = compute_streaks(s([10.0]), s([10.0]))
    assert one.current == 0 and one.history.empty and one.longest().empty
    none = compute_streaks(s([10.0]), s([10.0], start="2020-01-01"))
    assert none.sessions.empty and none.last_date is None and none.current == 0
    assert "No common sessions" in streaks.describe_current(none)
    with pytest.raises(TypeError):
        compute_streaks(pd.Series([1.0, 2.0]), flat(2))


def test_same_names_are_kept_apart():
    r = compute_streaks(s([10.0, 11.0], name="X"), s([10.0, 10.0], name="X"))
    assert r.current == 1 and r.small != r.bench


# --- the longest streaks --------------------------------------------------------------------------
def test_longest_orders_by_length_then_recency_and_shares_ranks():
    a = [10, 11, 12, 13, 12, 13, 14, 13, 14, 13, 14, 15, 16, 15]
    r = compute_streaks(s(a), flat(len(a)))
    assert r.history["length"].tolist() == [3, 2, 1, 3]
    top = r.longest(3)
    assert top["length"].tolist() == [3, 3, 2]
    assert top["rank"].tolist() == [1, 1, 3]
    assert top["end"].iloc[0] > top["end"].iloc[1]  # the more recent 3 first
    assert len(r.longest(10)) == 4 and r.longest(0).empty


# --- properties -----------------------------------------------------------------------------------
price_lists = st.lists(
    st.integers(100, 100_000).map(lambda cents: cents / 100), min_size=1, max_size=80
)
pairs = price_lists.flatmap(
    lambda a: st.tuples(
        st.just(a),
        st.lists(
            st.integers(100, 100_000).map(lambda c: c / 100), min_size=len(a), max_size=len(a)
        ),
    )
)


@given(pairs)
def test_vectorised_streak_matches_the_definition(pair):
    a, b = pair
    r = compute_streaks(s(a), s(b))
    assert r.sessions["streak"].tolist() == reference_streaks(a, b)


@given(pairs)
def test_a_streak_never_exceeds_the_number_of_sessions(pair):
    a, b = pair
    r = compute_streaks(s(a), s(b))
    n = len(r.sessions)
    assert (r.sessions["streak"].to_numpy() <= np.arange(n)).all()  # no return on session 0
    assert r.current <= max(n - 1, 0)
    assert r.history["length"].sum() == r.sessions["outperformed"].sum()
    if len(r.history):
        assert r.history["length"].max() <= n - 1


@given(pairs, st.floats(0.01, 100.0), st.floats(0.01, 100.0))
def test_scaling_both_series_by_constants_changes_nothing(pair, ka, kb):
    a, b = pair
    base = compute_streaks(s(a), s(b))
    scaled = compute_streaks(s(a) * ka, s(b) * kb)
    assert scaled.sessions["streak"].tolist() == base.sessions["streak"].tolist()
    cols = ["start", "end", "base", "length", "ongoing"]
    pd.testing.assert_frame_equal(scaled.history[cols], base.history[cols])
    assert scaled.longest_since == base.longest_since


@given(pairs, st.integers(1, 79))
def test_appending_data_never_changes_the_past(pair, cut):
    a, b = pair
    cut = min(cut, len(a))
    full = compute_streaks(s(a), s(b))
    past = compute_streaks(s(a[:cut]), s(b[:cut]))
    assert past.sessions["streak"].tolist() == full.sessions["streak"].tolist()[:cut]
    # every completed streak of the past is in the full history, unchanged
    done = past.history[~past.history["ongoing"]]
    pd.testing.assert_frame_equal(done, full.history.iloc[: len(done)])
    if past.current:  # the ongoing one can only grow
        grown = full.history.iloc[len(done)]
        assert grown["start"] == past.current_streak["start"]
        assert grown["length"] >= past.current


@settings(max_examples=1)
@given(st.just(None))
def test_forty_years_of_twelve_series_is_fast(_):
    days = pd.bdate_range("1986-01-01", periods=10_400)
    rng = np.random.default_rng(1)
    series = [
        pd.Series(100 * np.exp(np.cumsum(rng.normal(0, 0.01, len(days)))), index=days)
        for _ in range(12)
    ]
    t0 = time.perf_counter()
    for other in series[1:]:
        r = compute_streaks(other, series[0])
        _ = (r.current, r.longest_since, r.longest(10))
    elapsed = time.perf_counter() - t0
    assert elapsed < 1.0, f"11 pairs x 10,400 sessions took {elapsed:.3f}s"
