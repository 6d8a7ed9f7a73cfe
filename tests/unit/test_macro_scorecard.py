"""The macro scorecard signals: values in indicator units, thresholds, labels, point in time."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dashboard.data import usertables
from dashboard.signals import scorecard as rules
from dashboard.signals import surprise as su
from dashboard.signals.scorecard import evaluate
from dashboard.signals.scorecard.macro import CONSENSUS_TABLE


def monthly(values, end="2026-01-01") -> pd.Series:
    return pd.Series(
        values, index=pd.date_range(end=end, periods=len(values), freq="MS"), dtype=float
    )


def weekly(values, end="2026-01-10") -> pd.Series:
    return pd.Series(
        values, index=pd.date_range(end=end, periods=len(values), freq="7D"), dtype=float
    )


def history(last: float, n: int = 40, seed: int = 0, level: float = 0.0, sd: float = 8.0):
    rng = np.random.default_rng(seed)
    return list(level + rng.normal(0, sd, n - 1)) + [last]


SERIES = {
    su.PHILLY: monthly(history(12.6, seed=1)),
    su.EMPIRE: monthly(history(7.7, seed=2)),
    su.CLAIMS: weekly(history(198_000, n=80, seed=3, level=215_000, sd=8_000)),
}


def by_id(signals) -> dict[str, rules.Signal]:
    return {s.id: s for s in signals}


def run(as_of="2026-01-20", tables=None, series=SERIES):
    if tables is None:
        tables = {CONSENSUS_TABLE: usertables.bundled(usertables.CONSENSUS)}
    return by_id(evaluate(rules.MACRO, series, as_of=as_of, tables=tables))


def test_specs_are_registered_in_the_macro_section_in_order():
    ids = [s.id for s in rules.MACRO]
    assert ids == [
        "philly_fed_surprise",
        "empire_surprise",
        "claims_surprise",
        "macro_surprise_index",
    ]
    assert all(s.view == "macro" for s in rules.MACRO)
    assert all(s in rules.SCORECARD for s in rules.MACRO)
    assert set(ids) <= set(rules.SIGNAL_IDS)


def test_the_bundled_consensus_gives_the_thesis_numbers():
    got = run()
    assert got["philly_fed_surprise"].value == pytest.approx(14.2)
    assert got["empire_surprise"].value == pytest.approx(6.9)
    assert got["claims_surprise"].value == pytest.approx(17.0)  # thousands, fewer = better
    assert got["claims_surprise"].unit == "thousand claims"
    for sid in ("philly_fed_surprise", "empire_surprise", "claims_surprise"):
        assert got[sid].status == "confirming"
        assert got[sid].detail.startswith("Consensus surprise.")
    assert "198.0k against consensus 215.0k" in got["claims_surprise"].detail
    assert "week ending 2026-01-10 (released 2026-01-15)" in got["claims_surprise"].detail
    assert "January 2026 (released 2026-01-15): 12.6 against consensus -1.6" in (
        got["philly_fed_surprise"].detail
    )
    assert got["philly_fed_surprise"].as_of.isoformat() == "2026-01-15"


def test_as_of_the_day_before_the_january_prints_are_not_published():
    got = run(as_of="2026-01-14")
    philly = got["philly_fed_surprise"]
    assert "December 2025 (released 2025-12-18)" in philly.detail  # third Thursday of December
    assert philly.detail.startswith("Model surprise.")  # no consensus row for December
    assert "no consensus row" in philly.detail
    series = SERIES[su.PHILLY]
    expected = series.iloc[-5:-2].mean()  # the three prints before December
    assert philly.value == pytest.approx(series.iloc[-2] - expected)
    assert "week ending 2026-01-03 (released 2026-01-08)" in got["claims_surprise"].detail


def test_without_a_consensus_table_every_surprise_is_a_model_surprise_and_says_so():
    got = run(tables={})
    philly = got["philly_fed_surprise"]
    series = SERIES[su.PHILLY]
    assert philly.value == pytest.approx(12.6 - series.iloc[-4:-1].mean())
    assert philly.detail.startswith("Model surprise.")
    assert "No consensus table was given" in philly.detail
    assert "No consensus table was given" in got["macro_surprise_index"].detail
    assert "0 consensus and" in got["macro_surprise_index"].detail


@pytest.mark.parametrize(
    ("last", "status"), [(10.0, "confirming"), (-5.0, "contradicting"), (-1.6, "neutral")]
)
def test_thresholds_are_zero(last, status):
    series = dict(SERIES, **{su.PHILLY: monthly(history(last, seed=1))})
    got = run(series=series)["philly_fed_surprise"]
    assert got.value == pytest.approx(last + 1.6) and got.status == status


def test_claims_above_consensus_contradict():
    series = dict(SERIES, **{su.CLAIMS: weekly(history(230_000, n=80, seed=3, level=215_000))})
    got = run(series=series)["claims_surprise"]
    assert got.value == pytest.approx(-15.0) and got.status == "contradicting"
    assert "worse than expected" in got.detail


def test_the_index_is_the_composite_of_the_three_tables():
    consensus = usertables.bundled(usertables.CONSENSUS)
    got = run()["macro_surprise_index"]
    tables = {
        sid: su.surprise_table(s, sid, consensus=consensus, as_of="2026-01-20")
        for sid, s in SERIES.items()
    }
    expected = su.composite_at(tables, "2026-01-20")["composite"]
    assert got.value == pytest.approx(expected)
    assert got.status == ("confirming" if expected > 0 else "contradicting")
    assert got.unit == "sd" and "3 consensus and" in got.detail
    assert got.as_of.isoformat() == "2026-01-15"


def test_missing_series_make_the_signals_unavailable_with_a_reason():
    got = by_id(evaluate(rules.MACRO, {}, as_of="2026-01-20"))
    assert {s.status for s in got.values()} == {"unavailable"}
    assert "GACDFSA066MSFRBPHI" in got["philly_fed_surprise"].detail
    assert "No macro indicator published" in got["macro_surprise_index"].detail


def test_index_is_stale_long_after_the_last_release():
    """No release in the window: undefined on the day, so the last reading (on the day of the
    newest release) is kept, greyed as stale, never shown as the day's value."""
    got = run(as_of="2026-06-30")["macro_surprise_index"]
    assert got.status == "stale" and "No standardised surprise published" in got.detail
    on_release = run(as_of=str(got.as_of))["macro_surprise_index"]
    assert got.value == on_release.value and got.last_status == on_release.status
    assert got.limit_days == 89 and got.age_days > 89


def test_too_short_a_history_gives_no_expectation():
    got = run(tables={}, series={su.PHILLY: monthly([1.0, 2.0])})["philly_fed_surprise"]
    assert got.status == "unavailable" and "no expectation" in got.detail
