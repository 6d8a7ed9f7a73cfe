"""Charts as a user meets them in Chromium (issue 17): nothing covers anything, names do not
overprint, zooming one time chart zooms the view's others, the icon works offline, and the
charts follow a dark system theme."""

from __future__ import annotations

import time
from urllib.parse import urlparse

import pytest

from tests.e2e.conftest import assert_no_exception, screenshot, wait_rendered

pytestmark = pytest.mark.e2e

CHARTS = '[data-testid="stPlotlyChart"]'

#: The boxes of a chart's parts (client pixels), measured in the page.
PARTS_JS = """(chart) => {
    const boxes = (q) => [...chart.querySelectorAll(q)]
        .map((e) => e.getBoundingClientRect())
        .filter((b) => b.width > 0 && b.height > 0)
        .map((b) => ({l: b.left, t: b.top, r: b.right, b: b.bottom}));
    return {
        modebar: boxes('.modebar-group'),
        legend: boxes('g.legend .traces'),
        menus: boxes('g.updatemenu-button'),
        events: [...chart.querySelectorAll('g.annotation')]
            .filter((g) => (g.textContent || '').startsWith('◆'))
            .map((g) => g.getBoundingClientRect())
            .map((b) => ({l: b.left, t: b.top, r: b.right, b: b.bottom})),
        plot: boxes('.nsewdrag').slice(0, 1),
    };
}"""


def overlap(a: dict, b: dict, slack: float = 0.5) -> bool:
    return (
        min(a["r"], b["r"]) - max(a["l"], b["l"]) > slack
        and min(a["b"], b["b"]) - max(a["t"], b["t"]) > slack
    )


def shown(chart) -> bool:
    """Whether a chart is on the page (not in a closed tab), brought into view and drawn."""
    if not chart.evaluate("(e) => e.offsetParent !== null"):
        return False
    chart.scroll_into_view_if_needed()
    chart.locator(".main-svg").first.wait_for(timeout=20_000)
    return True


def hovered_parts(page, chart) -> dict:
    """Hover the middle of a chart (plotly shows its modebar then) and measure its parts."""
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_timeout(400)
    return chart.evaluate(PARTS_JS)


def open_view(page, url: str, charts: int):
    """Open ``url`` and wait until the view has drawn at least ``charts`` charts."""
    page.goto(url)
    wait_rendered(page)
    page.wait_for_function(
        f"() => document.querySelectorAll('{CHARTS}').length >= {charts}", timeout=30_000
    )
    assert_no_exception(page)
    return page.locator(CHARTS)


@pytest.mark.parametrize(
    ("path", "count"),
    [("/small_caps?events=true", 4), ("/cross_asset?events=true", 5), ("/macro?events=true", 5)],
)
def test_the_toolbar_never_covers_a_legend_an_event_marker_or_the_log_switch(
    app_server, page, path, count
):
    charts = open_view(page, app_server.url + path, count)
    checked = 0
    for i in range(charts.count()):
        chart = charts.nth(i)
        if not shown(chart):
            continue
        parts = hovered_parts(page, chart)
        assert parts["modebar"], f"chart {i}: no modebar on hover"
        covered = [
            (kind, box)
            for kind in ("legend", "events", "menus", "plot")
            for box in parts[kind]
            for bar in parts["modebar"]
            if overlap(bar, box)
        ]
        assert covered == [], f"{path} chart {i}: the modebar covers {covered}"
        # an event marker sits above the plot, never over the data
        for marker in parts["events"]:
            assert marker["b"] <= parts["plot"][0]["t"] + 1, f"{path} chart {i}"
        checked += 1
    assert checked >= 3, (charts.count(), page.url)
    screenshot(page, f"charts-layout-{urlparse(path).path.strip('/')}")


def test_rotation_graph_names_do_not_overprint(app_server, page):
    rrg = open_view(page, f"{app_server.url}/cross_asset", 5).nth(1)
    assert shown(rrg)
    names = ["IWM", "ARKK", "BTC-USD", "XBI", "GLD", "SLV"]
    boxes = rrg.evaluate(
        """(chart, names) => [...chart.querySelectorAll('g.annotation')]
            .filter((g) => names.includes((g.textContent || '').trim()))
            .map((g) => { const b = g.querySelector('text').getBoundingClientRect();
                          return {name: g.textContent.trim(), l: b.left, t: b.top,
                                  r: b.right, b: b.bottom}; })""",
        names,
    )
    assert sorted(b["name"] for b in boxes) == sorted(names)
    clashes = [
        (a["name"], b["name"]) for i, a in enumerate(boxes) for b in boxes[i + 1 :] if overlap(a, b)
    ]
    assert clashes == []


def _x_ranges(page) -> list[list[str] | None]:
    return page.evaluate(
        """() => [...document.querySelectorAll('.js-plotly-plot')].map((gd) => {
            const x = gd._fullLayout && gd._fullLayout.xaxis;
            return x && x.type === 'date' ? [...x.range].map(String) : null; })"""
    )


def _ms(value: str) -> float:
    from datetime import datetime

    text = value.replace(" ", "T")
    return datetime.fromisoformat(text if "T" in text else text + "T00:00:00").timestamp() * 1000


def test_zooming_one_time_chart_zooms_the_views_others(app_server, page):
    open_view(page, f"{app_server.url}/small_caps", 4)
    before = [r for r in _x_ranges(page) if r is not None]
    assert len(before) == 4  # ratio, breakout, rebased, rolling relative returns
    # drag a zoom box over the middle third of the rebased chart's plot area
    chart = page.locator(CHARTS).nth(2)
    assert shown(chart)
    plot = chart.locator(".nsewdrag").first.bounding_box()
    y = plot["y"] + plot["height"] / 2
    page.mouse.move(plot["x"] + plot["width"] / 3, y)
    page.mouse.down()
    for step in range(1, 11):
        page.mouse.move(plot["x"] + plot["width"] / 3 * (1 + step / 10), y + step)
    page.mouse.up()
    page.wait_for_timeout(1200)
    after = [r for r in _x_ranges(page) if r is not None]
    zoomed = after[2]
    assert _ms(zoomed[1]) - _ms(zoomed[0]) < 0.5 * (_ms(before[2][1]) - _ms(before[2][0]))
    for other in after:
        assert (
            abs(_ms(other[0]) - _ms(zoomed[0])) < 1000
            and abs(_ms(other[1]) - _ms(zoomed[1])) < 1000
        ), (other, zoomed)
    screenshot(page, "charts-linked-zoom")
    # a double click resets the chart, and the others with it
    page.mouse.dblclick(plot["x"] + plot["width"] / 2, y)
    page.wait_for_timeout(1200)
    reset = page.evaluate(
        """() => [...document.querySelectorAll('.js-plotly-plot')]
            .filter((gd) => gd._fullLayout.xaxis && gd._fullLayout.xaxis.type === 'date')
            .map((gd) => gd._fullLayout.xaxis.autorange)"""
    )
    assert reset == [True] * 4


def test_the_app_loads_nothing_from_outside_and_its_icon_is_bundled(app_server, page):
    outside = []

    def record(request):
        host = urlparse(request.url).hostname
        if request.url.startswith("http") and host not in ("127.0.0.1", "localhost"):
            outside.append(request.url)

    page.on("request", record)
    open_view(page, f"{app_server.url}/cross_asset", 5)
    time.sleep(1)
    icon = page.evaluate(
        "() => [...document.querySelectorAll('link[rel~=icon]')].map((l) => l.href)"
    )
    assert icon and all(h.startswith(("data:image/svg+xml", app_server.url)) for h in icon), icon
    assert outside == []  # no font server: the favicon was fetched from fonts.gstatic.com


def test_charts_follow_a_dark_system_theme(app_server, browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, color_scheme="dark")
    try:
        page = context.new_page()
        open_view(page, f"{app_server.url}/cross_asset", 5)
        assert shown(page.locator(CHARTS).first)
        background = page.evaluate(
            "() => getComputedStyle(document.querySelector('[data-testid=stApp]')).backgroundColor"
        )
        tick = page.evaluate(
            "() => getComputedStyle(document.querySelector('.js-plotly-plot .xtick text')).fill"
        )

        def brightness(css: str) -> float:
            r, g, b = (int(float(v)) for v in css[css.index("(") + 1 : -1].split(",")[:3])
            return (r + g + b) / 3

        assert brightness(background) < 60, background  # the dark theme
        assert brightness(tick) > 120, tick  # the chart's text follows it
        screenshot(page, "charts-dark-theme")
    finally:
        context.close()


def test_the_log_switch_changes_the_price_axis_in_place(app_server, page):
    charts = open_view(page, f"{app_server.url}/small_caps", 4)
    rebased = charts.nth(2)
    assert shown(rebased)
    layout = "(chart) => { const gd = chart.querySelector('.js-plotly-plot'); " \
        "return [gd._fullLayout.yaxis.type, gd._fullLayout.yaxis.title.text]; }"  # fmt: skip
    assert rebased.evaluate(layout) == ["linear", "rebased, 100 at start (linear scale)"]
    rebased.locator("g.updatemenu-button").filter(has_text="Log").click()
    page.wait_for_timeout(500)
    assert rebased.evaluate(layout) == ["log", "rebased, 100 at start (log scale)"]
