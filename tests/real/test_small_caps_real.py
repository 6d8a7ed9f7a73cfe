"""The small-cap claims on real public histories (../shared/market-data, read in place through
the csvdir source; skipped when the folder is absent).

What the files say (observed, asserted below):
* IWM beat SPY on each of the 10 sessions 2026-01-02 .. 2026-01-15 (11 with 2026-01-16). On
  2026-01-15 that is the longest since 2008-06-06 (13 sessions, 2008-05-20 .. 2008-06-06),
  tied 2nd in IWM's history with 2003-05-19 .. 2003-06-02: not "the longest since 1990".
* ^RUT's highest close before 2022 is 2442.74 on 2021-11-08; the first close above it is
  2467.70 on 2025-09-18 (2024-11-25's 2442.03 fell 0.71 short); on 2026-01-15 ^RUT closed
  2674.56, +9.49% above the 2021 peak.
* ^GSPC here covers only 2000-01-03 .. 2022-11-18, so ^RUT vs ^GSPC cannot be checked back to
  1987 or in 2026: over 2000-2022 the longest streak is 13 sessions (2008-05-20 .. 2008-06-06).
  ^RUT vs SPY (1993 ..) on 2026-01-15: 10 sessions, longest since 2010-02-23 (10 sessions).
"""

from __future__ import annotations

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.data import catalog
from dashboard.data.sources.csvdir import CsvDirSource
from dashboard.signals import breakout, streaks
from dashboard.signals import scorecard as rules
from tests.app.helpers import APP

pytestmark = pytest.mark.realdata


@pytest.fixture
def real(market_data):
    ids = ("IWM", "SPY", "^RUT", "^GSPC")
    fetched = CsvDirSource(market_data).fetch([catalog.get(i) for i in ids])
    return {i: fetched[i].series for i in ids}


def test_iwm_beat_spy_ten_sessions_in_a_row_on_2026_01_15(real):
    r = streaks.compute_streaks(real["IWM"], real["SPY"], small_name="IWM", bench_name="SPY")
    assert r.as_of("2026-01-15") == 10
    assert r.as_of("2026-01-16") == 11
    assert r.as_of("2025-12-31") == 0  # the session before the streak began
    cut = streaks.compute_streaks(
        real["IWM"].loc[:"2026-01-15"], real["SPY"].loc[:"2026-01-15"], small_name="IWM"
    )
    assert cut.current == 10
    assert cut.current_streak["start"] == pd.Timestamp("2026-01-02")
    assert cut.longest_since == pd.Timestamp("2008-06-06") and cut.longest_since_length == 13
    assert cut.rank == 2
    top = cut.longest(3)
    assert top["start"].iloc[0] == pd.Timestamp("2008-05-20") and top["length"].iloc[0] == 13
    assert set(top["length"].iloc[1:]) == {10}


def test_rut_prior_peak_is_the_2021_11_08_close(real):
    b = breakout.analyse(real["^RUT"].loc[:"2026-01-15"], "2022-01-01", name="^RUT")
    assert b.peak_date == pd.Timestamp("2021-11-08")
    assert b.peak == pytest.approx(2442.74, abs=0.005)
    assert b.breakout_date == pd.Timestamp("2025-09-18")
    assert b.breakout_close == pytest.approx(2467.70, abs=0.005)
    assert b.pct_above == pytest.approx(100 * (2674.56 / 2442.74 - 1), abs=0.01)
    assert b.status == "above"
    near_miss = real["^RUT"].loc["2024-11-25"]
    assert 2442.0 < near_miss < b.peak  # came within a point in Nov 2024, not above


def test_scorecard_on_real_data_as_of_2026_01_15(real):
    streak, brk = rules.evaluate(rules.SMALL_CAPS, real, as_of="2026-01-15")
    assert streak.value == 10 and streak.status == "confirming"
    assert "longest since 2008-06-06" in streak.detail
    assert brk.status == "confirming" and brk.value == pytest.approx(9.49, abs=0.01)
    assert "2,442.74 on 2021-11-08" in brk.detail


def test_rut_against_the_large_cap_benchmarks_as_far_back_as_the_files_go(real):
    gspc = streaks.compute_streaks(real["^RUT"], real["^GSPC"])
    assert gspc.first_date == pd.Timestamp("2000-01-03")
    assert gspc.last_date == pd.Timestamp("2022-11-18")  # the real ^GSPC file ends there
    top = gspc.longest(1).iloc[0]
    assert (top["start"], top["length"]) == (pd.Timestamp("2008-05-20"), 13)
    spy = streaks.compute_streaks(real["^RUT"].loc[:"2026-01-15"], real["SPY"], small_name="^RUT")
    assert spy.current == 10
    assert spy.longest_since == pd.Timestamp("2010-02-23") and spy.longest_since_length == 10


def test_page_renders_real_pairs(market_data, monkeypatch):
    monkeypatch.setenv("ROTATION_DATA_DIR", str(market_data))
    monkeypatch.setenv("ROTATION_SOURCES", "csvdir")
    for query in ({}, {"pair": "^RUT", "bench": "^GSPC", "range": "Max"}):
        at = AppTest.from_file(APP, default_timeout=90)
        for k, v in query.items():
            at.query_params[k] = v
        at.switch_page("pages/small_caps.py").run()
        assert not at.exception, [e.value for e in at.exception]
        assert not any("Demo data" in w.value for w in at.warning)
        assert len(at.get("plotly_chart")) == 4
        labels = {m.label for m in at.metric}
        assert "Current outperformance streak" in labels
