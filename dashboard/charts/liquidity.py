"""Figures for the liquidity view: the wall of cash, its flows, the small-cap overlay, lead-lag.

Builders take data already windowed for display (signals are computed on the full history
first) and return a ``go.Figure``; levels are in USD bn.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
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
    downsample,
    in_index,
    line_trace,
)
from dashboard.signals.liquidity import Turn

LEVEL_COLOR = PALETTE[0]
PEAK_COLOR = PALETTE[1]
TURN_COLOR = NEGATIVE
RELATIVE_COLOR = PALETTE[4]


def level_figure(
    state: pd.DataFrame,
    turns: Sequence[Turn],
    *,
    name: str,
    pending: tuple[pd.Timestamp, pd.Timestamp] | None = None,
    quarterly: bool = False,
    height: int = 400,
) -> go.Figure:
    """The level with its running peak; the current peak and every turn in the window marked.

    ``state`` is :func:`dashboard.signals.liquidity.detect_turns` state for the window shown
    (columns ``level``, ``peak``, ``peak_date``, ``drawdown_pct``, ``turned``). A turn's span
    from the peak to its detection is shaded; the detection date is marked where it happened.
    ``pending`` (``TurnAnalysis.pending``) marks a decline run that is not yet a turn.
    """
    fig = go.Figure()
    level = downsample(state["level"])
    fig.add_trace(
        go.Scatter(
            x=level.index,
            y=level.to_numpy(),
            name=name,
            mode="lines+markers" if quarterly else "lines",
            line=dict(width=2, color=LEVEL_COLOR),
            hovertemplate="$%{y:,.0f}bn<extra>" + name + "</extra>",
        )
    )
    peak = downsample(state["peak"])
    fig.add_trace(
        go.Scatter(
            x=peak.index,
            y=peak.to_numpy(),
            name="Running peak",
            mode="lines",
            line=dict(width=1, dash="dot", color=PEAK_COLOR, shape="hv"),
            hovertemplate="peak $%{y:,.0f}bn<extra></extra>",
        )
    )
    index = state.index
    for turn in turns:
        if not (in_index(turn.peak_date, index) or in_index(turn.detected, index)):
            continue
        fig.add_vrect(
            x0=max(turn.peak_date, index[0]),
            x1=min(turn.detected, index[-1]),
            fillcolor=SHADE,
            line_width=0,
            layer="below",
        )
        if in_index(turn.detected, index):
            fig.add_trace(
                go.Scatter(
                    x=[turn.detected],
                    y=[turn.level],
                    name="Turn detected",
                    mode="markers",
                    marker=dict(symbol="triangle-down", size=13, color=TURN_COLOR),
                    hovertemplate=(
                        f"turn detected {turn.detected:%Y-%m-%d}<br>"
                        f"{turn.decline_pct:+.2f}% from the {turn.peak_date:%Y-%m-%d} peak"
                        "<extra></extra>"
                    ),
                    showlegend=False,
                )
            )
            fig.add_annotation(
                x=turn.detected,
                y=turn.level,
                text=f"turn detected {turn.detected:%Y-%m-%d}",
                showarrow=True,
                arrowhead=0,
                arrowcolor=TURN_COLOR,
                ax=-30,
                ay=40,
                font=dict(size=11, color=TURN_COLOR),
            )
    if pending is not None and in_index(pending[0], index):
        since, confirms_on = pending
        fig.add_trace(
            go.Scatter(
                x=[since],
                y=[state.loc[since, "level"]],
                name="Decline under way",
                mode="markers",
                marker=dict(
                    symbol="triangle-down-open", size=13, color=TURN_COLOR, line=dict(width=2)
                ),
                hovertemplate=(
                    f"below the threshold since {since:%Y-%m-%d}; a turn if it holds until "
                    f"{confirms_on:%Y-%m-%d}<extra></extra>"
                ),
                showlegend=False,
            )
        )
        fig.add_annotation(
            x=since,
            y=state.loc[since, "level"],
            text=f"decline under way, turn pending until {confirms_on:%Y-%m-%d}",
            showarrow=True,
            arrowhead=0,
            arrowcolor=TURN_COLOR,
            ax=-60,
            ay=40,
            xanchor="right",
            font=dict(size=11, color=TURN_COLOR),
        )
    if not state.empty:
        last = state.iloc[-1]
        peak_date = pd.Timestamp(last["peak_date"])
        if in_index(peak_date, index):
            fig.add_trace(
                go.Scatter(
                    x=[peak_date],
                    y=[last["peak"]],
                    name="Peak",
                    mode="markers",
                    marker=dict(symbol="star", size=13, color=PEAK_COLOR),
                    hovertemplate=f"peak {peak_date:%Y-%m-%d}: $%{{y:,.0f}}bn<extra></extra>",
                    showlegend=False,
                )
            )
            fig.add_annotation(
                x=peak_date,
                y=last["peak"],
                text=f"peak ${last['peak']:,.0f}bn ({peak_date:%Y-%m-%d})",
                showarrow=True,
                arrowhead=0,
                arrowcolor=PEAK_COLOR,
                ax=-50,
                ay=-30,
                font=dict(size=11, color=PEAK_COLOR),
            )
    fig = base_layout(fig, y_title="USD bn", height=height)
    fig.update_yaxes(tickprefix="$", tickformat=",.0f")
    return fig


def flow_figure(
    flows: pd.Series, zscores: pd.Series | None = None, *, height: int = 320
) -> go.Figure:
    """Weekly flows (changes in assets, USD bn) as bars, inflows green and outflows red; the
    hover shows the flow z-score when given."""
    s = flows.dropna()
    z = zscores.reindex(s.index) if zscores is not None else pd.Series(np.nan, index=s.index)
    colors = np.where(s.to_numpy() >= 0, POSITIVE, NEGATIVE)
    fig = go.Figure(
        go.Bar(
            x=s.index,
            y=s.to_numpy(),
            marker=dict(color=colors, line_width=0),
            customdata=z.to_numpy(),
            name="Weekly flow",
            hovertemplate="%{y:+,.1f} $bn (z %{customdata:+.1f})<extra>weekly flow</extra>",
        )
    )
    fig = base_layout(fig, y_title="USD bn per week", height=height, legend=False)
    fig.update_layout(bargap=0.1)
    fig.update_yaxes(tickformat=",.0f", zeroline=True, zerolinecolor=NEUTRAL)
    return fig


def flows_vs_relative_figure(
    flows_pct: pd.Series,
    relative_pct: pd.Series,
    *,
    flow_name: str,
    relative_name: str,
    height: int = 360,
) -> go.Figure:
    """MMF flows (% change, left axis) against IWM-vs-SPY relative return (%, right axis); both
    axes are symmetric around zero."""
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    flows = downsample(flows_pct)
    relative = downsample(relative_pct)
    fig.add_trace(
        line_trace(flows, flow_name, LEVEL_COLOR, hover="+.2f", suffix="%", width=1.8),
        secondary_y=False,
    )
    fig.add_trace(
        line_trace(relative, relative_name, RELATIVE_COLOR, hover="+.2f", suffix="%", width=1.8),
        secondary_y=True,
    )
    fig = base_layout(fig, height=height)
    # symmetric ranges put both zero lines at the middle, so the signs can be compared
    for values, secondary, title in (
        (flows, False, "MMF change, %"),
        (relative, True, "IWM vs SPY, %"),
    ):
        extent = float(np.nanmax(np.abs(values.to_numpy()))) if values.notna().any() else 1.0
        extent = 1.05 * extent if extent > 0 else 1.0
        fig.update_yaxes(
            title_text=title,
            range=[-extent, extent],
            secondary_y=secondary,
            zeroline=True,
            zerolinecolor=NEUTRAL,
            tickmode="auto",
            showgrid=not secondary,
        )
    return fig


def leadlag_figure(profile: pd.DataFrame, best_lag: int | None, *, height: int = 320) -> go.Figure:
    """Correlation of weekly flows with IWM-vs-SPY relative return ``k`` weeks later, by lag;
    the dotted lines are the rough 95% band of a zero correlation, the best lag is highlighted."""
    lags = profile.index.to_numpy()
    colors = [NEGATIVE if lag == best_lag else NEUTRAL for lag in lags]
    fig = go.Figure(
        go.Bar(
            x=lags,
            y=profile["correlation"].to_numpy(),
            marker=dict(color=colors, line_width=0),
            customdata=profile["pairs"].to_numpy(),
            name="Correlation",
            hovertemplate="lag %{x} weeks: %{y:+.3f} (%{customdata} pairs)<extra></extra>",
        )
    )
    for sign in (1, -1):
        fig.add_trace(
            go.Scatter(
                x=lags,
                y=sign * profile["band"].to_numpy(),
                mode="lines",
                line=dict(width=1, dash="dot", color=NEUTRAL),
                name="95% band of zero",
                showlegend=sign == 1,
                hoverinfo="skip",
            )
        )
    fig = base_layout(fig, y_title="correlation", height=height)
    fig.update_xaxes(title_text="lag k (weeks): flow in week t vs relative return in week t+k")
    fig.update_layout(hovermode="closest")
    return fig
