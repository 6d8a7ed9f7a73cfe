"""Chromium: the Overview scorecard and the Global view, a shared as-of link, the events toggle."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from tests.e2e.conftest import assert_no_exception, screenshot, wait_rendered

pytestmark = pytest.mark.e2e


def main(page):
    return page.locator('[data-testid="stMainBlockContainer"]')


def test_overview_link_with_asof_replays_the_day_and_global_shows_events(app_server, page):
    page.goto(f"{app_server.url}/?asof=2026-01-16")
    wait_rendered(page)
    assert_no_exception(page)
    # the metric cards are drawn by a component the browser loads on first use
    main(page).locator('[data-testid="stMetricLabel"]', has_text="real_yields").wait_for()
    body = main(page).inner_text()
    assert "of 12 confirming" in body
    assert "Scorecard as of the last day of the synthetic demo data (2026-01-16)" in body
    for sid in ("smallcap_streak", "mmf_trend", "global_growth", "real_yields"):
        assert sid in body
    screenshot(page, "overview-asof")

    page.locator('[data-testid="stSidebar"]').get_by_text("Event timeline on charts").click()
    wait_rendered(page)
    assert parse_qs(urlparse(page.url).query).get("events") == ["true"]

    main(page).get_by_role("link", name="Open Global").first.click()
    page.wait_for_url("**/global_view**", timeout=30_000)
    page.get_by_text("Global green shoots").first.wait_for(timeout=30_000)
    wait_rendered(page)
    assert_no_exception(page)
    assert "global_view" in page.url
    body = main(page).inner_text()
    assert "Global green shoots" in body and "Events marked" in body
    screenshot(page, "global-events")


def test_setting_the_date_on_the_overview(app_server, page):
    page.goto(app_server.url)
    wait_rendered(page)
    assert "synthetic demo data (2026-01-16)" in main(page).inner_text()
    # a react-aria date field: one spin button per segment; typing moves on by itself
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_role("spinbutton", name="year, As of (empty: the latest data)").click()
    page.keyboard.type("20251113")
    main(page).locator("h1").first.click()  # the field commits its value on blur
    page.wait_for_function("() => location.search.includes('asof=2025-11-13')", timeout=30_000)
    wait_rendered(page)
    assert_no_exception(page)
    assert parse_qs(urlparse(page.url).query).get("asof") == ["2025-11-13"]
    body = main(page).inner_text()
    assert "Scorecard as of 2025-11-13: only what was published by that day counts" in body
