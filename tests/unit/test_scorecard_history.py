"""Stale as a status of the scorecard framework, and the thesis timeline: ``history`` gives, for
each date, exactly what ``evaluate`` says on that date (status, value, data date, the status a
stale reading had), through each spec's vectorised history or the exact fallback."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard import scoring
from dashboard.data.load import fetch_series
from dashboard.data.sources.demo import DEMO_END
from dashboard.signals import scorecard as rules
from dashboard.signals.scorecard.framework import judge, public_positions
from tests.pit import csvdir_settings, load


@pytest.fixture(scope="module")
def demo():
    return fetch_series(rules.required_series())  # conftest: the demo source only


def points_of(signals) -> dict[str, rules.Point]:
    return {s.id: rules.Point(s.status, s.value, s.as_of, s.last_status) for s in signals}


def assert_history_matches(loaded, dates) -> dict[str, list[rules.Point]]:
    """``scoring.timeline`` on ``dates`` equals ``scoring.compute`` on each of them."""
    timeline = scoring.timeline(loaded, dates)
    tables = scoring.side_tables(loaded)
    for i, day in enumerate(pd.DatetimeIndex(dates)):
        exact = points_of(rules.evaluate(rules.SCORECARD, loaded.series, as_of=day, tables=tables))
        for sid, want in exact.items():
            got = timeline[sid][i]
            assert (got.status, got.as_of, got.last_status) == (
                want.status,
                want.as_of,
                want.last_status,
            ), (day, sid, got, want)
            if want.value is None:
                assert got.value is None, (day, sid, got)
            else:
                assert math.isclose(got.value, want.value, rel_tol=1e-12, abs_tol=1e-12), (
                    day,
                    sid,
                    got,
                    want,
                )
    return timeline


# --- stale is a status ---------------------------------------------------------------------------
SPEC = rules.SCORECARD[0]


def test_a_reading_past_its_limit_is_stale_keeping_value_date_and_status():
    reading = rules.Reading(7.0, "confirming", "seven sessions", date(2026, 1, 16))
    fresh = judge(SPEC, reading, date(2026, 1, 26))  # 10 days: the daily limit
    assert (fresh.status, fresh.value, fresh.last_status) == ("confirming", 7.0, None)
    assert (fresh.age_days, fresh.limit_days) == (10, 10)
    old = judge(SPEC, reading, date(2026, 1, 27))
    assert (old.status, old.value, old.last_status) == ("stale", 7.0, "confirming")
    assert (old.age_days, old.limit_days) == (11, 10)
    assert old.detail == (
        "Stale: the newest data it uses is from 2026-01-16, 11 days before the as-of date "
        "(limit 10 days). Last reading +7.00 sessions (confirming): seven sessions"
    )


def test_a_reading_its_rule_calls_old_is_stale_at_any_age():
    reading = rules.Reading(0.3, "confirming", "UK behind", date(2026, 1, 1), stale=True)
    judged = judge(SPEC, reading, date(2026, 1, 2))
    assert (judged.status, judged.value, judged.last_status) == ("stale", 0.3, "confirming")
    assert judged.detail.startswith("Stale: its data is behind its release schedule.")
    undated = judge(SPEC, replace(reading, as_of=None), date(2026, 1, 2))
    assert undated.status == "stale" and undated.age_days is None


def test_no_value_is_unavailable_never_stale():
    judged = judge(SPEC, rules.Reading(None, "unavailable", "no data"), date(2026, 1, 2))
    assert (judged.status, judged.value, judged.last_status) == ("unavailable", None, None)
    nan = judge(
        SPEC, rules.Reading(float("nan"), "neutral", "", date(2020, 1, 1)), date(2026, 1, 1)
    )
    assert nan.status == "unavailable" and nan.value is None


def test_stale_is_counted_apart_and_is_not_complete_evidence(demo):
    signals = scoring.compute(demo, as_of=date(2026, 6, 30))
    counts = scoring.tally(signals)
    assert list(counts) == ["confirming", "neutral", "contradicting", "stale", "unavailable"]
    missing = scoring.shortfalls(signals)
    assert missing["stale"] == [s.id for s in signals if s.status == "stale"]
    assert counts["stale"] == len(missing["stale"]) >= 8
    assert all(s.value is not None and s.last_status for s in signals if s.status == "stale")
    assert not any(s.scored for s in signals if s.status == "stale")


# --- history equals the scorecard on each date -------------------------------------------------
def test_history_on_demo_data_equals_the_scorecard_on_every_date(demo):
    # two years weekly through the demo's end and past it (stale readings), every other week
    dates = pd.date_range(end=pd.Timestamp("2026-05-29"), periods=120, freq="7D")[::2]
    timeline = assert_history_matches(demo, dates)
    statuses = {p.status for points in timeline.values() for p in points}
    assert {"confirming", "contradicting", "stale"} <= statuses  # the comparison is not vacuous


@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(days=st.lists(st.dates(date(2000, 1, 1), date(2026, 12, 31)), min_size=1, max_size=3))
def test_history_on_any_dates_equals_the_scorecard(demo, days):
    assert_history_matches(demo, sorted(set(days)))


def test_history_on_the_real_files_equals_the_scorecard(market_data, tmp_path):
    loaded = load(csvdir_settings(market_data, tmp_path))
    dates = pd.date_range(end=pd.Timestamp("2026-12-04"), periods=110, freq="7D")[::3]
    special = pd.DatetimeIndex(["2026-01-15", "2026-02-23", "2026-10-05", "2025-08-11"])
    timeline = assert_history_matches(loaded, dates.union(special))
    assert {p.status for p in timeline["smallcap_breakout"]} >= {"confirming", "stale"}


def test_a_spec_without_a_history_function_is_evaluated_date_by_date(demo):
    plain = tuple(replace(spec, history=None) for spec in rules.SCORECARD)
    dates = pd.date_range(end=pd.Timestamp(DEMO_END), periods=6, freq="14D")
    fast = rules.history(rules.SCORECARD, demo.series, dates, tables=scoring.side_tables(demo))
    slow = rules.history(plain, demo.series, dates, tables=scoring.side_tables(demo))
    assert fast == slow


def test_release_positions_decline_when_publication_is_out_of_order():
    dates = pd.DatetimeIndex(["2026-01-05", "2026-01-20"])
    ordered = pd.DatetimeIndex(["2026-01-02", "2026-01-09", "2026-01-16"])
    assert public_positions(ordered, dates).tolist() == [0, 2]
    assert public_positions(pd.DatetimeIndex([]), dates).tolist() == [-1, -1]
    shuffled = pd.DatetimeIndex(["2026-01-09", "2026-01-02"])
    assert public_positions(shuffled, dates) is None  # the exact path decides


def test_history_before_any_data_is_unavailable(demo):
    points = rules.history(rules.SCORECARD, demo.series, [pd.Timestamp("1960-01-04")])
    assert {p[0].status for p in points.values()} == {"unavailable"}
    assert all(p[0].value is None for p in points.values())


def test_history_is_point_in_time_appending_data_changes_no_past_date(demo):
    """Rows after the last date change nothing (the strip never looks ahead)."""
    cut = {sid: s[s.index <= "2025-06-30"] for sid, s in demo.series.items()}
    dates = pd.date_range(end=pd.Timestamp("2025-06-30"), periods=30, freq="7D")
    full = rules.history(rules.SCORECARD, demo.series, dates)
    short = rules.history(rules.SCORECARD, cut, dates)
    assert full == short


def test_two_years_weekly_is_one_strip_per_signal(demo):
    dates = pd.date_range(end=pd.Timestamp(DEMO_END), periods=105, freq="7D")
    timeline = scoring.timeline(demo, dates)
    assert list(timeline) == list(rules.SIGNAL_IDS)
    assert {len(points) for points in timeline.values()} == {105}
    # the last week is the scorecard itself
    today = points_of(scoring.compute(demo, as_of=DEMO_END))
    assert {sid: points[-1] for sid, points in timeline.items()} == today


def test_spark_values_are_finite_or_none(demo):
    dates = pd.date_range(end=pd.Timestamp(DEMO_END), periods=20, freq="7D")
    for points in scoring.timeline(demo, dates).values():
        assert all(p.value is None or np.isfinite(p.value) for p in points)
