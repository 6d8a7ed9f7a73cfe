"""A user opens the macro view in Chromium: gauges render, a shared as-of link replays a date."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import assert_no_exception, screenshot, wait_rendered

pytestmark = pytest.mark.e2e


def test_macro_view_renders_gauges_and_replays_an_as_of_link(app_server, page):
    page.goto(f"{app_server.url}/macro")
    wait_rendered(page)
    assert_no_exception(page)
    assert page.locator("h1").filter(has_text="Macro surprises").count() == 1
    # plotly draws each gauge as an indicator layer with its number (one after the other)
    page.wait_for_function(
        "() => document.querySelectorAll('.js-plotly-plot .indicatorlayer .number').length >= 3",
        timeout=30_000,
    )
    numbers = page.locator(".indicatorlayer .number").evaluate_all(
        "els => els.map(e => e.textContent)"
    )
    assert len(numbers) == 3, numbers
    assert "12.6" in numbers and "7.7" in numbers and "198.0k" in numbers
    assert page.get_by_text("Demo data: synthetic").first.is_visible()
    screenshot(page, "macro-view")

    page.goto(f"{app_server.url}/macro?asof=2026-01-14")
    wait_rendered(page)
    assert_no_exception(page)
    page.wait_for_selector(".js-plotly-plot .indicatorlayer .number", timeout=30_000)
    assert page.get_by_text("Latest releases as of 2026-01-14").count() == 1
    numbers = page.locator(".indicatorlayer .number").evaluate_all(
        "els => els.map(e => e.textContent)"
    )
    assert "12.6" not in numbers  # the January Philadelphia print is out on the 15th
