"""The scorecard framework: thresholds, point-in-time cuts, missing data."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.signals.scorecard import Inputs, Reading, SignalSpec, classify, evaluate


@pytest.mark.parametrize(
    ("value", "kw", "expected"),
    [
        (0.1, {}, "confirming"),
        (0.0, {}, "neutral"),
        (-0.1, {}, "contradicting"),
        (5, {"above": 4.5, "below": 0.5}, "confirming"),
        (4.5, {"above": 4.5, "below": 0.5}, "neutral"),
        (0, {"above": 4.5, "below": 0.5}, "contradicting"),
        (-1.0, {"higher_confirms": False}, "confirming"),
        (1.0, {"higher_confirms": False}, "contradicting"),
        (None, {}, "unavailable"),
        (float("nan"), {}, "unavailable"),
    ],
)
def test_classify_thresholds(value, kw, expected):
    assert classify(value, **kw) == expected


def _last_value(inputs: Inputs) -> Reading:
    s = inputs["ICSA"]
    return Reading(float(s.iloc[-1]), "neutral", f"{len(s)} obs", s.index[-1].date())


SPEC = SignalSpec(
    id="t",
    title="t",
    short="t",
    claim="",
    rule="",
    unit="",
    series=("ICSA",),
    compute=_last_value,
    view="x",
)


def test_evaluate_uses_only_data_published_by_as_of():
    # claims for the week ending Saturday 2026-01-10 are published Thursday 2026-01-15
    icsa = pd.Series([205e3, 198e3], index=pd.to_datetime(["2026-01-03", "2026-01-10"]))
    before = evaluate([SPEC], {"ICSA": icsa}, as_of="2026-01-14")[0]
    on = evaluate([SPEC], {"ICSA": icsa}, as_of="2026-01-15")[0]
    assert before.value == 205e3 and on.value == 198e3


def test_appending_later_data_does_not_change_a_past_reading():
    icsa = pd.Series([205e3, 198e3], index=pd.to_datetime(["2026-01-03", "2026-01-10"]))
    later = pd.concat([icsa, pd.Series([250e3], index=pd.to_datetime(["2026-01-17"]))])
    a = evaluate([SPEC], {"ICSA": icsa}, as_of="2026-01-16")[0]
    b = evaluate([SPEC], {"ICSA": later}, as_of="2026-01-16")[0]
    assert a == b


def test_missing_series_is_unavailable_with_reason():
    sig = evaluate([SPEC], {}, missing_reasons={"ICSA": "fred: unreachable"})[0]
    assert sig.status == "unavailable" and sig.value is None
    assert "fred: unreachable" in sig.detail
    assert sig.to_json()["value"] is None


def test_a_reading_older_than_its_frequency_allows_is_stale_not_scored():
    index = pd.date_range("2025-11-01", periods=8, freq="W-SAT")
    series = {"ICSA": pd.Series(range(200_000, 208_000, 1000), index=index, dtype=float)}
    last = index[-1]  # the reading is dated by its observation, not its release
    assert SPEC.stale_after_days == 35  # weekly series
    fresh = evaluate([SPEC], series, as_of=last + pd.Timedelta(days=35))[0]
    assert fresh.status == "neutral" and fresh.value == 207_000.0
    stale = evaluate([SPEC], series, as_of=last + pd.Timedelta(days=36))[0]
    assert stale.status == "stale" and stale.value == 207_000.0
    assert stale.last_status == "neutral" and (stale.age_days, stale.limit_days) == (36, 35)
    assert stale.detail.startswith(f"Stale: the newest data it uses is from {last:%Y-%m-%d}")
    assert "+207000.00" in stale.detail  # the last reading is still named
