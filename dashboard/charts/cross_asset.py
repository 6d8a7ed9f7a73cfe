"""Figures for the cross-asset view: rebased performance, the RRG, lead-lag heatmap, event study.

Builders take data computed by :mod:`dashboard.signals.rrg`, :mod:`dashboard.signals.leadlag`
and :mod:`dashboard.signals.events` and return a ``go.Figure``; no math beyond layout.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.charts.base import base_layout, line_figure, log_switch
from dashboard.charts.colors import NEUTRAL, ticker_color, ticker_colors

QUADRANT_FILL = {
    "leading": "rgba(22,163,74,0.10)",
    "weakening": "rgba(245,158,11,0.10)",
    "lagging": "rgba(220,38,38,0.10)",
    "improving": "rgba(59,130,246,0.10)",
}


def performance_figure(rebased: pd.DataFrame, *, height: int = 380) -> go.Figure:
    """Each asset rebased to 100 at its first close in the window, in its own colour; a log
    axis by default (crypto's range), with a Linear / Log switch."""
    fig = line_figure(
        rebased,
        y_title="rebased (100 = first close in window)",
        height=height,
        colors=ticker_colors(rebased.columns),
    )
    fig.add_hline(y=100, line=dict(width=1, dash="dot", color=NEUTRAL))
    return log_switch(fig, log=True)


#: Rough size of a label's character and line on a chart, in pixels (11 px font).
CHAR_PX = 7.0
LINE_PX = 15.0
#: Width assumed for a full-width plot area when placing labels (a narrow one: labels placed
#: apart there stay apart on a wider screen, where the points spread out).
PLOT_WIDTH_PX = 760.0
#: The size of the newest point's marker on the rotation graph.
HEAD_SIZE = 13


@dataclass(frozen=True, slots=True)
class Box:
    """A label's or a marker's box in pixels (x to the right, y downwards)."""

    x0: float
    y0: float
    x1: float
    y1: float

    def overlap(self, other: Box) -> float:
        w = min(self.x1, other.x1) - max(self.x0, other.x0)
        h = min(self.y1, other.y1) - max(self.y0, other.y0)
        return max(w, 0.0) * max(h, 0.0)


def _centred(x: float, y: float, width: float, height: float) -> Box:
    return Box(x - width / 2, y - height / 2, x + width / 2, y + height / 2)


def label_offsets(
    points: list[tuple[float, float]],
    texts: list[str],
    *,
    size: tuple[float, float],
    marker: float = HEAD_SIZE,
    obstacles: list[tuple[float, float]] = (),
) -> list[tuple[float, float]]:
    """Where to put each point's label, as a pixel offset (dx, dy; y downwards) from the
    point, so that no label covers another label or any point's marker, and as little as
    possible of the other ``obstacles`` (points of the tails and their lines, in pixels).

    ``points`` are in pixels of a plot of ``size`` (width, height). Greedy, points in order:
    the first free spot of eight around the point (above, below, right, left, the corners),
    then the same eight further out, twice (the label is tied to its point by a line); when
    nothing is free, the spot with the least overlap. Labels stay inside the plot.
    """
    width, height = size
    markers = [_centred(x, y, marker, marker) for x, y in points]
    dots = [_centred(x, y, 5, 5) for x, y in obstacles]
    placed: list[Box] = []
    offsets: list[tuple[float, float]] = []
    for (x, y), text in zip(points, texts, strict=True):
        w, h = CHAR_PX * len(text) + 6, LINE_PX
        near = [
            (0, -(h + marker) / 2 - 1),
            (0, (h + marker) / 2 + 1),
            ((w + marker) / 2 + 2, 0),
            (-(w + marker) / 2 - 2, 0),
            ((w + marker) / 2, -(h + marker) / 2),
            (-(w + marker) / 2, -(h + marker) / 2),
            ((w + marker) / 2, (h + marker) / 2),
            (-(w + marker) / 2, (h + marker) / 2),
        ]
        candidates = near + [(dx * f, dy * f) for f in (2.2, 3.6) for dx, dy in near]
        best, best_cost = candidates[0], math.inf
        for dx, dy in candidates:
            box = _centred(x + dx, y + dy, w, h)
            outside = box.x0 < 0 or box.y0 < 0 or box.x1 > width or box.y1 > height
            # labels and markers must stay clear; a tail under a label only blurs it
            cost = 100 * sum(box.overlap(b) for b in (*placed, *markers))
            cost += sum(box.overlap(d) for d in dots) + (1e9 if outside else 0.0)
            if cost < best_cost:
                best, best_cost = (dx, dy), cost
            if cost == 0:
                break
        placed.append(_centred(x + best[0], y + best[1], w, h))
        offsets.append(best)
    return offsets


def rrg_figure(table: pd.DataFrame, *, height: int = 520) -> go.Figure:
    """RS-Ratio (x) against RS-Momentum (y), one tail per asset, quadrants shaded and named.

    ``table`` is :func:`dashboard.signals.rrg.rrg_table` output (``asset``, ``date``,
    ``rs_ratio``, ``rs_momentum``, ``quadrant``, ``step``); the latest point is the big marker."""
    fig = go.Figure()
    if table.empty:
        return base_layout(fig, height=height)
    x, y = table["rs_ratio"].to_numpy(), table["rs_momentum"].to_numpy()
    span = max(1.0, float(np.nanmax(np.abs(np.r_[x - 100, y - 100])))) * 1.15
    lo, hi = 100 - span, 100 + span
    for name, (x0, x1, y0, y1) in {
        "leading": (100, hi, 100, hi),
        "weakening": (100, hi, lo, 100),
        "lagging": (lo, 100, lo, 100),
        "improving": (lo, 100, 100, hi),
    }.items():
        fig.add_shape(
            type="rect",
            x0=x0,
            x1=x1,
            y0=y0,
            y1=y1,
            fillcolor=QUADRANT_FILL[name],
            line_width=0,
            layer="below",
        )
        fig.add_annotation(
            x=x1 if x1 > 100 else x0,
            y=y1 if y1 > 100 else y0,
            text=name.capitalize(),
            showarrow=False,
            xanchor="right" if x1 > 100 else "left",
            yanchor="top" if y1 > 100 else "bottom",
            font=dict(size=12, color=NEUTRAL),
        )
    names = list(dict.fromkeys(table["asset"]))
    heads, tails = [], []
    for name in names:
        path = table[table["asset"] == name].sort_values("step")
        color = ticker_color(name)
        sizes = np.where(path["step"].to_numpy() == 0, HEAD_SIZE, 6)
        fig.add_trace(
            go.Scatter(
                x=path["rs_ratio"],
                y=path["rs_momentum"],
                mode="lines+markers",
                name=name,
                line=dict(width=1.5, color=color),
                marker=dict(size=sizes, color=color),
                customdata=np.c_[path["date"].dt.strftime("%Y-%m-%d"), path["quadrant"]],
                hovertemplate=f"<b>{name}</b> %{{customdata[0]}}<br>RS-Ratio %{{x:.2f}}<br>"
                "RS-Momentum %{y:.2f}<br>%{customdata[1]}<extra></extra>",
            )
        )
        heads.append((name, float(path["rs_ratio"].iloc[-1]), float(path["rs_momentum"].iloc[-1])))
        tails.append(path[["rs_ratio", "rs_momentum"]].to_numpy(dtype="float64"))
    _label_heads(fig, heads, tails, (lo, hi), height)
    fig = base_layout(fig, height=height)
    fig.update_layout(hovermode="closest")
    fig.update_xaxes(title_text="RS-Ratio (trend of relative strength)", range=[lo, hi])
    fig.update_yaxes(title_text="RS-Momentum (its rate of change)", range=[lo, hi])
    return fig


def _label_heads(fig: go.Figure, heads, tails, span: tuple[float, float], height: int) -> None:
    """Name each asset at its newest point, placed by :func:`label_offsets` so that no two
    names overlap and the tails cross them as little as possible (a name further out is tied
    to its point by a thin line)."""
    lo, hi = span
    plot_h = height - 110  # the figure's margins, the legend and the axis titles
    scale_x, scale_y = PLOT_WIDTH_PX / (hi - lo), plot_h / (hi - lo)

    def px(x: float, y: float) -> tuple[float, float]:
        return (x - lo) * scale_x, (hi - y) * scale_y

    points = [px(x, y) for _, x, y in heads]
    trail = []  # the tails' points and points along their lines, every few pixels
    for path in tails:
        corners = [px(x, y) for x, y in path]
        for (x0, y0), (x1, y1) in zip(corners, corners[1:], strict=False):
            steps = max(1, int(math.hypot(x1 - x0, y1 - y0) // 6))
            trail += [
                (x0 + (x1 - x0) * i / steps, y0 + (y1 - y0) * i / steps) for i in range(steps)
            ]
        trail += corners[-1:]
    offsets = label_offsets(
        points, [n for n, _, _ in heads], size=(PLOT_WIDTH_PX, plot_h), obstacles=trail
    )
    for (name, x, y), (dx, dy) in zip(heads, offsets, strict=True):
        far = math.hypot(dx, dy) > 24  # beyond the nearest spots: tie the name to its point
        fig.add_annotation(
            x=x,
            y=y,
            ax=dx,
            ay=dy,
            text=name,
            showarrow=True,
            arrowhead=0,
            arrowwidth=1,
            arrowcolor=ticker_color(name) if far else "rgba(0,0,0,0)",
            standoff=HEAD_SIZE / 2,
            font=dict(size=11, color=ticker_color(name)),
            name="asset label",
        )


def leadlag_heatmap(matrix: pd.DataFrame, *, lead: str, unit: str = "sessions", height=None):
    """Correlation of the lead asset's return at t with each asset's return at t+k."""
    z = matrix.to_numpy(dtype="float64")
    lags = [int(c) for c in matrix.columns]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=lags,
            y=list(matrix.index),
            zmid=0,
            colorscale="RdBu",
            reversescale=True,
            colorbar=dict(title="corr"),
            hovertemplate=f"{lead} at t vs %{{y}} at t%{{x:+d}} {unit}: %{{z:+.3f}}<extra></extra>",
        )
    )
    fig = base_layout(fig, height=height or max(220, 60 + 45 * len(matrix)), legend=False)
    fig.update_layout(hovermode="closest")
    fig.update_xaxes(title_text=f"lag k ({unit}); k > 0: {lead} moves first", showspikes=False)
    return fig


#: Assets per row of the event study's small multiples.
STUDY_COLUMNS = 3


def event_study_figure(table: pd.DataFrame, *, height: int | None = None) -> go.Figure:
    """Mean forward return after the triggers (bars with the bootstrap interval) against the
    baseline (open diamonds), one small panel per asset with the horizons side by side.

    Each panel has its own y scale, and the figure says so: on one shared linear axis BTC-USD's
    +285% (interval to 756%) would flatten every other asset's bars to a few pixels; this way
    every bar reads, and a reader compares assets by their numbers (on the bars and in the
    table), not by bar heights across panels."""
    rows = table.dropna(subset=["mean"])
    assets = list(dict.fromkeys(rows["asset"]))
    horizons = sorted(rows["horizon"].unique()) if len(rows) else []
    columns = max(1, min(len(assets), STUDY_COLUMNS))
    grid_rows = max(1, math.ceil(len(assets) / columns))
    fig = make_subplots(
        rows=grid_rows,
        cols=columns,
        subplot_titles=assets or None,
        horizontal_spacing=0.08,
        vertical_spacing=0.22 / grid_rows + 0.06,
    )
    labels = [f"+{h}" for h in horizons]
    for k, asset in enumerate(assets):
        part = rows[rows["asset"] == asset].set_index("horizon").reindex(horizons)
        row, col = divmod(k, columns)
        cell = dict(row=row + 1, col=col + 1)
        color = ticker_color(asset)
        fig.add_trace(
            go.Bar(
                x=labels,
                y=part["mean"],
                name=asset,
                marker=dict(color=color, line_width=0),
                error_y=dict(
                    type="data",
                    symmetric=False,
                    array=(part["ci_high"] - part["mean"]).to_numpy(),
                    arrayminus=(part["mean"] - part["ci_low"]).to_numpy(),
                    thickness=1.2,
                    color=NEUTRAL,
                ),
                customdata=np.c_[
                    part["n_events"], part["ci_low"], part["ci_high"], part["baseline"]
                ],
                hovertemplate=f"{asset} %{{x}} sessions: mean %{{y:+.2f}}% "
                "(n=%{customdata[0]})<br>95% interval %{customdata[1]:+.2f} .. "
                "%{customdata[2]:+.2f}%<br>baseline %{customdata[3]:+.2f}%<extra></extra>",
            ),
            **cell,
        )
        fig.add_trace(
            go.Scatter(
                x=labels,
                y=part["baseline"],
                mode="markers",
                name=f"{asset} baseline",
                marker=dict(symbol="diamond-open", size=10, color=NEUTRAL, line=dict(width=2)),
                hovertemplate=f"{asset} %{{x}} sessions: baseline %{{y:+.2f}}%<extra></extra>",
            ),
            **cell,
        )
        fig.add_hline(y=0, line=dict(width=1, color=NEUTRAL), **cell)
        episodes = [f"{h}<br>n={int(n)}" if pd.notna(n) else h for h, n in
                    zip(labels, part["n_events"], strict=True)]  # fmt: skip
        fig.update_xaxes(type="category", tickvals=labels, ticktext=episodes, **cell)
    height = height or 110 + 260 * grid_rows
    fig = base_layout(fig, height=height, legend=False)
    fig.update_layout(
        title=dict(
            text="Forward return after the trigger, %, by sessions after it: <b>each asset on "
            "its own scale</b><br><span style='font-size:0.8em'>bars: mean after the trigger, "
            "whiskers: its 95% interval, ◇: the baseline (every session); n: episodes</span>",
            x=0,
            xanchor="left",
            y=1,
            yanchor="top",
            yref="container",
            pad=dict(t=14),
            font=dict(size=14),
        ),
        margin_t=96,
        hovermode="closest",
        bargap=0.35,
    )
    fig.update_xaxes(showspikes=False)
    fig.update_yaxes(ticksuffix="%")
    return fig


def sequence_figure(days: pd.DataFrame, *, horizon: int, height=None) -> go.Figure:
    """Sessions from each trigger (rows) to each asset's own first new high (dots).

    Within a trigger's row each asset has its own lane (a fixed small offset, the same order as
    the legend), so assets that broke out on the same session (often at 0: the trigger itself
    is small caps' new high) sit side by side instead of hiding each other."""
    fig = go.Figure()
    names = list(days.columns)
    labels = list(days.index.strftime("%Y-%m-%d"))
    lanes = max(1, len(names))
    row_px = max(26.0, min(8.0 * lanes + 10.0, 1400.0 / max(1, len(labels))))
    lane = (row_px - 12.0) / lanes / row_px  # in rows: each asset's lane, inside its row
    size = max(5.0, min(9.0, (row_px - 8.0) / lanes + 1.0))
    for k, name in enumerate(names):
        col = days[name]
        offset = (k - (lanes - 1) / 2) * lane
        fig.add_trace(
            go.Scatter(
                x=col.to_numpy(),
                y=np.arange(len(labels)) + offset,
                mode="markers",
                name=name,
                marker=dict(size=size, color=ticker_color(name)),
                customdata=labels,
                hovertemplate=f"{name}: new high %{{x:.0f}} sessions after the "
                "%{customdata} trigger<extra></extra>",
            )
        )
    fig = base_layout(fig, height=height or int(90 + row_px * max(1, len(labels))))
    fig.update_layout(hovermode="closest")
    fig.update_xaxes(title_text="sessions after the trigger", range=[-2, horizon + 2])
    fig.update_yaxes(
        title_text="trigger",
        tickmode="array",
        tickvals=list(range(len(labels))),
        ticktext=labels,
        range=[len(labels) - 0.5, -0.5],
        showgrid=False,
        zeroline=False,
    )
    bands = [  # every other trigger's row shaded, so each dot's row is plain to see
        dict(type="rect", xref="x domain", x0=0, x1=1, yref="y", y0=i - 0.5, y1=i + 0.5,
             fillcolor="rgba(148,163,184,0.12)", line_width=0, layer="below")
        for i in range(0, len(labels), 2)
    ]  # fmt: skip
    fig.update_layout(shapes=bands)
    return fig
