"""Toggle to repaint in Chromium, as a user feels it: a click on a date-range preset or on a
ticker, until the view has finished its rerun and every chart that changed has been redrawn.

The page clock starts at the click. A watcher polls the plotly charts every 10 ms and keeps the
moment their drawn state (x-axis range, traces, points per trace) last changed; the app counts as
done once its script has finished and stayed finished (the settle wait is not counted). The
repaint time is the later of the two moments: a chart that redraws after the script finished is
still waited for, and a toggle that changes no chart (a ticker a view does not plot) costs the
rerun alone.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from tests.e2e.conftest import IDLE_JS
from tests.views import View

#: Starts the watcher; returns the page clock (ms) to count from.
WATCH_JS = """() => {
    const sig = () => Array.from(document.querySelectorAll('.js-plotly-plot')).map(g => {
        const xa = g._fullLayout && g._fullLayout.xaxis;
        const range = xa && xa.range ? xa.range.join(',') : '';
        const data = (g._fullData || []).map(d => (d.x ? d.x.length : 0)).join('/');
        return range + '|' + data;
    }).join(';');
    window.__rrPaint = undefined;
    window.__rrIdleSince = undefined;
    let last = sig();
    const t0 = performance.now();
    const poll = () => {
        const now = sig();
        if (now !== last) { last = now; window.__rrPaint = performance.now(); }
        if (performance.now() - t0 < 60000 && !window.__rrStop) setTimeout(poll, 10);
    };
    window.__rrStop = false;
    setTimeout(poll, 10);
    return t0;
}"""
DONE_JS = """() => { window.__rrStop = true;
    return Math.max(window.__rrIdleSince || 0, window.__rrPaint || 0); }"""
TOGGLES = 6  #: per view and kind, alternating (3M <-> 1Y; XBI removed <-> added)
TARGET_S = 1.0


@dataclass
class RepaintResult:
    times: dict[tuple[str, str], list[float]] = field(default_factory=dict)  #: (view, kind)

    def p50(self, view: str, kind: str) -> float | None:
        values = self.times.get((view, kind), [])
        return statistics.median(values) if values else None

    def overall(self, kind: str) -> float | None:
        values = [t for (_, k), ts in self.times.items() if k == kind for t in ts]
        return statistics.median(values) if values else None


def _sidebar(page):
    return page.locator('[data-testid="stSidebar"]')


def _timed(page, action) -> float:
    t0 = page.evaluate(WATCH_JS)
    action()
    page.wait_for_function(IDLE_JS, arg=600, timeout=120_000, polling=50)
    return (page.evaluate(DONE_JS) - t0) / 1000.0


def _toggle_range(page, i: int) -> None:
    preset = "3M" if i % 2 == 0 else "1Y"
    _sidebar(page).get_by_role("radio", name=preset, exact=True).click()


def _toggle_ticker(page, i: int) -> None:
    if i % 2 == 0:  # remove XBI: the tag's delete control
        _sidebar(page).get_by_role("button", name="Remove XBI").click()
    else:  # add it back
        box = _sidebar(page).locator('[data-testid="stMultiSelect"] input')
        box.click()
        box.fill("XBI")
        box.press("Enter")
        page.keyboard.press("Escape")


def measure(base_url: str, page, views: tuple[View, ...], toggles: int = TOGGLES) -> RepaintResult:
    """On every view, ``toggles`` date-range clicks and ``toggles`` ticker clicks, each timed
    from the click to the repaint."""
    out = RepaintResult()
    for view in views:
        page.goto(f"{base_url}/{view.href}?range=1Y&tickers=IWM&tickers=XBI")
        page.wait_for_function(IDLE_JS, arg=600, timeout=120_000, polling=100)
        for kind, action in (("range", _toggle_range), ("ticker", _toggle_ticker)):
            for i in range(toggles):
                seconds = _timed(page, lambda a=action, i=i: a(page, i))
                out.times.setdefault((view.key, kind), []).append(seconds)
    return out
