"""Figures for the Global view: real GDP growth abroad, copper, the broad dollar, real yields.

Builders take data already cut to what was published by the as-of date and windowed for display
(signals are computed on the full published history first); they return a ``go.Figure``.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.charts.base import base_layout, downsample, line_trace
from dashboard.charts.colors import NEGATIVE, NEUTRAL, POSITIVE, ticker_color

#: A series' identifier on the Global charts (its colour is keyed by it, as a ticker's is).
COPPER_FUTURES = "HG=F"
COPPER_MONTHLY = "PCOPPUSDM"


def gdp_growth_figure(qoq: Mapping[str, pd.Series], *, height: int = 380) -> go.Figure:
    """Grouped bars of q/q real GDP growth (%) per country, one trace per country."""
    fig = go.Figure()
    for name, values in qoq.items():
        s = values.dropna()
        labels = [f"{d.year}Q{d.quarter}" for d in s.index]
        fig.add_trace(
            go.Bar(
                x=s.index,
                y=s.to_numpy(),
                name=name,
                marker_color=ticker_color(name),
                customdata=labels,
                hovertemplate="%{customdata}: %{y:+.2f}% q/q<extra>" + name + "</extra>",
            )
        )
    fig.add_hline(y=0, line=dict(width=1, color=NEUTRAL))
    fig.update_layout(barmode="group", bargap=0.25)
    return base_layout(fig, y_title="% q/q (not annualised)", height=height)


def copper_figure(
    monthly: pd.Series | None, futures: pd.Series | None, *, height: int = 380
) -> go.Figure:
    """Copper in USD per tonne: the IMF monthly average and COMEX futures (converted)."""
    fig = go.Figure()
    if futures is not None and not futures.dropna().empty:
        fig.add_trace(
            line_trace(
                futures,
                "HG=F (COMEX, converted to USD/t)",
                ticker_color(COPPER_FUTURES),
                hover=",.0f",
                prefix="$",
                suffix="/t",
                hover_label="HG=F",
                width=1.4,
            )
        )
    if monthly is not None and not monthly.dropna().empty:
        s = monthly.dropna()
        fig.add_trace(
            go.Scatter(
                x=s.index,
                y=s.to_numpy(),
                name="PCOPPUSDM (IMF monthly average)",
                mode="lines+markers",
                marker=dict(size=4),
                line=dict(width=2, color=ticker_color(COPPER_MONTHLY), shape="hv"),
                hovertemplate="$%{y:,.0f}/t<extra>PCOPPUSDM</extra>",
            )
        )
    return base_layout(fig, y_title="USD per tonne", height=height)


def level_and_change_figure(
    level: pd.Series,
    change: pd.Series,
    *,
    name: str,
    level_title: str,
    change_title: str,
    change_format: str = "+.2f",
    height: int = 460,
) -> go.Figure:
    """A level on top and its rolling change as bars below (positive green, negative red)."""
    fig = make_subplots(
        rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.06, row_heights=[0.65, 0.35]
    )
    fig.add_trace(line_trace(level, name, ticker_color(name)), row=1, col=1)
    c = downsample(change)
    fig.add_trace(
        go.Bar(
            x=c.index,
            y=c.to_numpy(),
            name=change_title,
            marker_color=[POSITIVE if v > 0 else NEGATIVE for v in c.to_numpy()],
            hovertemplate=f"%{{y:{change_format}}}<extra>{change_title}</extra>",
        ),
        row=2,
        col=1,
    )
    base_layout(fig, height=height, legend=False)
    fig.update_yaxes(title_text=level_title, row=1, col=1)
    fig.update_yaxes(title_text=change_title, row=2, col=1)
    return fig
