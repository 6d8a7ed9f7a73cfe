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

from dashboard.charts.base import base_layout, downsample
from dashboard.charts.colors import NEGATIVE, NEUTRAL, POSITIVE, role_color
from dashboard.data import catalog
from dashboard.signals.surprise import CONSENSUS, MODEL, Indicator

COMPOSITE_COLOR = role_color(0)
#: The expectation's mark on a gauge (amber: no verdict, readable on both themes).
EXPECTATION_COLOR = role_color(1)
#: The whole arc of a gauge, behind the bar (a light slate that reads on both themes).
GAUGE_ARC = "rgba(148,163,184,0.28)"
#: Model surprises are drawn hatched and lighter, so they can never pass for consensus ones.
MODEL_PATTERN = "/"
MODEL_OPACITY = 0.55
#: A bar's width as a share of the indicator's release interval.
BAR_SHARE = 0.8
#: Days between two releases of a monthly and a weekly indicator.
PERIOD_DAYS = {"M": 365.25 / 12, "W": 7.0}
#: Whole numbers on a gauge's axis ("250k", "-20"): short enough to fit at the arc's ends.
GAUGE_TICK_FORMAT = ",.0f"


def surprise_color(surprise: float | None) -> str:
    """Green for better than expected, red for worse, grey for none / no expectation."""
    if surprise is None or not math.isfinite(surprise) or surprise == 0:
        return NEUTRAL
    return POSITIVE if surprise > 0 else NEGATIVE


def _fmt(info: Indicator) -> tuple[str, str]:
    """(plotly value format, suffix) in display units."""
    return (".1f", "k") if info.display_scale == 1000 else (".1f", "")


def bar_width_ms(info: Indicator) -> float:
    """The width of one surprise bar on a date axis, in milliseconds: :data:`BAR_SHARE` of the
    indicator's release interval. Set explicitly, because plotly sizes a trace's bars from the
    gaps between that trace's own dates, and a trace with a single bar (the one consensus
    release) would be 1 ms wide: a hairline."""
    frequency = catalog.get(info.series_id).frequency
    return BAR_SHARE * PERIOD_DAYS.get(frequency, PERIOD_DAYS["M"]) * 86_400_000


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

    The whole arc is drawn (light slate) and the bar on it is the actual print, coloured by
    the sign of the surprise; the amber tick is the expectation; the delta under the number is
    actual minus expected, coloured green when that is better than expected (for claims: when
    it is negative). ``history`` (series units) sets the axis range; the zero line of a
    diffusion index splits red and green steps. Axis ticks are whole numbers and the side
    margins leave room for the labels at the arc's ends.
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
            {"range": [lo, 0], "color": "rgba(220,38,38,0.14)"},
            {"range": [0, hi], "color": "rgba(22,163,74,0.14)"},
        ]
    gauge = {
        "axis": {
            "range": [lo, hi],
            "tickformat": GAUGE_TICK_FORMAT,
            "ticksuffix": suffix,
            "nticks": 6,
            "tickfont": {"size": 11},
        },
        "bar": {"color": surprise_color(surprise), "thickness": 0.45},
        "bgcolor": GAUGE_ARC,
        "steps": steps,
        "borderwidth": 0,
    }
    if shown_expected is not None:
        gauge["threshold"] = {
            "line": {"color": EXPECTATION_COLOR, "width": 4},
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
    fig.update_layout(height=height, margin=dict(l=45, r=45, t=70, b=10))
    return fig


def surprise_bars(
    table: pd.DataFrame, info: Indicator, *, column: str = "surprise", height: int = 300
) -> go.Figure:
    """Surprise history of one indicator: one bar per release at its reference period, green
    when better than expected; consensus surprises solid and labelled with their value, model
    surprises hatched and lighter (two legend entries). Every bar is :func:`bar_width_ms`
    wide, so a lone consensus release is as wide as the rest. ``column`` is ``surprise``
    (display units) or ``z``."""
    fig = go.Figure()
    fmt, suffix = _fmt(info)
    scale = info.display_scale if column == "surprise" else 1.0
    unit = suffix if column == "surprise" else " sd"
    value_fmt = f"+{fmt}" if column == "surprise" else "+.2f"
    t = table.dropna(subset=[column]) if not table.empty else table
    width = bar_width_ms(info)
    for kind, name in ((CONSENSUS, "consensus surprise"), (MODEL, "model surprise")):
        part = t[t["expectation"] == kind] if not t.empty else t
        values = part[column].to_numpy(dtype="float64") / scale if not part.empty else np.array([])
        colors = [surprise_color(v) for v in values]
        consensus = kind == CONSENSUS
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
                width=width,
                name=name,
                marker=dict(
                    color=colors,
                    line=dict(width=0),
                    pattern=dict(shape="" if consensus else MODEL_PATTERN),
                    opacity=1.0 if consensus else MODEL_OPACITY,
                ),
                # the consensus releases (the ones the thesis is about) carry their value
                text=[f"{v:{value_fmt}}{unit}" for v in values] if consensus else None,
                textposition="outside",
                cliponaxis=False,
                textfont=dict(size=11),
                customdata=custom,
                hovertemplate=(
                    f"%{{y:{value_fmt}}}{unit}<br>"
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
                line=dict(width=1, dash="dot", color=role_color(i + 1)),
                visible="legendonly",
                hovertemplate="%{y:+.2f} sd<extra>" + names.get(sid, sid) + "</extra>",
            )
        )
    fig = base_layout(fig, y_title="standard deviations", height=height)
    fig.add_hline(y=0, line=dict(width=1, color=NEUTRAL))
    return fig
