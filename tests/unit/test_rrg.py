"""RRG: hand-made series, quadrants, weekly sampling, and no look-ahead."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.signals import rrg

DAYS = pd.bdate_range("2020-01-01", periods=900)


def walk(seed: int, drift: float = 0.0, vol: float = 0.01) -> pd.Series:
    rng = np.random.default_rng(seed)
    return pd.Series(100 * np.exp(np.cumsum(rng.normal(drift, vol, len(DAYS)))), DAYS)


def test_steady_outperformer_ends_leading_and_underperformer_lagging():
    bench = walk(1)
    winner = bench * np.exp(np.linspace(0, 0.6, len(DAYS))) * walk(2, vol=0.002) / 100
    loser = bench * np.exp(np.linspace(0, -0.6, len(DAYS))) * walk(3, vol=0.002) / 100
    assert rrg.rrg(winner, bench).iloc[-1]["quadrant"] == "leading"
    assert rrg.rrg(loser, bench).iloc[-1]["quadrant"] == "lagging"


def test_turn_up_after_underperformance_is_improving():
    bench = walk(4)
    path = np.r_[np.linspace(0, -2.0, len(DAYS) - 10), np.linspace(-2.0, -1.97, 10)]
    asset = bench * np.exp(path)
    last = rrg.rrg(asset, bench).iloc[-1]
    assert last["rs_ratio"] < 100 < last["rs_momentum"]
    assert last["quadrant"] == "improving"


def test_hand_computed_point():
    # benchmark flat at 100, so RS = the asset; n=2, k=1, m=2 on daily points
    days = pd.bdate_range("2026-01-05", periods=4)
    asset = pd.Series([100.0, 110.0, 99.0, 110.0], days)
    out = rrg.rrg(
        asset, pd.Series(100.0, days), freq="D", window=2, momentum=1, norm_window=2, min_periods=2
    )
    # gap_2 = 100 (99/104.5 - 1) = -5.263, gap_3 = 100 (110/104.5 - 1) = +5.263: RMS 5.263
    assert out["rs_ratio"].iloc[3] == pytest.approx(101.0)
    # roc_2 = -10, roc_3 = +11.111: RMS sqrt((100 + 123.457) / 2) = 10.570
    assert out["rs_momentum"].iloc[3] == pytest.approx(100 + 11.1111 / 10.57017, abs=1e-4)
    assert out["quadrant"].iloc[3] == "leading"


def test_quadrant_rule():
    ratio = pd.Series([101.0, 101.0, 99.0, 99.0, 100.0, np.nan])
    mom = pd.Series([101.0, 99.0, 99.0, 101.0, 100.0, 101.0])
    assert list(rrg.quadrant(ratio, mom)) == [
        "leading",
        "weakening",
        "lagging",
        "improving",
        "lagging",
        None,
    ]


def test_week_end_closes_keep_the_last_session_and_its_date():
    days = pd.to_datetime(["2026-01-05", "2026-01-08", "2026-01-09", "2026-01-12", "2026-01-14"])
    s = pd.Series([1.0, 2.0, 3.0, 4.0, 5.0], days)
    got = rrg.week_end_closes(s)
    assert list(got.index) == [pd.Timestamp("2026-01-09"), pd.Timestamp("2026-01-14")]
    assert list(got) == [3.0, 5.0]


def test_crypto_weekends_are_dropped_by_alignment():
    days = pd.date_range("2020-01-01", periods=700, freq="D")
    btc = pd.Series(np.linspace(100, 300, len(days)), days)
    bench = walk(6)
    out = rrg.rrg(btc, bench, freq="D")
    assert set(out.index.day_of_week) <= {0, 1, 2, 3, 4}


def test_no_look_ahead_truncation_keeps_past_points():
    bench, asset = walk(7), walk(8, drift=0.0002)
    full = rrg.rrg(asset, bench)
    for cut in (500, 700, 853):
        part = rrg.rrg(asset.iloc[:cut], bench.iloc[:cut])
        common = part.index.intersection(full.index)[:-1]  # the cut's last week may be partial
        pd.testing.assert_frame_equal(part.loc[common], full.loc[common], check_freq=False)


def test_expanding_normalisation_has_no_look_ahead_either():
    bench, asset = walk(9), walk(10)
    full = rrg.rrg(asset, bench, expanding=True)
    part = rrg.rrg(asset.iloc[:600], bench.iloc[:600], expanding=True)
    common = part.index.intersection(full.index)[:-1]
    pd.testing.assert_frame_equal(part.loc[common], full.loc[common], check_freq=False)


def test_table_tail_and_short_assets():
    bench = walk(11)
    table = rrg.rrg_table({"A": walk(12), "short": walk(13).iloc[-60:]}, bench, tail=5)
    assert set(table["asset"]) == {"A"}
    assert list(table["step"]) == [-4, -3, -2, -1, 0]
    assert rrg.latest(table).loc["A", "step"] == 0


def test_bad_parameters_fail_loudly():
    with pytest.raises(ValueError):
        rrg.rrg(walk(1), walk(2), window=1)
    with pytest.raises(ValueError):
        rrg.rrg(walk(1), walk(2), freq="M")
    with pytest.raises(TypeError):
        rrg.rrg([1, 2, 3], walk(2))


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    cut=st.integers(200, 899),
    scale=st.floats(0.1, 1000),
)
def test_properties(seed, cut, scale):
    bench, asset = walk(seed), walk(seed + 1)
    full = rrg.rrg(asset, bench)
    # scale invariance: the RS line's units never matter
    pd.testing.assert_frame_equal(
        rrg.rrg(asset * scale, bench)[["rs_ratio", "rs_momentum", "quadrant"]],
        full[["rs_ratio", "rs_momentum", "quadrant"]],
        atol=1e-9,
    )
    # no look-ahead
    part = rrg.rrg(asset.iloc[:cut], bench.iloc[:cut])
    common = part.index.intersection(full.index)[:-1]
    pd.testing.assert_frame_equal(part.loc[common], full.loc[common], check_freq=False)
    # normalised values are bounded by sqrt(norm_window) around 100
    bound = np.sqrt(rrg.DEFAULT_NORM_WINDOW) + 1e-9
    valid = full.dropna(subset=["rs_ratio", "rs_momentum"])
    assert ((valid["rs_ratio"] - 100).abs() <= bound).all()
    assert ((valid["rs_momentum"] - 100).abs() <= bound).all()
