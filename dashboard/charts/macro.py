"""Figures for the macro view: a gauge per release, surprise history bars, the composite line.

Builders take values in series units and show them in display units (jobless claims in
thousands, see :class:`dashboard.signals.surprise.Indicator`). Colours follow the sign of the
*surprise* (better than expected = green), never of the raw change: fewer claims than expected
is green.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.base import NEGATIVE, NEUTRAL, PALETTE, POSITIVE, base_layout, downsample
from dashboard.signals.surprise import CONSENSUS, MODEL, Indicator

COMPOSITE_COLOR = PALETTE[0]
#: Model surprises are drawn hatched and lighter, so they can never pass for consensus ones.
MODEL_PATTERN = "/"
MODEL_OPACITY = 0.55


def surprise_color(surprise: float | None) -> str:
    """Green for better than expected, red for worse, grey for none / no expectation."""
    if surprise is None or not math.isfinite(surprise) or surprise == 0:
        return NEUTRAL
    return POSITIVE if surprise > 0 else NEGATIVE


def _fmt(info: Indicator) -> tuple[str, str]:
    """(plotly value format, suffix) in display units."""
    return (".1f", "k") if info.display_scale == 1000 else (".1f", "")


def gauge_range(values: pd.Series, *points: float, quantiles=(0.02, 0.98)) -> tuple[float, float]:
    """A display range for a gauge: the central part of ``values`` widened to hold ``points``,
    padded by 10%; symmetric around zero when the values take both signs (diffusion indices)."""
    clean = pd.to_numeric(values, errors="coerce").dropna()
    finite = [p for p in points if p is not None and math.isfinite(p)]
    if clean.empty and not finite:
        return 0.0, 1.0
    lo_q, hi_q = clean.quantile(list(quantiles)).tolist() if not clean.empty else (min(finite),) * 2
    lo, hi = min([lo_q, *finite]), max([hi_q, *finite])
    if lo < 0 < hi:
        extent = max(abs(lo), abs(hi)) * 1.1
        return -extent, extent
    pad = 0.1 * (hi - lo) if hi > lo else max(abs(hi), 1.0) * 0.1
    return lo - pad, hi + pad


def gauge_figure(
    info: Indicator,
    *,
    actual: float,
    expected: float | None,
    surprise: float | None,
    expectation: str | None,
    period: str,
    history: pd.Series | None = None,
    height: int = 250,
) -> go.Figure:
    """The latest print on a gauge (values in series units, shown in display units).

    The bar is the actual print, coloured by the sign of the surprise; the black tick is the
    expectation; the delta under the number is actual minus expected, coloured green when that
    is better than expected (for claims: when it is negative). ``history`` (series units) sets
    the axis range; the zero line of a diffusion index splits red and green steps.
    """
    fmt, suffix = _fmt(info)
    shown_actual = info.show(actual)
    shown_expected = (
        info.show(expected) if expected is not None and math.isfinite(expected) else None
    )
    hist = info.show(history) if history is not None else pd.Series(dtype="float64")
    lo, hi = gauge_range(
        hist, shown_actual, *([shown_expected] if shown_expected is not None else [])
    )
    steps = []
    if lo < 0 < hi and info.higher_is_better:
        steps = [
            {"range": [lo, 0], "color": "rgba(220,38,38,0.10)"},
            {"range": [0, hi], "color": "rgba(22,163,74,0.10)"},
        ]
    gauge = {
        "axis": {"range": [lo, hi], "tickformat": fmt, "ticksuffix": suffix},
        "bar": {"color": surprise_color(surprise), "thickness": 0.45},
        "steps": steps,
        "borderwidth": 0,
    }
    if shown_expected is not None:
        gauge["threshold"] = {
            "line": {"color": "#111827", "width": 4},
            "thickness": 0.85,
            "value": shown_expected,
        }
    label = {CONSENSUS: "consensus", MODEL: "model expectation"}.get(
        expectation or "", "no expectation"
    )
    sub = f"vs {label} {shown_expected:{fmt}}{suffix}" if shown_expected is not None else label
    indicator = go.Indicator(
        mode="gauge+number+delta" if shown_expected is not None else "gauge+number",
        value=shown_actual,
        number={"valueformat": fmt, "suffix": suffix, "font": {"size": 34}},
        delta=(
            {
                "reference": shown_expected,
                "valueformat": "+" + fmt,
                "suffix": suffix,
                "increasing": {"color": POSITIVE if info.higher_is_better else NEGATIVE},
                "decreasing": {"color": NEGATIVE if info.higher_is_better else POSITIVE},
            }
            if shown_expected is not None
            else None
        ),
        gauge=gauge,
        title={
            "text": f"{info.short}, {period}<br><span style='font-size:0.8em'>{sub}</span>",
            "font": {"size": 16},
        },
        domain={"x": [0, 1], "y": [0, 1]},
    )
    fig = go.Figure(indicator)
    fig.update_layout(height=height, margin=dict(l=25, r=25, t=70, b=10))
    return fig


def surprise_bars(
    table: pd.DataFrame, info: Indicator, *, column: str = "surprise", height: int = 300
) -> go.Figure:
    """Surprise history of one indicator: one bar per release at its reference period, green
    when better than expected; consensus surprises solid, model surprises hatched and lighter
    (two legend entries). ``column`` is ``surprise`` (display units) or ``z``."""
    fig = go.Figure()
    fmt, suffix = _fmt(info)
    scale = info.display_scale if column == "surprise" else 1.0
    t = table.dropna(subset=[column]) if not table.empty else table
    for kind, name in ((CONSENSUS, "consensus surprise"), (MODEL, "model surprise")):
        part = t[t["expectation"] == kind] if not t.empty else t
        values = part[column].to_numpy(dtype="float64") / scale if not part.empty else np.array([])
        colors = [surprise_color(v) for v in values]
        custom = (
            np.column_stack(
                [
                    part["actual"].to_numpy(dtype="float64") / info.display_scale,
                    part["expected"].to_numpy(dtype="float64") / info.display_scale,
                    part["z"].to_numpy(dtype="float64"),
                    pd.to_datetime(part["published"]).dt.strftime("%Y-%m-%d").to_numpy(),
                ]
            )
            if not part.empty
            else None
        )
        fig.add_trace(
            go.Bar(
                x=part.index if not part.empty else [],
                y=values,
                name=name,
                marker=dict(
                    color=colors,
                    line=dict(width=1 if kind == CONSENSUS else 0, color="#111827"),
                    pattern=dict(shape="" if kind == CONSENSUS else MODEL_PATTERN),
                    opacity=1.0 if kind == CONSENSUS else MODEL_OPACITY,
                ),
                customdata=custom,
                hovertemplate=(
                    f"%{{y:+{fmt}}}{suffix if column == 'surprise' else ' sd'}<br>"
                    f"actual %{{customdata[0]:{fmt}}}{suffix} vs {name.split()[0]} "
                    f"%{{customdata[1]:{fmt}}}{suffix}<br>z %{{customdata[2]:+.2f}}, released "
                    f"%{{customdata[3]}}<extra>{name}</extra>"
                ),
            )
        )
    y_title = f"surprise, {info.display_unit}" if column == "surprise" else "surprise z (sd)"
    fig = base_layout(fig, y_title=y_title, height=height)
    fig.update_layout(bargap=0.15, barmode="overlay", hovermode="closest")
    fig.update_yaxes(zeroline=True, zerolinecolor=NEUTRAL)
    return fig


def composite_figure(
    frame: pd.DataFrame, *, names: dict[str, str] | None = None, height: int = 340
) -> go.Figure:
    """The composite surprise index (standard deviations) with a zero line; each indicator's
    contribution is available as a dotted line from the legend (hidden by default)."""
    fig = go.Figure()
    names = names or {}
    line = downsample(frame["composite"])
    releases = frame["releases"].reindex(line.index)
    fig.add_trace(
        go.Scatter(
            x=line.index,
            y=line.to_numpy(),
            name="Composite surprise index",
            mode="lines",
            line=dict(width=2, color=COMPOSITE_COLOR),
            customdata=releases.to_numpy(),
            hovertemplate="%{y:+.2f} sd (%{customdata} releases)<extra>composite</extra>",
        )
    )
    contributions = [c for c in frame.columns if c not in ("composite", "releases", "indicators")]
    for i, sid in enumerate(contributions):
        s = downsample(frame[sid])
        fig.add_trace(
            go.Scatter(
                x=s.index,
                y=s.to_numpy(),
                name=f"{names.get(sid, sid)} contribution",
                mode="lines",
                line=dict(width=1, dash="dot", color=PALETTE[(i + 1) % len(PALETTE)]),
                visible="legendonly",
                hovertemplate="%{y:+.2f} sd<extra>" + names.get(sid, sid) + "</extra>",
            )
        )
    fig = base_layout(fig, y_title="standard deviations", height=height)
    fig.add_hline(y=0, line=dict(width=1, color=NEUTRAL))
    return fig
