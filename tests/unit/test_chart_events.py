"""Event markers on charts: one dotted line per event date in the window (per panel), none
outside it, labels once at the top in paper units, nothing at all with the toggle off."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from dashboard.charts import cross_asset, liquidity, small_caps
from dashboard.charts.base import NEUTRAL, add_events, event_label_sides, line_figure
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
    return [a for a in fig.layout.annotations if a.textangle == -90]


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
    assert all(a.yref == "paper" and a.y == 1 for a in labels)
    assert all(a.xanchor == "right" for a in labels)  # left of the line: inside the plot
    assert labels[0].text == "November event"
    assert len(labels[1].text) == 40 and labels[1].text.endswith("…")  # truncated...
    assert "x" * 60 in labels[1].hovertext and "capex" in labels[1].hovertext  # ...not lost


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
    assert len(bundled) > len(dates) >= 2  # same-day events share one marker
    assert sorted(pd.Timestamp(s.x0) for s in event_lines(on.figure)) == dates
    # 2026-01-14 and -15 are closer than 2% of the window: labels either side, not overprinted
    assert [(pd.Timestamp(a.x), a.xanchor) for a in event_labels(on.figure)] == [
        (dates[0], "right"),
        (dates[1], "left"),
    ]
    assert all(" +" in a.text and a.text.endswith(" more") for a in event_labels(on.figure))
    assert all(len(a.text) <= 40 for a in event_labels(on.figure))  # shortened, the count kept
    # the caption fragment counts events, not markers, after the chart's own note
    assert on.note == (
        f"Note. Events marked: {len(bundled)} (see the event timeline for dates and sources)."
    )
    assert "no events" in timeline.note(date(2020, 1, 1), date(2020, 12, 31))


def test_label_sides_split_close_dates_and_fold_the_middle():
    d = pd.Timestamp
    start, end = d("2025-01-01"), d("2025-04-11")  # 100 days: the 2% gap is 2 days
    dates = [d("2025-01-20"), d("2025-02-10"), d("2025-02-11"), d("2025-03-01")]
    assert event_label_sides(dates, start, end) == ["left", "left", "right", "left"]
    # three within the gap of each other: first left, last right, the middle unlabelled
    close = [d("2025-02-10"), d("2025-02-11"), d("2025-02-12")]
    assert event_label_sides(close, start, end) == ["left", None, "right"]
    # a cluster ending on the window's last day has no room on the right (< 0.5 day)
    assert event_label_sides([d("2025-04-10"), d("2025-04-11")], start, end) == ["left", None]
    # a chain: each step under the gap keeps the cluster going
    chain = [d("2025-02-10"), d("2025-02-11 12:00"), d("2025-02-13")]
    assert event_label_sides(chain, start, end) == ["left", None, "right"]
    assert event_label_sides([], start, end) == []


def test_folded_dates_keep_their_titles_in_the_hover():
    frame = pd.DataFrame(
        {
            "date": pd.to_datetime(["2025-11-03", "2025-11-04", "2025-11-05"]),
            "title": ["first", "middle", "last"],
            "category": ["a", "b", "c"],
        }
    )
    fig = add_events(plain(), frame, DAYS[0], DAYS[-1])
    assert len(event_lines(fig)) == 3  # every date keeps its line
    labels = event_labels(fig)
    assert [a.text for a in labels] == ["first", "last"]
    assert "2025-11-04: middle (b)" in labels[0].hovertext
