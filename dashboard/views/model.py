"""The pieces a view model is made of: notices, metric cards, charts, tables.

Plain frozen dataclasses with no Streamlit in them: a view builds them, the page kit
(:mod:`dashboard.ui.kit`) draws them, tests read them. Text in them is final (formatted here,
in the views), so a page never decides wording.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.base import add_events
from dashboard.data.provenance import Provenance
from dashboard.state import LinkParam

NoticeKind = Literal["info", "warning", "error", "success"]


@dataclass(frozen=True, slots=True)
class Notice:
    """A message the page shows as an alert (why a panel is empty, a stale series, ...)."""

    text: str
    kind: NoticeKind = "info"
    icon: str | None = None


@dataclass(frozen=True, slots=True)
class Card:
    """One metric: a label, its value, an optional delta line and hover help."""

    label: str
    value: str
    delta: str | None = None
    #: "normal" (green up), "inverse" (red up), "off" (grey: a plain second line)
    delta_color: Literal["normal", "inverse", "off"] = "off"
    help: str | None = None


@dataclass(frozen=True, slots=True)
class Column:
    """How a table column reads (the kit maps it to Streamlit's column config)."""

    label: str | None = None
    kind: Literal["text", "number", "date", "check"] = "text"
    format: str | None = None  #: printf-style for numbers ("%+.2f"), "percent"
    width: Literal["small", "medium", "large"] | None = None
    help: str | None = None


DATE = Column(kind="date")


@dataclass(frozen=True, slots=True)
class Table:
    key: str
    frame: pd.DataFrame
    columns: Mapping[str, Column] = field(default_factory=dict)
    caption: str = ""
    hide_index: bool = True
    height: int | None = None


@dataclass(frozen=True, slots=True)
class Chart:
    """A figure, the data behind it (the CSV download) and where that data came from."""

    key: str
    figure: go.Figure
    data: pd.DataFrame
    sources: tuple[Provenance, ...]
    note: str = ""  #: what the caption says after the sources


@dataclass(frozen=True, slots=True)
class Setting:
    """One of a page's settings: the ``Params`` field it fills, its widget and its bounds.

    The widget is bound to the URL under its key, so a link carries the setting; ``link()``
    says what a link may hold for it (checked before the widget reads it)."""

    name: str  #: the field of the view's ``Params``
    key: str  #: the widget's key, and its parameter in the URL
    label: str
    default: bool | int | float | date
    min: int | float | date | None = None
    max: int | float | date | None = None
    step: int | float | None = None
    help: str | None = None

    def link(self) -> LinkParam:
        if isinstance(self.default, bool):
            return LinkParam(self.key, "bool")
        if isinstance(self.default, date):
            return LinkParam(self.key, "date", self.min, self.max)
        kind = "int" if isinstance(self.default, int) else "float"
        return LinkParam(self.key, kind, self.min, self.max)


#: A panel's content: a chart, or the notice that says why there is none.
Panel = Chart | Notice


@dataclass(frozen=True, eq=False)
class Timeline:
    """The event timeline to mark on time-series charts (the shared ``events`` toggle on).

    ``events`` has one row per event (``date``, ``title``, ``category``, ...); the charts group
    close ones into one marker for their window. ``stamp`` identifies the table's version (the
    user file's modification time): two timelines with the same stamp are the same, so a view
    model built with one can be reused for the other.
    """

    events: pd.DataFrame
    stamp: tuple = ()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Timeline) and other.stamp == self.stamp

    def __hash__(self) -> int:
        return hash(self.stamp)

    @classmethod
    def from_table(cls, events: pd.DataFrame, stamp: tuple = ()) -> Timeline:
        """From the events table (``date``, ``title``, ``category``, ...)."""
        if events is None or events.empty:
            events = pd.DataFrame(columns=["date", "title", "category"])
        return cls(events.sort_values("date", kind="stable").reset_index(drop=True), stamp)

    def note(self, start: date, end: date) -> str:
        """The caption fragment naming the events in [start, end]."""
        lo, hi = pd.Timestamp(start), pd.Timestamp(end)
        dates = self.events["date"] if not self.events.empty else pd.Series(dtype="datetime64[ns]")
        shown = int(((dates >= lo) & (dates <= hi)).sum())
        if not shown:
            return "Event timeline on: no events in this window."
        return (
            f"Events marked: {shown} (◆ above the plot; close events share one marker with "
            "their count, titles on hover; dates and sources in the event timeline)."
        )


def time_chart(
    key: str,
    figure: go.Figure,
    data: pd.DataFrame,
    sources: Sequence[Provenance],
    *,
    window: tuple[date, date],
    timeline: Timeline | None,
    note: str = "",
) -> Chart:
    """A chart with a time axis: the event markers in ``window`` and their caption note are
    added here, once, for every view (``timeline`` is None when the toggle is off)."""
    if timeline is not None:
        add_events(figure, timeline.events, *window)
        note = " ".join(p for p in (note, timeline.note(*window)) if p)
    return Chart(key, figure, data, tuple(sources), note)


#: How a view runs its heavier computations: ``memo(fn, *args, **kwargs)`` returns
#: ``fn(*args, **kwargs)``. The app passes a cache keyed by the inputs (:mod:`dashboard.ui.cache`);
#: tests and the CLI call straight through.
Memo = Callable[..., Any]


def call(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """The plain :data:`Memo`: compute, keep nothing."""
    return fn(*args, **kwargs)
