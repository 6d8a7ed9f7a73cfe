"""Charts that read at a glance (issue 17): every figure of every view, built from the view
models on the demo data, with exact values where the demo story fixes them."""

from __future__ import annotations

import math
import re
from datetime import date

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard.charts import colors
from dashboard.charts.base import add_events
from dashboard.data import usertables
from dashboard.data.load import Loaded
from dashboard.state import ViewState
from dashboard.views import cross_asset, macro, overview, small_caps
from dashboard.views.model import Chart, Timeline, time_chart
from tests.charts import colours, consensus, demo_data, view_charts

TODAY = date(2026, 3, 2)
DAY_MS = 86_400_000


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    return demo_data(tmp_path_factory.mktemp("cache"), overview.series_ids())


@pytest.fixture(scope="module")
def charts(demo):
    return view_charts(demo, TODAY)


# --- 1. the consensus surprise bar is a bar ------------------------------------------------------
@pytest.mark.parametrize("unit", list(macro.UNITS.values()))
def test_consensus_surprise_is_a_full_width_labelled_bar_in_every_tab(demo, unit):
    model = macro.build(demo, ViewState(), macro.Params(), TODAY, consensus())
    panels = dict(macro.history_panels(model.history, unit))
    expected = {  # the thesis' January prints: (label on the bar, release interval in days)
        "Philly Fed": ("+14.2" if unit == "surprise" else "+1.48 sd", 365.25 / 12),
        "Empire State": ("+6.9" if unit == "surprise" else "+0.70 sd", 365.25 / 12),
        "Jobless claims": ("+17.0k" if unit == "surprise" else "+2.14 sd", 7.0),
    }
    for tab, (label, days) in expected.items():
        fig = panels[tab].figure
        bars = {t.name: t for t in fig.data}
        solid = bars["consensus surprise"]
        assert len(solid.y) == 1
        # as wide as 80% of a release interval, like the model bars next to it (plotly would
        # size a lone bar from gaps between its own dates: 1 ms, a hairline)
        assert solid.width == pytest.approx(0.8 * days * DAY_MS)
        assert bars["model surprise"].width == pytest.approx(0.8 * days * DAY_MS)
        assert list(solid.text) == [label]  # the release the thesis is about, labelled
        assert solid.marker.opacity == 1 and solid.marker.pattern.shape == ""
        assert solid.marker.color[0] == colors.POSITIVE


# --- 2. gauges are whole ---------------------------------------------------------------------------
def test_every_gauge_draws_its_whole_arc_with_short_tick_labels(demo):
    model = macro.build(demo, ViewState(), macro.Params(), TODAY, consensus())
    for gauge in model.gauges:
        spec = gauge.chart.figure.data[0].gauge
        parsed = colors.parse(spec.bgcolor)
        assert parsed is not None and parsed[1] > 0, gauge.name  # the arc behind the bar
        assert spec.axis.tickformat == ",.0f"  # "250k", not "250.0k" cut at the edge
        assert spec.threshold.line.color == colors.role_color(1)
    claims = model.gauges[2].chart.figure
    assert claims.data[0].gauge.axis.ticksuffix == "k"
    assert claims.layout.margin.l >= 40 and claims.layout.margin.r >= 40


# --- 6. one colour per ticker --------------------------------------------------------------------
TICKERS = set(colors.TICKER_COLORS)


def _trace_colour(trace) -> str | None:
    line = getattr(trace, "line", None)
    if line is not None and isinstance(line.color, str):
        return line.color
    marker = getattr(trace, "marker", None)
    if marker is not None and isinstance(marker.color, str):
        return marker.color
    return None


def test_a_ticker_has_one_colour_in_every_chart_of_every_view(charts):
    seen: dict[str, set[str]] = {}
    for chart in charts.values():
        for trace in chart.figure.data:
            if trace.name in TICKERS and _trace_colour(trace) is not None:
                seen.setdefault(trace.name, set()).add(_trace_colour(trace))
    # GLD was purple on the rebased chart and red on the next one
    assert {"IWM", "ARKK", "BTC-USD", "XBI", "GLD", "SLV"} <= set(seen)
    assert {name: len(c) for name, c in seen.items() if len(c) > 1} == {}
    assert {name: c.pop() for name, c in seen.items()} == {
        name: colors.ticker_color(name) for name in seen
    }
    # the event study's panel of an asset is drawn in that asset's colour too
    study = charts["ca_events"].figure
    assert {t.name: t.marker.color for t in study.data if t.type == "bar"} == {
        a: colors.ticker_color(a) for a in cross_asset.Params().assets
    }


def test_ticker_colours_are_fixed_for_the_defaults_and_apart_from_the_status_colours():
    assert colors.ticker_color("GLD") == "#b8860b"
    assert colors.ticker_color("BTC-USD") == "#ea580c"
    status = {colors.POSITIVE, colors.NEGATIVE, colors.NEUTRAL}
    assert not status & set(colors.TICKER_COLORS.values())
    assert len(set(colors.TICKER_COLORS.values())) == len(colors.TICKER_COLORS)
    for colour in (*colors.TICKER_COLORS.values(), *colors.PALETTE):  # 3:1 on both themes
        assert colors.contrast(colour, colors.LIGHT_BACKGROUND) >= 3.0, colour
        assert colors.contrast(colour, colors.DARK_BACKGROUND) >= 3.0, colour


def _hue(colour: str) -> float:
    import colorsys

    r, g, b = colors.parse(colour)[0]
    return colorsys.rgb_to_hls(r, g, b)[0] * 360


@given(st.from_regex(r"\^?[A-Z0-9][A-Z0-9.\-=]{0,14}", fullmatch=True))
def test_a_typed_ticker_gets_a_stable_readable_colour_that_is_never_a_status(symbol):
    colour = colors.ticker_color(symbol)
    assert colour == colors.ticker_color(symbol)  # a function of the symbol only
    assert colors.MIN_LUMINANCE <= colors.luminance(colour) <= colors.MAX_LUMINANCE + 0.01
    for background in (colors.LIGHT_BACKGROUND, colors.DARK_BACKGROUND):
        assert colors.contrast(colour, background) >= 3.0
    if symbol not in colors.TICKER_COLORS:
        hue = _hue(colour)
        assert not (hue < 20 or hue > 335), (symbol, colour)  # not red
        assert not (85 < hue < 170), (symbol, colour)  # not green


# --- 6. ratios and percentages at any scale ------------------------------------------------------
def _digits_to_tell_apart(values) -> int:
    """Significant digits a tick label needs to tell five ticks over ``values`` apart."""
    v = np.asarray(values, dtype="float64")
    v = v[np.isfinite(v)]
    step = (v.max() - v.min()) / 5
    return math.ceil(math.log10(max(abs(v.max()), abs(v.min())) / step)) + 1


@pytest.fixture(scope="module")
def tracking(demo):
    """IWM as a tenth of ^RUT with a tiny tracking difference (the real pair moves together
    to the fifth decimal of the ratio)."""
    rut = demo.series["^RUT"]
    noise = np.random.default_rng(7).normal(0, 2e-5, len(rut))
    iwm = (rut / 10.07 * (1 + noise)).rename("IWM")
    series = {**demo.series, "IWM": iwm}
    return Loaded(series=series, provenance=demo.provenance, ids=demo.ids)


def test_a_pair_that_moves_together_reads_in_percent_not_in_the_fifth_decimal(tracking):
    model = small_caps.build(
        tracking, ViewState(benchmark="^RUT", range_preset="1M"), small_caps.Params(), TODAY
    )
    ratio = model.ratio.figure
    line = ratio.data[0]
    assert ratio.layout.yaxis.ticksuffix == "%"
    assert line.y[0] == pytest.approx(0.0)  # % against the ratio at the window start
    # the raw ratio (about 0.0993) needed 6-7 significant digits per tick to tell ticks apart
    raw = model.ratio.data["ratio"]
    assert _digits_to_tell_apart(raw) >= 6
    assert _digits_to_tell_apart(line.y) <= 3
    assert "(ratio %{customdata:.5f})" in line.hovertemplate  # the ratio itself on hover
    # percentages never round to "-0.00%": the card and the hover show a significant digit
    value = dict((c.label, c.value) for c in model.cards)["20-session relative return"]
    assert re.fullmatch(r"[+-]0\.0+[1-9]\d%", value), value
    hover = model.relative.figure.data[0].hovertemplate
    places = int(re.search(r"%\{y:\+\.(\d)f\}", hover).group(1))
    assert places >= 4


# --- event markers ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def timeline():
    return Timeline.from_table(usertables.load(usertables.EVENTS).frame)


def _markers(fig):
    return [a for a in fig.layout.annotations if a.name == "event"]


def test_close_events_share_one_marker_above_the_plot(charts, timeline):
    events = timeline.events
    window = (date(2025, 1, 16), date(2026, 1, 16))
    inside = events[(events["date"] >= "2025-01-16") & (events["date"] <= "2026-01-16")]
    assert len(inside) == 7 and inside["date"].nunique() == 2  # 14 and 15 Jan 2026
    chart = time_chart(
        "x", go.Figure(charts["sc_rebased"].figure), pd.DataFrame(), (), window=window,
        timeline=timeline,
    )  # fmt: skip
    fig = chart.figure
    (marker,) = _markers(fig)
    assert marker.text == "◆ 7"
    assert marker.yref == "paper" and marker.y == 1 and marker.yanchor == "bottom"  # above
    for title in inside["title"]:
        assert title[:60] in marker.hovertext
    assert "7 events, 2026-01-14 to 2026-01-15" in marker.hovertext
    # no text over the data: nothing rotated, nothing else anchored inside the plot area
    assert not [a for a in fig.layout.annotations if a.textangle not in (None, 0)]
    assert fig.layout.margin.t >= 30
    # one dotted line per event date, through the plot
    lines = [s for s in fig.layout.shapes if s.line.dash == "dot" and s.x0 == s.x1]
    assert sorted({pd.Timestamp(s.x0) for s in lines}) == sorted(set(inside["date"]))


def test_a_narrow_window_splits_the_cluster_again(charts, timeline):
    window = (date(2025, 12, 17), date(2026, 1, 16))  # 30 days: 14 and 15 Jan are apart
    fig = go.Figure(charts["sc_rebased"].figure)
    add_events(fig, timeline.events, *window)
    counts = sorted(a.text for a in _markers(fig))
    dates = timeline.events["date"]
    on_14 = int((dates == "2026-01-14").sum())
    on_15 = int((dates == "2026-01-15").sum())
    assert counts == sorted(f"◆ {n}" if n > 1 else "◆" for n in (on_14, on_15))


def test_event_clusters_chain_close_dates_relative_to_the_window():
    from dashboard.charts.base import event_clusters

    d = pd.Timestamp
    start, end = d("2025-01-01"), d("2025-04-11")  # 100 days: 3% is 3 days
    dates = [d("2025-01-20"), d("2025-02-10"), d("2025-02-12"), d("2025-02-14"), d("2025-03-01")]
    assert event_clusters(dates, start, end) == [[0], [1, 2, 3], [4]]
    assert event_clusters(dates, start, d("2035-01-01")) == [[0, 1, 2, 3, 4]]
    assert event_clusters([], start, end) == []


# --- the event study: every bar readable -----------------------------------------------------------
def test_event_study_gives_each_asset_its_own_scale_and_says_so(charts):
    fig = charts["ca_events"].figure
    axes = {}
    for trace in fig.data:
        asset = trace.name.removesuffix(" baseline")
        axes.setdefault(asset, set()).add(trace.yaxis or "y")
    assets = list(cross_asset.Params().assets)
    assert set(axes) == set(assets)
    assert all(len(a) == 1 for a in axes.values())
    assert len({next(iter(a)) for a in axes.values()}) == len(assets)  # one axis per asset
    for name in fig.layout:
        if name.startswith("yaxis"):
            assert fig.layout[name].matches is None and fig.layout[name].range is None
    assert "each asset on its own scale" in fig.layout.title.text
    # every bar's own panel spans its data: its extent is the whole axis (autorange)
    study = charts["ca_events"].data.reset_index()
    btc = study[study["asset"] == "BTC-USD"]["ci_high"].max()
    iwm = study[study["asset"] == "IWM"]
    assert btc > 20 * iwm["mean"].abs().max()  # one shared axis would flatten IWM


# --- the sequence: no dot hides another ------------------------------------------------------------
def test_sequence_dots_never_share_a_position(charts):
    fig = charts["ca_sequence"].figure
    points = [
        (x, y if isinstance(y, str) else round(y, 6))  # (a category axis before the lanes)
        for trace in fig.data
        for x, y in zip(trace.x, trace.y, strict=True)
        if x is not None and np.isfinite(x)
    ]
    assert len(points) > 10
    assert len(points) == len(set(points))
    zero = [p for p in points if p[0] == 0]
    assert len(zero) > len({round(y) for _, y in zero})  # several assets at 0 on one trigger
    assert list(fig.layout.yaxis.ticktext)[:2] == list(
        charts["ca_sequence"].data.index.strftime("%Y-%m-%d")[:2]
    )


# --- the log switch on price charts ----------------------------------------------------------------
@pytest.mark.parametrize(
    ("key", "axis", "start"),
    [("sc_rebased", "yaxis", "linear"), ("sc_breakout", "yaxis", "linear"),
     ("ca_performance", "yaxis", "log")],
)  # fmt: skip
def test_price_charts_have_a_log_linear_switch(charts, key, axis, start):
    fig = charts[key].figure
    assert fig.layout[axis].type == start
    title = fig.layout[axis].title.text
    assert title.endswith(f"({start} scale)")  # the axis says which scale is on
    name = title.removesuffix(f" ({start} scale)")
    (menu,) = fig.layout.updatemenus
    assert [(b.label, b.method, b.args[0]) for b in menu.buttons] == [
        (
            "Lin",
            "relayout",
            {f"{axis}.type": "linear", f"{axis}.title.text": f"{name} (linear scale)"},
        ),
        ("Log", "relayout", {f"{axis}.type": "log", f"{axis}.title.text": f"{name} (log scale)"}),
    ]
    assert menu.active == (1 if start == "log" else 0)
    assert menu.x >= 1  # in the right margin, clear of the plot


# --- layout: legends, modebar, themes --------------------------------------------------------------
def test_legends_sit_under_the_plot_and_the_modebar_in_the_right_margin(charts):
    for key, chart in charts.items():
        layout = chart.figure.layout
        if key.startswith("gauge_"):
            continue
        assert layout.modebar.orientation == "v", key
        assert layout.margin.r >= 44, key
        if layout.showlegend is not False:
            assert (layout.legend.yref, layout.legend.y, layout.legend.yanchor) == (
                "container",
                0,
                "bottom",
            ), key


def test_every_colour_reads_on_the_light_and_the_dark_theme(charts):
    bad = []
    for key, chart in charts.items():
        for where, colour in colours(chart.figure):
            parsed = colors.parse(colour)
            if parsed is None or parsed[1] < 1:
                continue  # translucent fills and shades sit behind the data
            for background in (colors.LIGHT_BACKGROUND, colors.DARK_BACKGROUND):
                if colors.contrast(colour, background) < 2.0:
                    bad.append((key, where, colour, background))
    assert bad == []


def test_the_app_offers_a_light_and_a_dark_theme():
    import tomllib
    from pathlib import Path

    config = tomllib.loads((Path(__file__).parents[2] / ".streamlit" / "config.toml").read_text())
    theme = config["theme"]
    assert "base" not in theme  # no forced theme: the reader's setting wins
    assert {"light", "dark"} <= set(theme)


def test_every_chart_is_a_chart(charts):
    assert all(isinstance(c, Chart) for c in charts.values())
    assert len(charts) >= 20
