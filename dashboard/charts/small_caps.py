"""Figures for the small-caps view: ratio line with streaks, rebased performance, rolling relative
returns, and the breakout above the prior peak.

Builders take data already windowed for display (signals are computed on the full history
first, so a streak that began before the window still shows its true length) and return a
``go.Figure``. Long series are downsampled for display only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.charts.base import (
    NEGATIVE,
    NEUTRAL,
    PALETTE,
    POSITIVE,
    SHADE,
    base_layout,
    in_index,
    line_figure,
    line_trace,
    shade_periods,
)

RATIO_COLOR = PALETTE[0]
MA_COLOR = PALETTE[1]
PEAK_COLOR = PALETTE[1]
BREAKOUT_COLOR = POSITIVE
CURRENT_SHADE = "rgba(22,163,74,0.22)"


def _clip(
    periods: Iterable[tuple[pd.Timestamp, pd.Timestamp]], index: pd.DatetimeIndex
) -> list[tuple[pd.Timestamp, pd.Timestamp]]:
    """Spans overlapping the window, cut to it."""
    if len(index) == 0:
        return []
    lo, hi = index[0], index[-1]
    return [(max(a, lo), min(b, hi)) for a, b in periods if b >= lo and a <= hi]


def _vmark(fig: go.Figure, when: pd.Timestamp, text: str, color: str, row=None) -> None:
    kwargs = {} if row is None else {"row": row, "col": 1}
    fig.add_vline(x=when, line=dict(width=1.2, dash="dash", color=color), **kwargs)
    fig.add_annotation(
        x=when,
        y=1,
        yref="paper",
        text=text,
        showarrow=False,
        xanchor="left",
        yanchor="top",
        font=dict(size=10, color=color),
    )


def ratio_figure(
    ratio: pd.Series,
    moving_average: pd.Series | None,
    *,
    name: str,
    ma_label: str = "moving average",
    streaks: Iterable[tuple[pd.Timestamp, pd.Timestamp]] = (),
    current: tuple[pd.Timestamp, pd.Timestamp] | None = None,
    marks: Mapping[str, pd.Timestamp | None] | None = None,
    height: int = 400,
) -> go.Figure:
    """The ratio line (rising = the small-cap side outperforms) and its moving average.

    ``streaks`` are ``(base, end)`` spans shaded behind the line, ``current`` the ongoing
    streak (shaded green); ``marks`` are labelled vertical lines (e.g. the prior peak and the
    breakout), drawn when inside the window.
    """
    fig = go.Figure()
    fig.add_trace(line_trace(ratio, name, RATIO_COLOR, hover=".4f", hover_label="ratio", width=1.7))
    if moving_average is not None and not moving_average.dropna().empty:
        fig.add_trace(
            line_trace(moving_average, ma_label, MA_COLOR, hover=".4f", width=1.3, dash="dot")
        )
    index = ratio.dropna().index
    shade_periods(fig, _clip(streaks, index), SHADE)
    if current is not None:
        shade_periods(fig, _clip([current], index), CURRENT_SHADE)
    for label, when in (marks or {}).items():
        if in_index(when, index):
            _vmark(fig, when, label, PEAK_COLOR if "peak" in label.lower() else BREAKOUT_COLOR)
    return base_layout(fig, y_title="ratio", height=height)


def rebased_figure(rebased: pd.DataFrame, *, height: int = 360) -> go.Figure:
    """Each column rebased to 100 at the window start (index points)."""
    fig = line_figure(rebased, y_title="rebased, 100 at start", height=height, hover_format=".1f")
    fig.add_hline(y=100, line=dict(width=1, color=NEUTRAL, dash="dot"))
    return fig


def relative_returns_figure(relative: pd.DataFrame, *, height: int = 320) -> go.Figure:
    """Rolling relative returns (%), one line per horizon, with the zero line."""
    fig = line_figure(relative, y_title="relative return, %", height=height, hover_format="+.2f")
    fig.add_hline(y=0, line=dict(width=1, color=NEUTRAL))
    return fig


def breakout_figure(
    state: pd.DataFrame,
    *,
    name: str,
    peak: float | None,
    peak_date: pd.Timestamp | None,
    breakout_date: pd.Timestamp | None,
    cutoff: pd.Timestamp | None = None,
    height: int = 460,
) -> go.Figure:
    """Close, running high and the prior-peak level, with the drawdown underneath.

    ``state`` is :attr:`dashboard.signals.breakout.Breakout.state` for the window shown
    (columns ``close``, ``running_high``, ``drawdown_pct``).
    """
    fig = make_subplots(
        rows=2, cols=1, shared_xaxes=True, row_heights=[0.7, 0.3], vertical_spacing=0.04
    )
    fig.add_trace(
        line_trace(state["close"], name, RATIO_COLOR, hover=",.2f", hover_label="close"),
        row=1,
        col=1,
    )
    fig.add_trace(
        line_trace(
            state["running_high"], "running high", NEUTRAL, hover=",.2f", width=1.0, dash="dot"
        ),
        row=1,
        col=1,
    )
    index = state.index
    if peak is not None and len(index):
        label = "prior peak" if peak_date is None else f"prior peak {peak_date:%Y-%m-%d}"
        fig.add_trace(
            go.Scatter(
                x=[index[0], index[-1]],
                y=[peak, peak],
                name=f"{label}: {peak:,.2f}",
                mode="lines",
                line=dict(width=1.2, color=PEAK_COLOR, dash="dash"),
                hoverinfo="skip",
            ),
            row=1,
            col=1,
        )
    if in_index(peak_date, index) and peak is not None:
        fig.add_trace(
            go.Scatter(
                x=[peak_date],
                y=[peak],
                name="prior peak",
                mode="markers",
                marker=dict(size=9, color=PEAK_COLOR, symbol="diamond"),
                hovertemplate="%{x|%Y-%m-%d}: %{y:,.2f}<extra>prior peak</extra>",
                showlegend=False,
            ),
            row=1,
            col=1,
        )
    if in_index(breakout_date, index):
        value = float(state["close"].loc[breakout_date])
        fig.add_trace(
            go.Scatter(
                x=[breakout_date],
                y=[value],
                name=f"breakout {breakout_date:%Y-%m-%d}",
                mode="markers",
                marker=dict(size=11, color=BREAKOUT_COLOR, symbol="triangle-up"),
                hovertemplate="%{x|%Y-%m-%d}: %{y:,.2f}<extra>first close above</extra>",
            ),
            row=1,
            col=1,
        )
    if in_index(cutoff, index):
        fig.add_vline(x=cutoff, line=dict(width=1, dash="dot", color=NEUTRAL), row=1, col=1)
    fig.add_trace(
        line_trace(
            state["drawdown_pct"],
            "drawdown from running high",
            NEGATIVE,
            hover=".2f",
            suffix="%",
            hover_label="drawdown",
            width=1.0,
            fill="tozeroy",
        ),
        row=2,
        col=1,
    )
    base_layout(fig, height=height)
    fig.update_yaxes(title_text=name, row=1, col=1)
    fig.update_yaxes(title_text="drawdown, %", row=2, col=1)
    return fig
