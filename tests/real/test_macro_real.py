"""Macro surprises on the real FRED histories in ../shared/market-data (csvdir source)."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard import scoring
from dashboard.data import catalog, usertables
from dashboard.data.load import fetch_series
from dashboard.data.sources.csvdir import CsvDirSource
from dashboard.signals import scorecard as rules
from dashboard.signals import surprise as su

pytestmark = pytest.mark.realdata


@pytest.fixture
def real(market_data, monkeypatch):
    monkeypatch.setenv("ROTATION_DATA_DIR", str(market_data))
    monkeypatch.setenv("ROTATION_SOURCES", "csvdir")
    return fetch_series(su.MACRO_IDS)


def signals(loaded, as_of="2026-01-20") -> dict[str, rules.Signal]:
    return {s.id: s for s in scoring.compute(loaded, as_of, specs=rules.MACRO)}


def test_the_real_files_hold_the_january_prints(market_data):
    fetched = CsvDirSource(market_data).fetch([catalog.get(s) for s in su.MACRO_IDS])
    assert fetched[su.PHILLY].series["2026-01-01"] == 12.6
    assert fetched[su.EMPIRE].series["2026-01-01"] == 7.7
    claims = fetched[su.CLAIMS].series
    # this copy of ICSA ends with the week to 2025-12-27: the 198k week (to 2026-01-10) is absent
    assert claims.index[-1] == pd.Timestamp("2025-12-27") and claims.iloc[-1] == 199_000


def test_thesis_surprises_with_the_bundled_consensus(real):
    got = signals(real)
    philly, empire = got["philly_fed_surprise"], got["empire_surprise"]
    assert philly.value == pytest.approx(14.2) and philly.status == "confirming"
    assert empire.value == pytest.approx(6.9) and empire.status == "confirming"
    assert philly.detail.startswith(
        "Consensus surprise. Philly Fed January 2026 (released 2026-01-15)"
    )
    assert "7.7 against consensus 0.8" in empire.detail
    assert philly.sources[0].startswith("GACDFSA066MSFRBPHI csvdir/")


def test_claims_on_real_data_is_a_model_surprise_for_the_last_week_in_the_file(real):
    claims = signals(real)["claims_surprise"]
    # 199,000 for the week to 2025-12-27 (released 2026-01-01) against the mean of the three
    # weeks before (237,000, 224,000, 215,000): 26.3 thousand fewer claims than that model
    expected = (237_000 + 224_000 + 215_000) / 3
    assert claims.value == pytest.approx((expected - 199_000) / 1000)
    assert claims.status == "confirming"
    assert claims.detail.startswith("Model surprise. Jobless claims week ending 2025-12-27")
    assert "no consensus row for this release" in claims.detail


def test_point_in_time_on_real_data(real):
    before = signals(real, "2026-01-14")["philly_fed_surprise"]
    assert "December 2025 (released 2025-12-18)" in before.detail
    assert before.detail.startswith("Model surprise.")
    # the file runs to 2026-07; as of 2026-01-20 nothing after January counts
    assert signals(real)["philly_fed_surprise"].as_of.isoformat() == "2026-01-15"


def test_composite_on_real_data_is_finite_and_uses_the_consensus_rows(real):
    index = signals(real)["macro_surprise_index"]
    assert index.value is not None and -5 < index.value < 5
    assert "2 consensus and" in index.detail  # Philly and Empire; the claims week is absent
    consensus = usertables.bundled(usertables.CONSENSUS)
    notes = su.consensus_checks(consensus, real.series)
    assert any(n.startswith("ICSA 2026-01-10: no print loaded") for n in notes)


def test_real_history_z_scores_use_a_long_past(real):
    table = su.surprise_table(real.series[su.PHILLY], su.PHILLY, as_of="2026-01-20")
    assert table.index[0] == pd.Timestamp("1968-05-01")
    assert table["z"].notna().sum() > 600
    assert table["z"].abs().max() < 15
