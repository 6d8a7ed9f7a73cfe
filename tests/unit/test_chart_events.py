"""Event markers on charts: one dotted line per event date in the window (per panel), none
outside it, one marker per cluster of close dates above the plot (count, titles on hover),
nothing at all with the toggle off."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from dashboard.charts import cross_asset, liquidity, small_caps
from dashboard.charts.base import add_events, line_figure
from dashboard.charts.colors import NEUTRAL
from dashboard.data import usertables
from dashboard.signals import breakout
from dashboard.views.model import Timeline, time_chart

DAYS = pd.bdate_range("2025-10-01", "2026-01-16")
EVENTS = pd.DataFrame(
    {
        "date": pd.to_datetime(["2025-09-15", "2025-11-03", "2026-01-14", "2026-02-02"]),
        "title": ["before", "November event", "x" * 60, "after"],
        "category": ["macro", "tariffs", "capex", "macro"],
    }
)
INSIDE = [pd.Timestamp("2025-11-03"), pd.Timestamp("2026-01-14")]


def prices(seed: int, n: int = len(DAYS)) -> pd.Series:
    rng = np.random.default_rng(seed)
    return pd.Series(100 * np.exp(np.cumsum(rng.normal(0, 0.01, n))), index=DAYS[:n])


def event_lines(fig) -> list:
    """The dotted event lines (other vertical and horizontal marks are excluded)."""
    return [
        s
        for s in fig.layout.shapes
        if s.type == "line"
        and s.x0 == s.x1
        and s.line.dash == "dot"
        and s.line.color == NEUTRAL
        and s.yref.endswith("domain")
    ]


def event_labels(fig) -> list:
    """The event markers above the plot."""
    return [a for a in fig.layout.annotations if a.name == "event"]


def plain():
    return line_figure(pd.DataFrame({"a": prices(1), "b": prices(2)}))


def breakout_chart():
    state = breakout.analyse(prices(3), pd.Timestamp("2025-01-01"), name="X").state
    return small_caps.breakout_figure(
        state, name="X", peak=None, peak_date=None, breakout_date=None, cutoff=None
    )


def log_rebased():
    return cross_asset.performance_figure(pd.DataFrame({"a": prices(4), "b": prices(5)}))


def secondary_y():
    return liquidity.flows_vs_relative_figure(
        prices(6) - 100, prices(7) - 100, flow_name="flow", relative_name="rel"
    )


@pytest.mark.parametrize(
    ("build", "panels"), [(plain, 1), (breakout_chart, 2), (log_rebased, 1), (secondary_y, 1)]
)
def test_one_line_per_event_date_per_panel_and_none_outside(build, panels):
    fig = build()
    before = len(fig.layout.shapes)
    add_events(fig, EVENTS, DAYS[0], DAYS[-1])
    lines = event_lines(fig)
    assert len(fig.layout.shapes) == before + len(INSIDE) * panels
    assert len(lines) == len(INSIDE) * panels
    assert sorted({pd.Timestamp(s.x0) for s in lines}) == INSIDE
    # every panel is marked: the lines of one date sit on distinct y axes, in domain units
    for when in INSIDE:
        refs = [s.yref for s in lines if pd.Timestamp(s.x0) == when]
        assert len(set(refs)) == panels
        assert all(s.y0 == 0 and s.y1 == 1 for s in lines)
    labels = event_labels(fig)
    assert [pd.Timestamp(a.x) for a in labels] == INSIDE  # once per date, not per panel
    assert all(a.yref == "paper" and a.y == 1 and a.yanchor == "bottom" for a in labels)
    assert [a.text for a in labels] == ["◆", "◆"]  # a glyph above the plot, no title over data
    assert "2025-11-03: November event (tariffs)" in labels[0].hovertext
    assert "x" * 60 in labels[1].hovertext and "capex" in labels[1].hovertext  # the full title


def test_log_axis_keeps_its_type_and_lines_are_not_in_data_units():
    fig = add_events(log_rebased(), EVENTS, DAYS[0], DAYS[-1])
    assert fig.layout.yaxis.type == "log"
    assert {s.yref for s in event_lines(fig)} == {"y domain"}


def test_window_bounds_are_inclusive_and_empty_inputs_add_nothing():
    fig = add_events(plain(), EVENTS, "2025-11-03", "2025-11-03")
    assert [pd.Timestamp(s.x0) for s in event_lines(fig)] == [pd.Timestamp("2025-11-03")]
    for frame in (None, EVENTS.iloc[0:0]):
        assert len(add_events(plain(), frame, DAYS[0], DAYS[-1]).layout.shapes) == 0
    outside = add_events(plain(), EVENTS, "2025-11-04", "2026-01-13")
    assert event_lines(outside) == [] and event_labels(outside) == []


def test_toggle_off_adds_nothing_and_on_marks_bundled_dates_once():
    window = (DAYS[0].date(), DAYS[-1].date())
    empty = pd.DataFrame()
    off = time_chart("x", breakout_chart(), empty, (), window=window, timeline=None)
    assert event_lines(off.figure) == [] and event_labels(off.figure) == [] and off.note == ""
    timeline = Timeline.from_table(usertables.load(usertables.EVENTS).frame)
    on = time_chart("x", plain(), empty, (), window=window, timeline=timeline, note="Note.")
    frame = timeline.events
    bundled = frame[(frame["date"] >= DAYS[0]) & (frame["date"] <= DAYS[-1])]
    dates = sorted(set(bundled["date"]))
    assert len(bundled) > len(dates) >= 2  # same-day events share one line
    assert sorted(pd.Timestamp(s.x0) for s in event_lines(on.figure)) == dates
    # 2026-01-14 and -15 are closer than 3% of the window: one marker counts them all
    (marker,) = event_labels(on.figure)
    assert marker.text == f"◆ {len(bundled)}"
    assert all(str(t)[:60] in marker.hovertext for t in bundled["title"])
    # the caption fragment counts events, not markers, after the chart's own note
    assert on.note.startswith(f"Note. Events marked: {len(bundled)} (◆ above the plot")
    assert "no events" in timeline.note(date(2020, 1, 1), date(2020, 12, 31))


def test_a_long_list_of_events_is_cut_in_the_hover_not_lost():
    many = pd.DataFrame(
        {
            "date": pd.to_datetime(["2025-11-03"] * 15),
            "title": [f"event {i}" for i in range(15)],
            "category": ["macro"] * 15,
        }
    )
    (marker,) = event_labels(add_events(plain(), many, DAYS[0], DAYS[-1]))
    assert marker.text == "◆ 15"
    assert marker.hovertext.count("<br>2025-11-03: event") == 12
    assert "... and 3 more (see the event timeline)" in marker.hovertext
