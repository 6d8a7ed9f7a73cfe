"""A user opens the cross-asset view, drops an asset, and the link carries the selection."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from tests.e2e.conftest import assert_no_exception, screenshot, wait_rendered

pytestmark = pytest.mark.e2e


def test_toggle_an_asset_and_share_the_link(app_server, browser, page):
    page.goto(f"{app_server.url}/cross_asset")
    wait_rendered(page, timeout=60_000)
    assert_no_exception(page)
    main = page.locator('[data-testid="stMain"]')
    assert main.get_by_role("heading", name="Cross-asset rotation").count() == 1
    box = main.locator('[data-testid="stMultiSelect"]').first
    field = box.locator("input")
    field.click(force=True)
    field.press("Backspace")  # removes the last tag, SLV
    page.keyboard.press("Escape")
    wait_rendered(page, timeout=60_000)
    assert_no_exception(page)
    query = parse_qs(urlparse(page.url).query)
    assert "SLV" not in query.get("assets", [])
    assert "IWM" in query.get("assets", [])
    screenshot(page, "cross_asset")

    fresh = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        other = fresh.new_page()
        other.goto(page.url)
        wait_rendered(other, timeout=60_000)
        assert_no_exception(other)
        tags = other.locator('[data-testid="stMain"] [data-testid="stMultiSelect"] [data-tag]')
        labels = [t.get_attribute("aria-label") for t in tags.all()]
        assert "SLV" not in " ".join(str(x) for x in labels)
    finally:
        fresh.close()
