"""One window per view (issue 17): every chart of a view covers the same dates, counted back
from the view's last date, not each from its own series' last date (each Global chart's "1Y"
covered a different year)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from dashboard.data.load import fetch_series
from dashboard.state import ViewState
from dashboard.views import global_view
from dashboard.views.common import period_start
from dashboard.views.model import Chart

TODAY = date(2026, 3, 2)


@pytest.fixture(scope="module")
def demo():
    return fetch_series(global_view.IDS)  # conftest: the demo source only


def charts(model) -> dict[str, Chart]:
    sections = [model.gdp, model.copper, *model.levels]
    return {s.chart.key: s.chart for s in sections if isinstance(s.chart, Chart)}


@pytest.mark.parametrize("preset", ["1Y", "3M", "YTD"])
def test_every_global_chart_covers_the_same_window(demo, preset):
    model = global_view.build(demo, ViewState(range_preset=preset), TODAY)
    got = charts(model)
    # GDP's newest quarter is 2025Q3: a window from mid-October or January holds none
    quarterly = {"global_gdp"} if preset == "1Y" else set()
    assert set(got) == {"global_copper", "global_DTWEXBGS", "global_DFII10"} | quarterly
    # the demo's newest observation is HG=F's last close (2026-01-16): every window ends there
    lo, hi = model.window
    assert hi == date(2026, 1, 16)
    assert lo == ViewState(range_preset=preset).window(date(1950, 1, 1), hi)[0]
    for key, chart in got.items():
        first, last = chart.data.index.min(), chart.data.index.max()
        start = {"global_gdp": period_start(lo, "Q"), "global_copper": period_start(lo, "M")}
        assert first >= start.get(key, pd.Timestamp(lo)), key
        assert last <= pd.Timestamp(hi), key
        # the axis spans the window, not only the data (a series ending early is seen to)
        assert pd.Timestamp(chart.figure.layout.xaxis.range[1]) == pd.Timestamp(hi), key
    # the daily charts start within a few sessions of the window's start, the GDP bars with the
    # quarter holding it: not a year earlier because GDP's own last quarter is older
    for key in ("global_DTWEXBGS", "global_DFII10"):
        assert got[key].data.index.min() - pd.Timestamp(lo) < pd.Timedelta(days=5), key
    if quarterly:
        assert got["global_gdp"].data.index.min() == period_start(lo, "Q")
    else:
        assert model.gdp.chart.text.startswith(f"No quarters between {lo} and {hi}")
    assert model.window_note.startswith(f"Every chart: {lo:%Y-%m-%d} to 2026-01-16")
