"""Small-caps figure builders: traces, shaded streaks, marks, downsampling."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.charts import small_caps as charts
from dashboard.charts.base import MAX_POINTS
from dashboard.signals import breakout, relative, streaks


def prices(n, seed, drift=0.0):
    days = pd.bdate_range("2015-01-02", periods=n)
    rng = np.random.default_rng(seed)
    return pd.Series(100 * np.exp(np.cumsum(rng.normal(drift, 0.01, n))), index=days)


def vrects(fig):
    return [s for s in fig.layout.shapes if s.type == "rect"]


def test_ratio_figure_shades_streaks_inside_the_window_and_marks_dates():
    a, b = prices(300, 1), prices(300, 2)
    result = streaks.compute_streaks(a, b)
    line = relative.ratio(a, b)
    window = line.iloc[100:200]
    spans = result.periods(3)
    inside = [p for p in spans if p[1] >= window.index[0] and p[0] <= window.index[-1]]
    assert inside, "the seeds should give at least one 3+ streak in the window"
    marks = {"prior peak": window.index[10], "breakout": a.index[250]}  # the 2nd is outside
    fig = charts.ratio_figure(
        window,
        relative.moving_average(line, 20).iloc[100:200],
        name="A / B",
        streaks=spans,
        current=(window.index[-3], window.index[-1]),
        marks=marks,
    )
    assert [t.name for t in fig.data] == ["A / B", "moving average"]
    rects = vrects(fig)
    assert len(rects) == len(inside) + 1  # plus the current streak
    for r in rects:  # clipped to the window
        assert pd.Timestamp(r.x0) >= window.index[0] and pd.Timestamp(r.x1) <= window.index[-1]
    assert rects[-1].fillcolor == charts.CURRENT_SHADE
    lines = [s for s in fig.layout.shapes if s.type == "line"]
    assert len(lines) == 1 and pd.Timestamp(lines[0].x0) == window.index[10]
    assert [a.text for a in fig.layout.annotations] == ["prior peak"]


def test_long_series_are_downsampled_for_display():
    a, b = prices(10_000, 3), prices(10_000, 4)
    line = relative.ratio(a, b)
    fig = charts.ratio_figure(line, relative.moving_average(line, 50), name="r")
    assert all(len(t.x) <= MAX_POINTS for t in fig.data)
    rebased = relative.rebase(pd.concat({"a": a, "b": b}, axis=1))
    fig = charts.rebased_figure(rebased)
    assert [t.name for t in fig.data] == ["a", "b"] and all(
        len(t.x) <= MAX_POINTS for t in fig.data
    )
    assert fig.data[0].y[0] == 100.0


def test_relative_returns_figure_has_one_line_per_horizon():
    a, b = prices(200, 5), prices(200, 6)
    frame = pd.DataFrame({f"{n} sessions": relative.relative_return(a, b, n) for n in (5, 20, 60)})
    fig = charts.relative_returns_figure(frame)
    assert [t.name for t in fig.data] == ["5 sessions", "20 sessions", "60 sessions"]


def test_breakout_figure_marks_peak_level_and_breakout():
    closes = pd.Series(
        [90.0, 100.0, 95.0, 80.0, 101.0, 104.0], index=pd.bdate_range("2021-12-28", periods=6)
    )
    b = breakout.analyse(closes, "2021-12-31")
    fig = charts.breakout_figure(
        b.state, name="RUT", peak=b.peak, peak_date=b.peak_date, breakout_date=b.breakout_date
    )
    names = [t.name for t in fig.data]
    assert names[0] == "RUT" and "running high" in names
    assert "prior peak 2021-12-29: 100.00" in names
    assert "breakout 2022-01-03" in names
    marker = next(t for t in fig.data if t.name == "breakout 2022-01-03")
    assert list(marker.y) == [101.0]
    assert names[-1] == "drawdown from running high"
    # without a prior peak: no level line, no markers
    none = charts.breakout_figure(
        b.state, name="RUT", peak=None, peak_date=None, breakout_date=None
    )
    assert [t.name for t in none.data] == ["RUT", "running high", "drawdown from running high"]
