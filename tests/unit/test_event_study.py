"""Event study: planted triggers, forward returns, baseline on the same sessions, bootstrap,
cool-down, episode counts, and the breakout sequence."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dashboard.signals import events as ev

DAYS = pd.bdate_range("2010-01-01", periods=400)


def test_new_highs_use_the_running_max_up_to_t_only():
    s = pd.Series([1.0, 2.0, 1.5, 2.0, 2.5, 1.0], pd.bdate_range("2020-01-01", periods=6))
    assert list(ev.new_highs(s)) == [False, True, False, False, True, False]


def test_ath_trigger_needs_a_pause():
    # highs at positions 1, 2 (no pause), then 8 (6 sessions after 2)
    values = [1, 2, 3, 2, 2, 2, 2, 2, 4, 5]
    s = pd.Series(np.array(values, float), pd.bdate_range("2020-01-01", periods=10))
    assert list(np.flatnonzero(ev.ath_triggers(s, quiet=5))) == [8]
    assert list(np.flatnonzero(ev.ath_triggers(s, quiet=6))) == []
    # quiet=1: the first high (1) has no earlier one; 9 follows a high
    assert list(np.flatnonzero(ev.ath_triggers(s, quiet=1))) == [1, 8]


def test_streak_trigger_fires_once_per_run():
    n = 12
    days = pd.bdate_range("2020-01-01", periods=n)
    b = pd.Series(100.0, days)
    moves = np.array([0, 1, 1, 1, -1, 1, 1, 1, 1, -1, 1, 1], float)
    a = pd.Series(100 * np.cumprod(1 + moves / 100), days)
    run = ev.compute_streaks(a, b).sessions["streak"]
    assert list(run) == [0, 1, 2, 3, 0, 1, 2, 3, 4, 0, 1, 2]
    assert list(np.flatnonzero(ev.streak_triggers(a, b, 3))) == [3, 7]


def test_cooldown_drops_overlapping_triggers():
    flags = pd.Series(False, DAYS[:30])
    flags.iloc[[2, 5, 9, 20, 22]] = True
    kept = ev.apply_cooldown(flags, 7)
    assert list(np.flatnonzero(kept)) == [2, 20]
    assert list(np.flatnonzero(ev.apply_cooldown(flags, 0))) == [2, 5, 9, 20, 22]
    assert list(np.flatnonzero(ev.apply_cooldown(flags, 6))) == [2, 9, 20]


def planted():
    """A price that is 100 * 1.001^t, except that after each planted trigger it jumps."""
    t = np.arange(len(DAYS))
    x = 100 * 1.001**t
    return pd.Series(x, DAYS)


def test_planted_triggers_reproduce_known_forward_returns_and_baseline():
    x = planted()
    trig = pd.DatetimeIndex([DAYS[10], DAYS[100], DAYS[390]])  # the last has no +20 window
    study = ev.event_study(trig, x, {"X": x}, horizons=(5, 20), n_boot=500)
    row5 = study.table.set_index("horizon").loc[5]
    row20 = study.table.set_index("horizon").loc[20]
    assert row5["n_events"] == 3 and row20["n_events"] == 2
    assert row5["mean"] == pytest.approx(100 * (1.001**5 - 1))
    assert row20["mean"] == pytest.approx(100 * (1.001**20 - 1))
    # baseline: every session with a complete window, the same history
    assert row5["baseline_n"] == len(DAYS) - 5 and row20["baseline_n"] == len(DAYS) - 20
    assert row20["baseline"] == pytest.approx(100 * (1.001**20 - 1))
    assert row20["excess"] == pytest.approx(0, abs=1e-9)
    # a constant return has a degenerate interval at that constant
    assert row20["ci_low"] == pytest.approx(row20["mean"]) == pytest.approx(row20["ci_high"])
    assert study.returns[("X", 20)].isna().sum() == 1


def test_baseline_and_ci_on_the_same_sessions_as_the_events():
    rng = np.random.default_rng(0)
    days = pd.bdate_range("2010-01-01", periods=300)
    trig_px = pd.Series(100 * np.exp(np.cumsum(rng.normal(0, 0.01, 300))), days)
    # the asset starts 100 sessions later and skips some sessions
    asset = pd.Series(100 * np.exp(np.cumsum(rng.normal(0, 0.02, 300))), days).iloc[100:]
    asset = asset.drop(asset.index[[10, 11, 50]])
    triggers = pd.DatetimeIndex(days[[20, 150, 160, 200, 296]])
    study = ev.event_study(triggers, trig_px, {"A": asset}, horizons=(5,), n_boot=1000)
    row = study.table.iloc[0]
    common = asset.index  # the asset's dates are a subset of the trigger's sessions
    fwd = 100 * (asset.shift(-5) / asset - 1)
    valid = fwd.dropna()
    assert row["baseline_n"] == len(valid) == len(common) - 5
    assert row["baseline"] == pytest.approx(valid.mean())
    events = valid.reindex(triggers.intersection(valid.index))
    # 160 and 200: 20 is before the asset, 150 is a dropped date, 296 has no +5 window
    assert row["n_events"] == 2
    assert row["mean"] == pytest.approx(events.mean())
    assert row["ci_low"] <= row["mean"] <= row["ci_high"]
    assert row["excess_ci_low"] == pytest.approx(row["ci_low"] - row["baseline"])
    # deterministic: same seed, same interval; another asset does not change it
    again = ev.event_study(
        triggers, trig_px, {"B": trig_px, "A": asset}, horizons=(5,), n_boot=1000
    )
    a_row = again.table.set_index("asset").loc["A"]
    assert a_row["ci_low"] == row["ci_low"] and a_row["p_random"] == row["p_random"]


def test_bootstrap_interval_covers_the_mean_and_narrows_with_more_events():
    rng = np.random.default_rng(1)
    x = rng.normal(1.0, 2.0, 400)
    lo_hi = []
    for n in (10, 400):
        boots = ev.bootstrap_means(x[:n], 2000, np.random.default_rng(2))
        lo_hi.append(np.percentile(boots, [2.5, 97.5]))
    assert lo_hi[1][1] - lo_hi[1][0] < lo_hi[0][1] - lo_hi[0][0]
    assert lo_hi[1][0] < 1.0 < lo_hi[1][1]


def test_asset_without_overlap_is_explained():
    x = planted()
    other = pd.Series(1.0 + np.arange(10), pd.bdate_range("1990-01-01", periods=10))
    study = ev.event_study(pd.DatetimeIndex([DAYS[10]]), x, {"old": other}, horizons=(5,))
    assert "old" in study.notes


def test_sequence_orders_planted_breakouts():
    days = pd.bdate_range("2010-01-01", periods=600)
    n = len(days)
    base = np.r_[np.linspace(50, 100, 300), np.linspace(100, 80, 200), np.linspace(80, 120, 100)]
    iwm = pd.Series(base, days)
    trig = ev.find_triggers(iwm, quiet=60)
    assert len(trig) == 1
    t = days.get_loc(trig[0])
    # ARKK breaks out 5 sessions after the trigger, BTC 12 (on a Saturday, counted on Monday)
    arkk = pd.Series(np.r_[np.linspace(10, 20, 300), np.full(n - 300, 15.0)], days)
    arkk.iloc[t + 5 :] = 25.0
    cal = pd.date_range(days[0], days[-1], freq="D")
    btc_values = np.r_[np.linspace(1, 10, 600), np.full(len(cal) - 600, 5.0)]
    btc = pd.Series(btc_values, cal)
    saturday = days[t + 11] + pd.Timedelta(days=(5 - days[t + 11].day_of_week) % 7)
    btc[btc.index >= saturday] = 50.0
    gld = pd.Series(np.r_[np.linspace(5, 30, 200), np.full(n - 200, 20.0)], days)
    seq = ev.breakout_sequence(
        trig, days, {"IWM": iwm, "ARKK": arkk, "BTC-USD": btc, "GLD": gld}, horizon=40
    )
    row = seq.days.iloc[0]
    assert row["IWM"] == 0 and row["ARKK"] == 5 and np.isnan(row["GLD"])
    expected_btc = days.searchsorted(saturday) - t
    assert row["BTC-USD"] == expected_btc
    assert seq.share_before("ARKK", "BTC-USD") == 1.0
    assert seq.share_before("BTC-USD", "ARKK") == 0.0
    assert seq.order_share == 1.0 and seq.order_episodes == 1
    assert seq.summary.loc["GLD", "breakouts"] == 0 and seq.summary.loc["GLD", "episodes"] == 1


def test_sequence_needs_history_and_a_full_window():
    days = pd.bdate_range("2010-01-01", periods=300)
    iwm = pd.Series(np.r_[np.linspace(50, 100, 200), np.linspace(100, 90, 70), [101.0] * 30], days)
    trig = ev.find_triggers(iwm, quiet=60)
    young = pd.Series(np.linspace(1, 2, 40), days[-40:])
    seq = ev.breakout_sequence(trig, days, {"IWM": iwm, "young": young}, horizon=60)
    assert not seq.known.iloc[0]["young"]  # less than a year of history
    assert seq.summary.loc["young", "episodes"] == 0


def test_bundle_runs_and_flags_short_assets():
    rng = np.random.default_rng(3)
    days = pd.bdate_range("2005-01-01", periods=2500)
    walk = lambda s: pd.Series(  # noqa: E731
        100 * np.exp(np.cumsum(np.random.default_rng(s).normal(3e-4, 0.01, len(days)))), days
    )
    assets = {"IWM": walk(1), "ARKK": walk(2), "GLD": walk(3), "NEW": walk(4).iloc[-50:]}
    bundle = ev.cross_asset_bundle(assets, walk(5), cooldown=60, n_boot=200)
    assert "NEW" in bundle.short and "NEW" not in set(bundle.rrg["asset"])
    assert list(bundle.leadlag.index) == ["ARKK", "GLD", "NEW"]
    gaps = np.diff(days.get_indexer(bundle.study.triggers))
    assert (gaps > 60).all()
    assert set(bundle.study.table["asset"]) == set(assets)
    del rng


def test_a_weekend_high_before_a_monday_trigger_is_not_a_breakout_after_it():
    days = pd.date_range("2023-01-02", "2025-03-14", freq="D")  # 7-day asset (BTC-like)
    values = pd.Series(np.linspace(100, 50, len(days)), days)
    values[pd.Timestamp("2025-03-08")] = 1_000.0  # Saturday: a new high before the trigger
    values[pd.Timestamp("2025-03-13")] = 2_000.0  # Thursday: the first high after it
    calendar = pd.bdate_range("2023-01-02", "2025-03-14")
    trigger = pd.DatetimeIndex(["2025-03-10"])  # Monday
    got, known = ev._sessions_to_breakout(calendar, trigger, values, horizon=10)
    assert got.tolist() == [3.0] and known.tolist() == [True]  # Mon -> Thu: 3 sessions
    # a Sunday high after a Friday trigger counts on the Monday session
    values[pd.Timestamp("2025-03-09")] = 1_500.0
    got, _ = ev._sessions_to_breakout(calendar, pd.DatetimeIndex(["2025-03-07"]), values, 10)
    assert got.tolist() == [1.0]
