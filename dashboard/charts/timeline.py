"""The thesis timeline: one strip per signal, one cell per date, coloured by the status the
scorecard gave it on that date."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.base import base_layout

#: Status -> cell colour: the badge colours of the scorecard, readable on light and dark.
STATUS_COLORS: dict[str, str] = {
    "confirming": "#16a34a",
    "neutral": "#3b82f6",
    "contradicting": "#dc2626",
    "stale": "#f59e0b",
    "unavailable": "#cbd5e1",
}


def status_strips(
    statuses: pd.DataFrame,
    hover: pd.DataFrame,
    labels: Sequence[str],
    *,
    height: int | None = None,
) -> go.Figure:
    """A heatmap of ``statuses`` (index dates, one column per signal, values status names),
    first column on top; ``hover`` (same shape) is the text shown per cell, ``labels`` the
    row names. Statuses not in :data:`STATUS_COLORS` draw as unavailable."""
    order = list(STATUS_COLORS)
    codes = statuses.apply(lambda col: col.map({s: i for i, s in enumerate(order)}))
    codes = codes.fillna(order.index("unavailable")).to_numpy(dtype="float64").T
    n = len(order)
    # a discrete scale: each status owns an equal band of [0, 1]
    scale = []
    for i, status in enumerate(order):
        scale += [[i / n, STATUS_COLORS[status]], [(i + 1) / n, STATUS_COLORS[status]]]
    fig = go.Figure(
        go.Heatmap(
            z=codes,
            x=statuses.index,
            y=list(labels),
            zmin=-0.5,
            zmax=n - 0.5,
            colorscale=scale,
            showscale=False,
            xgap=1,
            ygap=2,
            text=np.asarray(hover.to_numpy(dtype=object).T, dtype=object),
            hovertemplate="%{text}<extra></extra>",
        )
    )
    # legend entries: one invisible marker per status, so the colours are named on the chart
    for status in order:
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                marker=dict(size=10, symbol="square", color=STATUS_COLORS[status]),
                name=status,
                hoverinfo="skip",
            )
        )
    fig = base_layout(fig, height=height or 60 + 26 * len(labels))
    fig.update_yaxes(autorange="reversed", showgrid=False, zeroline=False)
    fig.update_xaxes(showgrid=False, showspikes=False)
    fig.update_layout(hovermode="closest", plot_bgcolor="rgba(0,0,0,0)")
    return fig
