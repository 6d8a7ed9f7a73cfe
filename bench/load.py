"""Concurrent sessions: N Chromium contexts against one served app, each walking every view.

Each session opens the app, then clicks every view's sidebar link in turn; a view counts as
rendered when the script has finished and no spinner shows, and its render time runs from the
click to that moment (the settle wait is not counted). Used by the e2e load test (light) and by
``make bench`` (10 sessions, p50/p95 per view).
"""

from __future__ import annotations

import asyncio
import statistics
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, IDLE_JS, MARK_JS
from tests.views import View, views


@dataclass
class LoadResult:
    sessions: int
    times: dict[str, list[float]] = field(default_factory=dict)  #: view key -> seconds
    exceptions: list[str] = field(default_factory=list)  #: "session/view: text"
    failures: list[str] = field(default_factory=list)  #: views that never rendered
    wall_s: float = 0.0

    def percentile(self, key: str, q: float) -> float | None:
        values = sorted(self.times.get(key, []))
        if not values:
            return None
        if len(values) == 1:
            return values[0]
        return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


async def _rendered(page, timeout_ms: float) -> None:
    await page.wait_for_selector('[data-testid="stMainBlockContainer"] h1', timeout=timeout_ms)
    await page.wait_for_function(IDLE_JS, arg=600, timeout=timeout_ms, polling=100)


async def _session(browser, url: str, walk: tuple[View, ...], n: int, out: LoadResult, timeout_ms):
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    page = await context.new_page()
    try:
        t0 = await page.evaluate(MARK_JS)
        await page.goto(url)
        await _rendered(page, timeout_ms)
        for view in walk:
            try:
                t0 = await page.evaluate(MARK_JS)
                link = page.locator('[data-testid="stSidebarNavLink"]').filter(has_text=view.title)
                await link.first.click()
                if not view.default:
                    await page.wait_for_url(f"**/{view.url_path}*", timeout=timeout_ms)
                await _rendered(page, timeout_ms)
                idle = await page.evaluate("() => window.__rrIdleSince")
                out.times.setdefault(view.key, []).append((idle - t0) / 1000.0)
                errors = page.locator('[data-testid="stException"]')
                if await errors.count():
                    text = (await errors.first.inner_text())[:300]
                    out.exceptions.append(f"session {n}/{view.key}: {text}")
            except Exception as exc:  # noqa: BLE001 - a timeout is a result, not a crash
                out.failures.append(f"session {n}/{view.key}: {type(exc).__name__}: {exc}"[:300])
    finally:
        await context.close()


async def _run(url: str, sessions: int, timeout_ms: float) -> LoadResult:
    from playwright.async_api import async_playwright

    all_views = views()
    walk = (*all_views[1:], all_views[0])  # start on the default page, end back on it
    out = LoadResult(sessions=sessions)
    loop = asyncio.get_running_loop()
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            start = loop.time()
            await asyncio.gather(
                *(_session(browser, url, walk, n, out, timeout_ms) for n in range(sessions))
            )
            out.wall_s = loop.time() - start
        finally:
            await browser.close()
    return out


def run_load(url: str, sessions: int = 10, timeout_s: float = 120.0) -> LoadResult:
    """``sessions`` concurrent browser sessions walking every view of the app at ``url``."""
    # A thread of its own: the caller's thread may already run sync Playwright's event loop.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, _run(url, sessions, timeout_s * 1000)).result()
