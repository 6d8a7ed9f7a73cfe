"""Shared chart plumbing: one look, display downsampling, event annotations.

Figures use Streamlit's theme on the page (``theme="streamlit"``), which follows the user's
light or dark setting; here we only pick colours that read on both backgrounds and keep the
layout compact. Long series are downsampled for display only (MinMaxLTTB from
``tsdownsample`` keeps peaks and troughs visible); signals always use the full data.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from tsdownsample import MinMaxLTTBDownsampler

#: Colour per role; medium saturation so lines read on white and on near-black.
PALETTE = (
    "#3b82f6",  # blue
    "#f59e0b",  # amber
    "#10b981",  # emerald
    "#ef4444",  # red
    "#8b5cf6",  # violet
    "#06b6d4",  # cyan
    "#ec4899",  # pink
    "#84cc16",  # lime
    "#f97316",  # orange
    "#64748b",  # slate
    "#14b8a6",  # teal
    "#a855f7",  # purple
)
POSITIVE = "#16a34a"
NEGATIVE = "#dc2626"
NEUTRAL = "#94a3b8"
SHADE = "rgba(59,130,246,0.15)"
#: Points per trace above which a series is downsampled for display.
MAX_POINTS = 1500


def color_for(name: str, names: Iterable[str]) -> str:
    """A stable colour for ``name`` given the ordered list of names on the chart."""
    ordered = list(dict.fromkeys(names))
    return PALETTE[ordered.index(name) % len(PALETTE)] if name in ordered else PALETTE[0]


def in_index(when: pd.Timestamp | None, index: pd.DatetimeIndex) -> bool:
    """Whether ``when`` falls within the first and last date of ``index`` (a mark to draw)."""
    return when is not None and len(index) > 0 and index[0] <= when <= index[-1]


def downsample(series: pd.Series, max_points: int = MAX_POINTS) -> pd.Series:
    """At most ``max_points`` points of ``series`` for display (NaNs dropped first)."""
    s = series.dropna()
    if len(s) <= max_points:
        return s
    x = s.index.asi8 if isinstance(s.index, pd.DatetimeIndex) else np.arange(len(s))
    idx = MinMaxLTTBDownsampler().downsample(x, s.to_numpy(dtype="float64"), n_out=max_points)
    return s.iloc[np.sort(idx.astype(np.int64))]


def base_layout(
    fig: go.Figure,
    *,
    title: str | None = None,
    y_title: str | None = None,
    height: int = 380,
    legend: bool = True,
) -> go.Figure:
    fig.update_layout(
        title=dict(text=title, x=0, xanchor="left", font=dict(size=15)) if title else None,
        height=height,
        margin=dict(l=10, r=10, t=40 if title else 10, b=10),
        hovermode="x unified",
        showlegend=legend,
        legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="right", x=1),
    )
    fig.update_yaxes(title_text=y_title, zeroline=False)
    fig.update_xaxes(showspikes=True, spikemode="across", spikethickness=1)
    return fig


def line_trace(
    series: pd.Series,
    name: str,
    color: str,
    *,
    hover: str = ".2f",
    hover_label: str | None = None,
    width: float = 1.6,
    dash: str | None = None,
    fill: str | None = None,
    prefix: str = "",
    suffix: str = "",
) -> go.Scatter:
    """One line of ``series`` (downsampled for display): the shape every time-series chart uses.
    ``hover`` is the d3 format of the value, between ``prefix`` and ``suffix`` (``$``, ``%``).

    SVG, not WebGL: at most :data:`MAX_POINTS` points a trace draw fast as SVG, while each WebGL
    chart costs a GL context (slow to create without a GPU, and browsers cap their number):
    toggling the date range repainted the Small caps view in 1.1-1.3 s with WebGL lines and
    0.6 s with SVG ones (bench/repaint.py, Chromium, this machine)."""
    s = downsample(series)
    return go.Scatter(
        x=s.index,
        y=s.to_numpy(),
        name=name,
        mode="lines",
        fill=fill,
        line=dict(width=width, color=color, dash=dash),
        hovertemplate=f"{prefix}%{{y:{hover}}}{suffix}<extra>{hover_label or name}</extra>",
    )


def line_figure(
    frame: pd.DataFrame,
    *,
    title: str | None = None,
    y_title: str | None = None,
    height: int = 380,
    hover_format: str = ".2f",
) -> go.Figure:
    """One line per column (downsampled for display)."""
    fig = go.Figure()
    names = [str(c) for c in frame.columns]
    for col in frame.columns:
        fig.add_trace(
            line_trace(frame[col], str(col), color_for(str(col), names), hover=hover_format)
        )
    return base_layout(fig, title=title, y_title=y_title, height=height)


#: Longest event label drawn on a chart (the full text is in the label's hover).
EVENT_LABEL_CHARS = 40
#: Event dates closer than this share of the window would have overlapping labels.
EVENT_LABEL_GAP = 0.02


def short_label(text: str, limit: int = EVENT_LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def event_label_sides(
    dates: Iterable[pd.Timestamp], start, end, min_gap: float = EVENT_LABEL_GAP
) -> list[str | None]:
    """Where each (sorted) event date's rotated label goes: ``"left"`` of its line, ``"right"``
    of it, or ``None`` (no visible label; its text joins the hover of the cluster's first).

    Labels normally sit left of their line, so the newest event's label stays inside the plot.
    Dates closer together than ``min_gap`` x the window form a cluster: its first date is
    labelled on the left, its last on the right (when there is room before the window's end:
    a quarter of ``min_gap``, the rest of the label fits in the figure's right margin),
    and any dates in between have their lines but no text, so no label is crossed by a
    neighbour's line or printed over another label.
    """
    dates = [pd.Timestamp(d) for d in dates]
    lo, hi = pd.Timestamp(start), pd.Timestamp(end)
    gap = max((hi - lo) * min_gap, pd.Timedelta(0))
    sides: list[str | None] = []
    i = 0
    while i < len(dates):
        j = i
        while j + 1 < len(dates) and dates[j + 1] - dates[j] < gap:
            j += 1
        sides.append("left")
        if j > i:
            sides.extend([None] * (j - i - 1))
            # a right-hand label may use the right margin: a quarter of the gap is room enough
            sides.append("right" if hi - dates[j] >= gap / 4 else None)
        i = j + 1
    return sides


def add_events(fig: go.Figure, events: pd.DataFrame, start, end) -> go.Figure:
    """Vertical markers for events (columns ``date``, ``title``, ``category``) in [start, end].

    Works on any figure with a date x axis: a plain one, stacked subplots with a shared x axis
    (one dotted line per panel, so a drawdown panel is marked too), a secondary y axis, a log
    y axis. The lines span each panel's height in axis-domain units (never data units, which a
    log axis would distort); each label sits once at the top of the plot area in paper units,
    at most :data:`EVENT_LABEL_CHARS` long, placed by :func:`event_label_sides` so close dates
    do not overprint; the hover of a label gives the full titles and categories.
    """
    if events is None or events.empty:
        return fig
    lo, hi = pd.Timestamp(start), pd.Timestamp(end)
    window = events[(events["date"] >= lo) & (events["date"] <= hi)].sort_values("date")
    subplots = fig._has_subplots()  # plain figures have no grid to address rows in
    span = {"row": "all", "col": "all", "exclude_empty_subplots": True} if subplots else {}
    labels: list[dict] = []
    sides = event_label_sides(window["date"], lo, hi)
    for side, (_, row) in zip(sides, window.iterrows(), strict=True):
        when = pd.Timestamp(row["date"])
        fig.add_vline(x=when, line=dict(width=1, dash="dot", color=NEUTRAL), **span)
        title = str(row["title"])
        hover = f"{when:%Y-%m-%d}: {title} ({row.get('category', '')})"
        if side is None and labels:
            labels[-1]["hovertext"] += f"<br>{hover}"
            continue
        if side is None:
            continue
        labels.append(
            dict(
                x=when,
                text=short_label(title),
                hovertext=hover,
                xanchor="right" if side == "left" else "left",
            )
        )
    for label in labels:
        fig.add_annotation(
            **label,
            xref="x",
            y=1,
            yref="paper",
            showarrow=False,
            textangle=-90,
            yanchor="top",
            font=dict(size=10, color=NEUTRAL),
        )
    return fig


def shade_periods(
    fig: go.Figure, periods: Iterable[tuple[pd.Timestamp, pd.Timestamp]], color: str = SHADE
) -> go.Figure:
    """Shade [start, end] spans (e.g. outperformance streaks) behind the traces, full height.

    The shapes are added in one layout update: one ``add_vrect`` per span re-validates the
    whole layout each time, which costs seconds over decades of streaks."""
    shapes = [
        dict(
            type="rect",
            xref="x",
            yref="y domain",
            x0=start,
            x1=end,
            y0=0,
            y1=1,
            fillcolor=color,
            line_width=0,
            layer="below",
        )
        for start, end in periods
    ]
    if shapes:
        fig.update_layout(shapes=[*fig.layout.shapes, *shapes])
    return fig
