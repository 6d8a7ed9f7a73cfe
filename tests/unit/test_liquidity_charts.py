"""Liquidity figures: the marks a reader relies on are there (peak, turn, pending, best lag)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.charts import liquidity as charts
from dashboard.charts.colors import NEGATIVE, POSITIVE
from dashboard.signals import liquidity as liq


def weekly(values, start="2024-01-03") -> pd.Series:
    return pd.Series(values, index=pd.date_range(start, periods=len(values), freq="7D"))


def annotations(fig) -> list[str]:
    return [a.text for a in fig.layout.annotations]


def test_level_figure_marks_the_peak_and_the_turn():
    s = weekly(list(np.linspace(100, 120, 21)) + [119, 118, 117, 116, 115, 114, 113])
    result = liq.detect_turns(s)
    fig = charts.level_figure(result.state, result.turns, name="MMF_TOTAL")
    texts = annotations(fig)
    assert "peak $120bn (2024-05-22)" in texts
    assert "turn detected 2024-07-03" in texts
    assert len(fig.layout.shapes) == 1  # the span from the peak to the detection


def test_level_figure_skips_marks_outside_the_window():
    s = weekly(list(np.linspace(100, 120, 21)) + [119, 118, 117, 116, 115, 114, 113])
    result = liq.detect_turns(s)
    window = result.state.iloc[:10]  # still rising: its running peak is its last week
    fig = charts.level_figure(window, result.turns, name="MMF_TOTAL")
    assert annotations(fig) == ["peak $109bn (2024-03-06)"]
    assert len(fig.layout.shapes) == 0


def test_level_figure_marks_a_pending_decline():
    s = weekly(list(np.linspace(100, 120, 21)) + [119, 118, 117])
    result = liq.detect_turns(s)
    fig = charts.level_figure(result.state, result.turns, name="x", pending=result.pending)
    assert "decline under way, turn pending until 2024-07-03" in annotations(fig)


def test_flow_bars_are_coloured_by_sign():
    fig = charts.flow_figure(weekly([5.0, -3.0, 0.0]), weekly([1.0, -1.0, np.nan]))
    assert list(fig.data[0].marker.color) == [POSITIVE, NEGATIVE, POSITIVE]


def test_overlay_axes_are_symmetric_around_zero():
    fig = charts.flows_vs_relative_figure(
        weekly([1.0, -2.0]), weekly([10.0, 4.0]), flow_name="a", relative_name="b"
    )
    assert fig.layout.yaxis.range == (-2.1, 2.1)
    assert fig.layout.yaxis2.range == (-10.5, 10.5)


def test_leadlag_highlights_the_best_lag():
    profile = pd.DataFrame(
        {"correlation": [0.1, -0.3, -0.1], "pairs": [50, 49, 48], "band": [0.28, 0.28, 0.28]},
        index=pd.Index([0, 1, 2], name="lag"),
    )
    fig = charts.leadlag_figure(profile, best_lag=1)
    colors = list(fig.data[0].marker.color)
    assert colors[1] == NEGATIVE and colors[0] != NEGATIVE
