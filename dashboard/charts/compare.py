"""Figures for the Compare view: the sidebar's tickers rebased, and their relative strength.

Builders take frames the view computed (one column per ticker) and return a ``go.Figure``.
Each ticker keeps its own colour (:func:`dashboard.charts.colors.ticker_color`, the same on
every view); the benchmark is drawn dashed and the equal-weight average dotted, so they read as
references, not holdings.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.base import base_layout, line_trace, log_switch
from dashboard.charts.colors import NEUTRAL, ticker_color

#: The equal-weight average: a reference line, told apart from the benchmark's dashes.
AVERAGE_STYLE = {"color": "#64748b", "dash": "dot", "width": 2.4}


def _lines(
    frame: pd.DataFrame, dashed: set[str], hover: str, average: str | None = None
) -> go.Figure:
    fig = go.Figure()
    for name in frame.columns:
        if name == average:
            style = AVERAGE_STYLE
        elif name in dashed:
            style = {"color": ticker_color(str(name)), "dash": "dash", "width": 2.2}
        else:
            style = {"color": ticker_color(str(name)), "dash": None, "width": 1.6}
        fig.add_trace(line_trace(frame[name], str(name), hover=hover, **style))
    fig.add_hline(y=100, line=dict(width=1, dash="dot", color=NEUTRAL))
    return fig


def performance_figure(
    rebased: pd.DataFrame,
    *,
    benchmark: str,
    average: str | None = None,
    height: int = 400,
) -> go.Figure:
    """Each column rebased to 100 at the window's first common session; the benchmark dashed,
    the ``average`` column (when there is one) dotted."""
    fig = _lines(rebased, {benchmark}, ".1f", average)
    base_layout(fig, y_title="rebased, 100 at the window start", height=height)
    return log_switch(fig)


def strength_figure(strength: pd.DataFrame, *, benchmark: str, height: int = 360) -> go.Figure:
    """Each ticker's ratio to the benchmark, 100 at the window start: above 100, it has beaten
    the benchmark since then; rising, it is beating it now."""
    fig = _lines(strength, set(), ".1f")
    return base_layout(fig, y_title=f"relative to {benchmark}, 100 at start", height=height)
