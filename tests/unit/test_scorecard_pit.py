"""The scorecard as of a past date is unchanged when later data is appended, and it is always
complete: one entry per id of ``rules.SIGNAL_IDS`` (missing specs say so)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pandas as pd
import pytest

from dashboard import scoring
from dashboard.data import catalog
from dashboard.data.load import Loaded, fetch_series
from dashboard.data.provenance import Provenance
from dashboard.signals import scorecard as rules
from dashboard.views.format import headline


@pytest.fixture
def demo() -> Loaded:
    return fetch_series(rules.required_series())  # conftest: ROTATION_SOURCES=demo


STEPS = {
    "Q": pd.offsets.QuarterBegin(startingMonth=1),
    "M": pd.offsets.MonthBegin(),
    "W": pd.offsets.Week(),
}


def extend(series: pd.Series, sid: str, days: int = 400) -> pd.Series:
    """The series plus a year of invented later periods (wild values)."""
    step = STEPS.get(catalog.get(sid).frequency, pd.offsets.BDay())
    future = pd.date_range(series.index[-1] + step, periods=60, freq=step)
    future = future[future <= series.index[-1] + pd.Timedelta(days=days)]
    return pd.concat([series, pd.Series(-abs(series.iloc[-1]) * 3, index=future)])


def with_future(loaded: Loaded) -> Loaded:
    series = {sid: extend(s, sid) for sid, s in loaded.series.items()}
    return Loaded(series=series, provenance=loaded.provenance, ids=loaded.ids)


@pytest.mark.parametrize("as_of", [date(2026, 1, 16), date(2025, 11, 13), date(2024, 6, 28)])
def test_past_scorecard_unchanged_by_appended_data(demo, as_of):
    before = [s.to_json() for s in scoring.compute(demo, as_of=as_of)]
    after = [s.to_json() for s in scoring.compute(with_future(demo), as_of=as_of)]
    strip = lambda rows: [{k: v for k, v in r.items() if k != "sources"} for r in rows]  # noqa: E731
    assert strip(before) == strip(after)
    assert any(r["status"] != "unavailable" for r in before)


def test_appended_data_is_seen_later(demo):
    # the invented future flips real_yields once it is published: the test can fail
    later = scoring.compute(with_future(demo), as_of=date(2026, 3, 2))
    real = next(s for s in later if s.id == "real_yields")
    assert real.as_of is not None and real.as_of > date(2026, 1, 16)


def test_every_claim_has_exactly_one_signal_in_scorecard_order(demo):
    assert [s.id for s in rules.SCORECARD] == list(rules.SIGNAL_IDS)
    signals = scoring.compute(demo, as_of=date(2026, 1, 16))
    assert [s.id for s in signals] == list(rules.SIGNAL_IDS)


def test_missing_series_gives_reason():
    prov = {"DFII10": Provenance("DFII10", "x", "", "", "unavailable", notes=("csvdir: no file",))}
    loaded = Loaded(series={}, provenance=prov, ids=("DFII10",))
    real = next(
        s for s in scoring.compute(loaded, as_of=date(2026, 1, 16)) if s.id == "real_yields"
    )
    assert real.status == "unavailable" and "csvdir: no file" in real.detail


def test_tally_counts_every_status():
    signals = scoring.compute(Loaded(series={}, provenance={}), as_of=date(2026, 1, 16))
    assert scoring.tally(signals) == {
        "confirming": 0,
        "neutral": 0,
        "contradicting": 0,
        "stale": 0,
        "unavailable": 12,
    }


def test_default_as_of_is_today_when_something_scores_else_the_last_close(demo):
    today = date(2026, 12, 2)
    assert scoring.default_as_of(demo, today)[0] == date(2026, 1, 16)  # the demo's last day
    real = {**demo.provenance, "IWM": replace(demo.provenance["IWM"], status="live")}
    mixed = Loaded(series=demo.series, provenance=real, ids=demo.ids)
    # the data end 2026-01-16: on 2026-12-02 nothing scores, so the last market close
    assert scoring.default_as_of(mixed, today) == (
        date(2026, 1, 16),
        "2026-01-16, the last market close in the data: on today's date (2026-12-02) no "
        "signal has data fresh enough to score",
    )
    # prices still fresh: today
    assert scoring.default_as_of(mixed, date(2026, 1, 20)) == (
        date(2026, 1, 20),
        "today: every value published so far counts",
    )
    # prices stale but the January surveys (limit 110 days) still score: today
    assert scoring.default_as_of(mixed, date(2026, 2, 10))[0] == date(2026, 2, 10)


def test_readings_on_demo_data_are_flagged_and_never_counted_as_market_evidence(demo):
    signals = scoring.compute(demo, as_of=date(2026, 1, 16))
    assert all(s.synthetic for s in signals if s.value is not None)
    confirming = sum(s.status == "confirming" for s in signals)
    assert headline(signals) == (
        f"{confirming} of 12 confirming on synthetic demo data (not market data)"
    )
    # IWM and SPY from a real source, everything else still demo: only the streak is evidence
    real = {
        sid: replace(p, status="live") if sid in ("IWM", "SPY") else p
        for sid, p in demo.provenance.items()
    }
    mixed = scoring.compute(
        Loaded(series=demo.series, provenance=real, ids=demo.ids), as_of=date(2026, 1, 16)
    )
    streak = next(s for s in mixed if s.id == "smallcap_streak")
    assert not streak.synthetic and streak.status == "confirming"
    gold = next(s for s in mixed if s.id == "gold_vs_smallcaps")
    assert gold.synthetic  # GLD is still synthetic
    n = sum(s.status == "confirming" for s in mixed)
    assert headline(mixed) == (
        f"1 of 12 confirming on market data (+{n - 1} on synthetic demo data)"
    )
