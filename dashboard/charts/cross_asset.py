"""Figures for the cross-asset view: rebased performance, the RRG, lead-lag heatmap, event study.

Builders take data computed by :mod:`dashboard.signals.rrg`, :mod:`dashboard.signals.leadlag`
and :mod:`dashboard.signals.events` and return a ``go.Figure``; no math beyond layout.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.base import NEUTRAL, base_layout, color_for, line_figure

QUADRANT_FILL = {
    "leading": "rgba(22,163,74,0.10)",
    "weakening": "rgba(245,158,11,0.10)",
    "lagging": "rgba(220,38,38,0.10)",
    "improving": "rgba(59,130,246,0.10)",
}


def performance_figure(rebased: pd.DataFrame, *, height: int = 380) -> go.Figure:
    """Each asset rebased to 100 at its first close in the window (log axis for crypto's range)."""
    fig = line_figure(rebased, y_title="rebased (100 = first close in window)", height=height)
    fig.add_hline(y=100, line=dict(width=1, dash="dot", color=NEUTRAL))
    fig.update_yaxes(type="log")
    return fig


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
    for name in names:
        path = table[table["asset"] == name].sort_values("step")
        color = color_for(name, names)
        sizes = np.where(path["step"].to_numpy() == 0, 13, 6)
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
        last = path.iloc[-1]
        fig.add_annotation(
            x=last["rs_ratio"],
            y=last["rs_momentum"],
            text=name,
            showarrow=False,
            yshift=12,
            font=dict(size=11, color=color),
        )
    fig = base_layout(fig, height=height)
    fig.update_layout(hovermode="closest")
    fig.update_xaxes(title_text="RS-Ratio (trend of relative strength)", range=[lo, hi])
    fig.update_yaxes(title_text="RS-Momentum (its rate of change)", range=[lo, hi])
    return fig


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


def event_study_figure(table: pd.DataFrame, *, height: int = 420) -> go.Figure:
    """Mean forward return after the triggers (bars with bootstrap CI) against the baseline
    (diamonds), per asset, one group per horizon; ``n`` episodes on each bar."""
    fig = go.Figure()
    rows = table.dropna(subset=["mean"])
    horizons = sorted(rows["horizon"].unique()) if len(rows) else []
    assets = list(dict.fromkeys(rows["asset"]))
    for i, h in enumerate(horizons):
        part = rows[rows["horizon"] == h].set_index("asset").reindex(assets)
        color = color_for(str(h), [str(v) for v in horizons])
        fig.add_trace(
            go.Bar(
                x=assets,
                y=part["mean"],
                name=f"+{h} sessions after trigger",
                marker=dict(color=color),
                offsetgroup=str(i),
                error_y=dict(
                    type="data",
                    symmetric=False,
                    array=(part["ci_high"] - part["mean"]).to_numpy(),
                    arrayminus=(part["mean"] - part["ci_low"]).to_numpy(),
                    thickness=1.2,
                    color=NEUTRAL,
                ),
                text=[f"n={int(n)}" if pd.notna(n) else "" for n in part["n_events"]],
                textposition="outside",
                customdata=np.c_[
                    part["n_events"], part["ci_low"], part["ci_high"], part["baseline"]
                ],
                hovertemplate=f"%{{x}} +{h}: mean %{{y:+.2f}}% (n=%{{customdata[0]}})<br>"
                "CI %{customdata[1]:+.2f} .. %{customdata[2]:+.2f}%<br>"
                "baseline %{customdata[3]:+.2f}%<extra></extra>",
            )
        )
        fig.add_trace(
            go.Scatter(
                x=assets,
                y=part["baseline"],
                mode="markers",
                name=f"+{h} baseline (all sessions)",
                marker=dict(
                    symbol="diamond", size=9, color=color, line=dict(width=1, color="#000")
                ),
                offsetgroup=str(i),
                hovertemplate=f"%{{x}} +{h}: baseline %{{y:+.2f}}%<extra></extra>",
            )
        )
    fig = base_layout(fig, y_title="forward return, %", height=height)
    fig.update_layout(barmode="group", scattermode="group", hovermode="closest")
    fig.add_hline(y=0, line=dict(width=1, color=NEUTRAL))
    return fig


def sequence_figure(days: pd.DataFrame, *, horizon: int, height=None) -> go.Figure:
    """Sessions from each trigger (rows) to each asset's own first new high (dots)."""
    fig = go.Figure()
    names = list(days.columns)
    labels = days.index.strftime("%Y-%m-%d")
    for name in names:
        col = days[name]
        fig.add_trace(
            go.Scatter(
                x=col.to_numpy(),
                y=labels,
                mode="markers",
                name=name,
                marker=dict(size=10, color=color_for(name, names)),
                hovertemplate=f"{name}: new high %{{x:.0f}} sessions after the %{{y}} trigger"
                "<extra></extra>",
            )
        )
    fig = base_layout(fig, height=height or max(260, 80 + 22 * len(days)))
    fig.update_layout(hovermode="closest")
    fig.update_xaxes(title_text="sessions after the trigger", range=[-2, horizon + 2])
    fig.update_yaxes(title_text="trigger", type="category", autorange="reversed")
    return fig
