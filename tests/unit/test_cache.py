"""The view cache returns exactly what the pure functions compute, and never an answer for other
inputs: another series, another as-of date, a newly saved consensus row."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from dashboard import scoring
from dashboard.data import usertables
from dashboard.data.load import fetch_series
from dashboard.signals import scorecard as rules
from dashboard.signals import surprise
from dashboard.state import ViewState
from dashboard.ui import cache
from dashboard.views import macro


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_memo_equals_the_library_and_a_hit_is_the_same_object():
    demo = fetch_series(surprise.MACRO_IDS)  # conftest: demo data
    tables = {sid: surprise.surprise_table(demo.get(sid), sid) for sid in surprise.MACRO_IDS}
    grid = pd.bdate_range("2025-06-01", "2026-01-16").as_unit("us")
    expected = surprise.composite_index(tables, grid)
    first = cache.memo(surprise.composite_index, tables, grid)
    pd.testing.assert_frame_equal(first, expected)
    assert cache.memo(surprise.composite_index, tables, grid) is first  # a hit: no copy


def test_a_changed_value_or_argument_is_a_new_entry():
    days = pd.bdate_range("2026-01-01", periods=5)
    a = pd.Series([1.0, 2.0, 3.0, 4.0, 5.0], index=days)
    b = a.copy()
    b.iloc[2] = 3.5  # same length, same dates: only a value differs
    assert cache.memo(pd.Series.sum, a) == 15.0
    assert cache.memo(pd.Series.sum, b) == 15.5
    assert cache.memo(pd.Series.rolling, a, 2) is not cache.memo(pd.Series.rolling, a, 3)
    assert cache.key_of(a.rename("x")) != cache.key_of(a)  # the name is part of the key


def test_loaded_data_is_keyed_by_its_provenance_and_values():
    demo = fetch_series(("IWM", "SPY"))
    again = fetch_series(("IWM", "SPY"))
    assert cache.key_of(demo) == cache.key_of(again)
    shifted = type(demo)(
        series={**demo.series, "IWM": demo.series["IWM"] * 1.01},
        provenance=demo.provenance,
        ids=demo.ids,
    )
    assert cache.key_of(shifted) != cache.key_of(demo)


def test_a_saved_consensus_row_reaches_the_macro_view_at_once():
    demo = fetch_series(rules.required_series())
    day = date(2026, 1, 16)
    view = ViewState(as_of=day)

    def philly() -> float:
        model = cache.memo(
            macro.build, demo, view, macro.Params(), day, cache.consensus(), memo=cache.memo
        )
        return next(g for g in model.gauges if g.series_id == surprise.PHILLY).signal.value

    assert philly() == pytest.approx(12.6 + 1.6)
    assert philly() == pytest.approx(
        next(
            s
            for s in scoring.compute(demo, as_of=day, specs=rules.MACRO)
            if s.id == "philly_fed_surprise"
        ).value
    )
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
    assert philly() == pytest.approx(12.6 - 20.0)  # the team's row replaced -1.6
