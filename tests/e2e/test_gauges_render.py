"""The macro gauges drawn by plotly.js in Chromium (issue 17): the whole arc is there and no
tick label is cut at the figure's edge, on the demo data and on the real files.

The figures come from the view model; plotly.js is the copy the plotly package ships, drawn at
the size a gauge has on the page (a third of the main column)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import plotly
import pytest

from dashboard.data.load import load_series
from dashboard.signals import surprise as su
from dashboard.state import ViewState
from dashboard.views import macro
from tests.charts import consensus

pytestmark = pytest.mark.e2e

PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
WIDTH, HEIGHT = 360, 250  # a gauge's box in one of the three columns at 1400 px


def draw(browser, figure) -> dict:
    """Draw ``figure`` and measure its background arc and its tick labels (client pixels)."""
    page = browser.new_page(viewport={"width": 600, "height": 400})
    try:
        page.set_content(f"<div id='g' style='width:{WIDTH}px;height:{HEIGHT}px'></div>")
        page.add_script_tag(path=str(PLOTLY_JS))
        page.evaluate(
            "(f) => Plotly.newPlot('g', f.data, f.layout, {displayModeBar: false})",
            json.loads(figure.to_json()),
        )
        return page.evaluate(
            """() => {
                const box = (e) => { const b = e.getBoundingClientRect();
                    return {l: b.left, r: b.right, t: b.top, b: b.bottom, w: b.width}; };
                const arc = document.querySelector('#g .bg-arc');
                return {
                    svg: box(document.querySelector('#g .main-svg')),
                    arc: box(arc), arcFill: getComputedStyle(arc).fill,
                    arcOpacity: getComputedStyle(arc).fillOpacity,
                    ticks: [...document.querySelectorAll('#g g.xangularaxistick text')]
                        .map((t) => ({text: t.textContent, ...box(t)})),
                };
            }"""
        )
    finally:
        page.close()


def check(measured: dict, name: str) -> None:
    svg, arc = measured["svg"], measured["arc"]
    # the background arc: drawn (not transparent) and spanning the gauge
    assert measured["arcFill"] not in ("none", "rgba(0, 0, 0, 0)"), name
    assert float(measured["arcOpacity"]) > 0, name
    assert arc["w"] >= 0.6 * svg["w"], (name, arc, svg)
    ticks = measured["ticks"]
    assert len(ticks) >= 3, name
    for tick in ticks:  # every label whole, inside the figure
        assert svg["l"] <= tick["l"] and tick["r"] <= svg["r"], (name, tick, svg)
        assert svg["t"] <= tick["t"], (name, tick)


def gauges(day: date):
    loaded = load_series(su.MACRO_IDS)
    model = macro.build(loaded, ViewState(), macro.Params(), day, consensus())
    return [(g.name, g.chart.figure) for g in model.gauges if g.chart is not None]


def test_demo_gauges_are_whole(browser):
    found = gauges(date(2026, 1, 16))
    assert [name for name, _ in found] == ["Philly Fed", "Empire State", "Jobless claims"]
    for name, figure in found:
        check(draw(browser, figure), name)


@pytest.mark.realdata
def test_real_gauges_are_whole(browser, market_data, monkeypatch):
    monkeypatch.setenv("ROTATION_DATA_DIR", str(market_data))
    monkeypatch.setenv("ROTATION_SOURCES", "csvdir")
    found = gauges(date(2026, 1, 16))
    assert len(found) == 3
    for name, figure in found:
        measured = draw(browser, figure)
        check(measured, name)
    claims = [t["text"] for t in measured["ticks"]]
    assert all(t.endswith("k") and "." not in t for t in claims), claims  # "220k", not "00.0k"
