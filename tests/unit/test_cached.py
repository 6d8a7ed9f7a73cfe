"""The page-side cache of signal computations returns exactly what the library computes."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from dashboard import scoring
from dashboard.data import usertables
from dashboard.data.load import fetch_series
from dashboard.signals import scorecard as rules
from dashboard.signals import surprise
from dashboard.ui import cached


def test_cached_composite_equals_the_library_on_microsecond_dates():
    demo = fetch_series(surprise.MACRO_IDS)  # conftest: demo data
    tables = {sid: surprise.surprise_table(demo.get(sid), sid) for sid in surprise.MACRO_IDS}
    grid = pd.bdate_range("2025-06-01", "2026-01-16").as_unit("us")
    expected = surprise.composite_index(tables, grid)
    for _ in range(2):  # a miss, then a hit
        got = cached.composite_index(tables, grid)
        pd.testing.assert_frame_equal(got, expected, check_freq=False, check_index_type=False)
        assert got.index[0] == pd.Timestamp("2025-06-02")


def test_cached_scorecard_sees_a_newly_saved_consensus_row():
    demo = fetch_series(rules.required_series())
    day = date(2026, 1, 16)
    before = {s.id: s for s in cached.scorecard(demo, day, specs=rules.MACRO)}
    assert before == {s.id: s for s in scoring.compute(demo, as_of=day, specs=rules.MACRO)}
    row = pd.DataFrame(
        {
            "indicator": ["GACDFSA066MSFRBPHI"],
            "reference_period": ["2026-01-01"],
            "release_date": ["2026-01-14"],
            "consensus": [20.0],
            "source_note": ["team"],
        }
    )
    assert usertables.save_user_rows(usertables.CONSENSUS, row) == []
    after = {s.id: s for s in cached.scorecard(demo, day, specs=rules.MACRO)}
    assert after["philly_fed_surprise"].value == pytest.approx(12.6 - 20.0)  # replaced -1.6
    assert before["philly_fed_surprise"].value == pytest.approx(12.6 + 1.6)
