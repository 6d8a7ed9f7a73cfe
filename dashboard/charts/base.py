"""Shared chart plumbing: one look, display downsampling, event markers, the log switch.

Figures use Streamlit's theme on the page (``theme="streamlit"``), which follows the user's
light or dark setting; colours come from :mod:`dashboard.charts.colors` (one per ticker, all
readable on both backgrounds). Every chart keeps its parts apart: event markers in the top
margin, the legend under the plot, the modebar (vertical) and the log switch in the right
margin, so none of them covers the data or another. Long series are downsampled for display
only (MinMaxLTTB from ``tsdownsample`` keeps peaks and troughs visible); signals always use the
full data.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from tsdownsample import MinMaxLTTBDownsampler

from dashboard.charts.colors import NEUTRAL, SHADE, role_color

#: The log switch's labels.
SWITCH_TEXT = "#2563eb"

#: Points per trace above which a series is downsampled for display.
MAX_POINTS = 1500
#: Modebar buttons that have no use on these charts (selections feed nothing; the zoom box,
#: pan, reset and the PNG export stay).
MODEBAR_REMOVE = (
    "lasso2d",
    "select2d",
    "zoomIn2d",
    "zoomOut2d",
    "autoScale2d",
    "toggleSpikelines",
    "hoverClosestCartesian",
    "hoverCompareCartesian",
)
#: The right margin that holds the vertical modebar (and the log switch), so neither covers
#: the plot or its legend.
MODEBAR_MARGIN = 44


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


def decimals(values, significant: int = 2, most: int = 8) -> int:
    """Decimals that show ``significant`` digits of the largest magnitude in ``values`` (at
    least 2): 12.3 -> 2 ("12.30"), 0.0031 -> 4 ("0.0031"), so a tiny relative return never
    reads "-0.00"."""
    array = np.abs(np.asarray(values, dtype="float64"))
    array = array[np.isfinite(array) & (array > 0)]
    if array.size == 0:
        return 2
    return int(min(most, max(2, significant - 1 - np.floor(np.log10(array.max())))))


def base_layout(
    fig: go.Figure,
    *,
    title: str | None = None,
    y_title: str | None = None,
    height: int = 380,
    legend: bool = True,
) -> go.Figure:
    """The shared look: compact margins, the legend under the plot (in the figure's bottom
    edge, so it never meets the modebar, an event marker or a tick label) and a vertical
    modebar in the right margin."""
    fig.update_layout(
        title=dict(text=title, x=0, xanchor="left", font=dict(size=15)) if title else None,
        height=height,
        margin=dict(l=10, r=MODEBAR_MARGIN, t=40 if title else 16, b=10),
        hovermode="x unified",
        showlegend=legend,
        legend=dict(orientation="h", yref="container", y=0, yanchor="bottom", x=0, xanchor="left"),
        modebar=dict(orientation="v", remove=list(MODEBAR_REMOVE)),
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
    customdata: pd.Series | None = None,
    hovertemplate: str | None = None,
) -> go.Scatter:
    """One line of ``series`` (downsampled for display): the shape every time-series chart uses.
    ``hover`` is the d3 format of the value, between ``prefix`` and ``suffix`` (``$``, ``%``);
    ``customdata`` (aligned on the series) and ``hovertemplate`` replace the default hover.

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
        customdata=None if customdata is None else customdata.reindex(s.index).to_numpy(),
        hovertemplate=hovertemplate
        or f"{prefix}%{{y:{hover}}}{suffix}<extra>{hover_label or name}</extra>",
    )


def line_figure(
    frame: pd.DataFrame,
    *,
    title: str | None = None,
    y_title: str | None = None,
    height: int = 380,
    hover_format: str = ".2f",
    colors: Mapping[str, str] | None = None,
    suffix: str = "",
) -> go.Figure:
    """One line per column (downsampled for display), coloured by ``colors`` (tickers: their
    own colour, :func:`dashboard.charts.colors.ticker_colors`) or else by role in column
    order."""
    fig = go.Figure()
    for i, col in enumerate(frame.columns):
        name = str(col)
        color = (colors or {}).get(name) or role_color(i)
        fig.add_trace(line_trace(frame[col], name, color, hover=hover_format, suffix=suffix))
    return base_layout(fig, title=title, y_title=y_title, height=height)


def log_switch(fig: go.Figure, *, axis: str = "yaxis", log: bool = False, y: float = 0.0):
    """A Linear / Log switch for a price axis, in the right margin at the bottom of the panel
    (as on a trading terminal); ``log`` is the axis type it starts with, ``y`` where the switch
    sits (paper units: the bottom of the top panel of a stacked figure). The axis title says
    which scale is on. The switch relayouts in the browser, with no rerun."""
    title = fig.layout[axis].title.text or ""

    def scale(kind: str) -> dict:
        named = f"{title} ({'log' if kind == 'log' else 'linear'} scale)" if title else None
        return {f"{axis}.type": kind, f"{axis}.title.text": named}

    fig.update_layout(
        scale("log" if log else "linear"),
        updatemenus=[
            dict(
                type="buttons",
                direction="down",
                active=1 if log else 0,
                showactive=True,
                x=1,
                xanchor="left",
                y=y,
                yanchor="bottom",
                pad=dict(l=6, t=0, b=0, r=0),
                # plotly paints the active button a fixed light blue: a blue label reads on it
                # and on both themes' backgrounds
                font=dict(size=10, color=SWITCH_TEXT),
                bgcolor="rgba(148,163,184,0.3)",
                bordercolor=NEUTRAL,
                buttons=[
                    dict(label="Lin", method="relayout", args=[scale("linear")]),
                    dict(label="Log", method="relayout", args=[scale("log")]),
                ],
            )
        ],
    )
    return fig


#: Events closer together than this share of the window share one marker.
EVENT_CLUSTER_GAP = 0.03
#: Longest event title in a marker's hover (the event timeline has the full text).
EVENT_TITLE_CHARS = 90
#: At most this many events are listed in one marker's hover.
EVENT_HOVER_LINES = 12
#: Top margin that holds the event markers above the plot.
EVENT_MARGIN = 30


def short_label(text: str, limit: int = EVENT_TITLE_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def event_clusters(dates: Iterable, start, end, gap: float = EVENT_CLUSTER_GAP) -> list[list[int]]:
    """Positions of the (sorted) ``dates`` grouped into clusters: a date joins the cluster of
    the previous one when they are less than ``gap`` x the window [start, end] apart (a chain of
    close dates is one cluster). A wider window folds more events into one marker, a narrower
    one (a zoomed date range) splits them again."""
    dates = [pd.Timestamp(d) for d in dates]
    span = max(pd.Timestamp(end) - pd.Timestamp(start), pd.Timedelta(0)) * gap
    clusters: list[list[int]] = []
    for i, when in enumerate(dates):
        if clusters and when - dates[clusters[-1][-1]] < span:
            clusters[-1].append(i)
        else:
            clusters.append([i])
    return clusters


def _event_hover(group: pd.DataFrame) -> str:
    first, last = group["date"].iloc[0], group["date"].iloc[-1]
    count = len(group)
    when = f"{first:%Y-%m-%d}" if first == last else f"{first:%Y-%m-%d} to {last:%Y-%m-%d}"
    head = f"<b>{count} event{'s' if count > 1 else ''}, {when}</b>"
    lines = [
        f"{row.date:%Y-%m-%d}: {short_label(str(row.title))}"
        + (f" ({row.category})" if str(getattr(row, "category", "") or "") else "")
        for row in group.head(EVENT_HOVER_LINES).itertuples()
    ]
    if count > EVENT_HOVER_LINES:
        lines.append(f"... and {count - EVENT_HOVER_LINES} more (see the event timeline)")
    return "<br>".join([head, *lines])


def add_events(fig: go.Figure, events: pd.DataFrame, start, end) -> go.Figure:
    """Mark events (columns ``date``, ``title``, ``category``) that fall in [start, end].

    Each distinct date gets a dotted line through every panel (a plain figure, stacked subplots
    with a shared x axis, a secondary y axis, a log axis: the lines span each panel in
    axis-domain units, never data units). Events close together for this window
    (:func:`event_clusters`) share ONE marker above the plot, in the top margin, showing how
    many they are ("◆ 7"); their dates, titles and categories are in the marker's hover. No
    text is drawn over the data.
    """
    if events is None or events.empty:
        return fig
    lo, hi = pd.Timestamp(start), pd.Timestamp(end)
    window = events[(events["date"] >= lo) & (events["date"] <= hi)].sort_values(
        "date", kind="stable"
    )
    if window.empty:
        return fig
    subplots = fig._has_subplots()  # plain figures have no grid to address rows in
    span = {"row": "all", "col": "all", "exclude_empty_subplots": True} if subplots else {}
    for when in dict.fromkeys(window["date"]):
        fig.add_vline(x=pd.Timestamp(when), line=dict(width=1, dash="dot", color=NEUTRAL), **span)
    for positions in event_clusters(window["date"], lo, hi):
        group = window.iloc[positions]
        first, last = group["date"].iloc[0], group["date"].iloc[-1]
        fig.add_annotation(
            x=first + (last - first) / 2,
            xref="x",
            y=1,
            yref="paper",
            yanchor="bottom",
            yshift=2,
            showarrow=False,
            text=f"◆ {len(group)}" if len(group) > 1 else "◆",
            hovertext=_event_hover(group),
            font=dict(size=11, color=NEUTRAL),
            bgcolor="rgba(148,163,184,0.15)",
            bordercolor=NEUTRAL,
            borderwidth=1,
            borderpad=2,
            name="event",
        )
    top = fig.layout.margin.t if fig.layout.margin.t is not None else 0
    fig.update_layout(margin_t=max(top, EVENT_MARGIN))
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
