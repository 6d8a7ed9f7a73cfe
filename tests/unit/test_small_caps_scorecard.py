"""The ``smallcap_streak`` and ``smallcap_breakout`` scorecard signals: values, statuses, details,
point in time, missing data, and the demo story."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.data import catalog
from dashboard.data.sources.demo import DemoSource
from dashboard.signals import scorecard as rules
from dashboard.signals.scorecard import evaluate
from dashboard.signals.scorecard.small_caps import SMALLCAP_BREAKOUT, SMALLCAP_STREAK

DAYS = pd.bdate_range("2025-12-01", periods=30)


def streak_pair(pattern: str) -> dict[str, pd.Series]:
    """SPY flat; IWM up on '+' sessions, down on '-' (the first session has no return)."""
    steps = [1.0] + [1.01 if c == "+" else 0.99 for c in pattern]
    idx = DAYS[: len(steps)]
    iwm = pd.Series(100 * pd.Series(steps).cumprod().to_numpy(), index=idx)
    return {"IWM": iwm, "SPY": pd.Series(500.0, index=idx)}


def test_specs_are_registered_in_the_small_caps_section():
    assert rules.SMALL_CAPS == (SMALLCAP_STREAK, SMALLCAP_BREAKOUT)
    assert SMALLCAP_STREAK in rules.SCORECARD and SMALLCAP_BREAKOUT in rules.SCORECARD
    assert SMALLCAP_STREAK.series == ("IWM", "SPY") and SMALLCAP_BREAKOUT.series == ("^RUT",)
    assert {SMALLCAP_STREAK.view, SMALLCAP_BREAKOUT.view} == {"small_caps"}
    assert [s.id for s in rules.SCORECARD[:2]] == list(rules.SIGNAL_IDS[:2])


@pytest.mark.parametrize(
    ("pattern", "value", "status"),
    [
        ("+++-+++++", 5, "confirming"),
        ("+++++-++++", 4, "neutral"),
        ("++++++-+", 1, "neutral"),
        ("++++++-", 0, "contradicting"),
    ],
)
def test_streak_value_and_status(pattern, value, status):
    series = streak_pair(pattern)
    sig = evaluate([SMALLCAP_STREAK], series, as_of=series["IWM"].index[-1])[0]
    assert sig.value == value and sig.status == status
    assert sig.as_of == series["IWM"].index[-1].date()
    assert sig.unit == "sessions"


def test_streak_detail_names_the_longest_since_date():
    series = streak_pair("++++++-+-++")  # sessions 2..7 (12-02 .. 12-09) win, now 2
    sig = evaluate([SMALLCAP_STREAK], series, as_of=series["IWM"].index[-1])[0]
    assert sig.value == 2
    assert "longest since 2025-12-09 (a 6-session streak ended then)" in sig.detail
    assert "Aligned on 12 common dates." in sig.detail
    record = evaluate([SMALLCAP_STREAK], streak_pair("-++++++"), as_of=DAYS[7])[0]
    assert "no earlier streak was as long" in record.detail and record.status == "confirming"


def test_streak_is_point_in_time():
    series = streak_pair("+++++++---")
    seventh = DAYS[7]
    then = evaluate([SMALLCAP_STREAK], series, as_of=seventh)[0]
    assert then.value == 7 and then.as_of == seventh.date()
    now = evaluate([SMALLCAP_STREAK], series, as_of=series["IWM"].index[-1])[0]
    assert now.value == 0 and now.status == "contradicting"


def test_missing_series_is_unavailable_with_a_reason():
    sig = evaluate(
        [SMALLCAP_STREAK],
        {"IWM": streak_pair("++")["IWM"]},
        missing_reasons={"SPY": "yahoo: rate limited"},
    )[0]
    assert sig.status == "unavailable" and "SPY: yahoo: rate limited" in sig.detail
    one = {k: v.iloc[:1] for k, v in streak_pair("++").items()}
    sig = evaluate([SMALLCAP_STREAK], one, as_of="2025-12-22")[0]
    assert sig.status == "unavailable" and "fewer than two common sessions" in sig.detail


def rut(after: list[float]) -> pd.Series:
    before = pd.Series(
        [2300.0, 2442.74, 2400.0],
        index=pd.DatetimeIndex(["2021-11-05", "2021-11-08", "2021-12-31"]),
    )
    later = pd.Series(after, index=pd.bdate_range("2026-01-05", periods=len(after)))
    return pd.concat([before, later])


def test_breakout_value_is_percent_above_the_2021_peak():
    sig = evaluate(
        [SMALLCAP_BREAKOUT], {"^RUT": rut([2400.0, 2500.0, 2665.0])}, as_of="2026-01-09"
    )[0]
    assert sig.value == pytest.approx(100 * (2665 / 2442.74 - 1))
    assert sig.status == "confirming"
    assert "highest close before 2022-01-01 (2,442.74 on 2021-11-08)" in sig.detail
    assert "first close above it on 2026-01-06 (1 session ago)" in sig.detail


def test_breakout_below_the_peak_contradicts():
    sig = evaluate([SMALLCAP_BREAKOUT], {"^RUT": rut([2300.0, 2200.0])}, as_of="2026-01-09")[0]
    assert sig.value == pytest.approx(100 * (2200 / 2442.74 - 1)) and sig.status == "contradicting"
    assert "no close above it since" in sig.detail
    # point in time: as of 2021-12-31 no close after the cut-off exists yet
    early = evaluate([SMALLCAP_BREAKOUT], {"^RUT": rut([2300.0])}, as_of="2021-12-31")[0]
    assert early.status == "unavailable" and "no close on or after 2022-01-01" in early.detail


def test_the_demo_tells_the_story_it_promises():
    ids = ("IWM", "SPY", "^RUT")
    fetched = DemoSource().fetch([catalog.get(i) for i in ids])
    series = {i: fetched[i].series for i in ids}
    streak, brk = evaluate(rules.SMALL_CAPS, series, as_of="2026-01-16")
    assert streak.value == 10 and streak.status == "confirming"
    assert "2026-01-05 .. 2026-01-16" in streak.detail
    assert brk.status == "confirming" and brk.value == pytest.approx(100 * (2665 / 2442.74 - 1))
    # the day before the streak began it was not running
    assert evaluate([SMALLCAP_STREAK], series, as_of="2026-01-02")[0].value == 0
