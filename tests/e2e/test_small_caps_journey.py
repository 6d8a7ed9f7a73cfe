"""A user opens the small-caps view in Chromium, switches the pair to ^RUT and its natural
benchmark, and the link carries both."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_exception, screenshot, wait_rendered

pytestmark = pytest.mark.e2e


def main(page):
    return page.locator('[data-testid="stMain"]')


def test_change_the_pair_and_share_it(app_server, browser, page):
    page.goto(app_server.url)
    wait_rendered(page)
    page.locator('[data-testid="stSidebarNav"]').get_by_text("Small caps", exact=True).click()
    wait_rendered(page)
    assert_no_exception(page)
    assert urlparse(page.url).path == "/small_caps"
    assert main(page).locator("h1").first.inner_text().strip() == "Small caps"
    cards = main(page).locator('[data-testid="stMetric"]')
    assert cards.count() == 4
    assert "10 sessions" in cards.first.inner_text()

    main(page).locator('[data-testid="stSelectbox"]').first.click()
    page.get_by_role("option", name="^RUT", exact=True).click()
    wait_rendered(page)
    assert_no_exception(page)
    assert parse_qs(urlparse(page.url).query)["pair"] == ["^RUT"]
    assert main(page).get_by_text("^RUT pairs naturally with ^GSPC").count() == 1

    main(page).get_by_role("button", name="Compare with ^GSPC").click()
    wait_rendered(page)
    assert_no_exception(page)
    query = parse_qs(urlparse(page.url).query)
    assert query["pair"] == ["^RUT"] and query["bench"] == ["^GSPC"]
    assert (
        "longest since 1990-11-09"
        in main(page).locator('[data-testid="stMetric"]').first.inner_text()
    )
    screenshot(page, "small-caps-rut-vs-gspc")

    fresh = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        other = fresh.new_page()
        other.goto(page.url)
        wait_rendered(other)
        assert_no_exception(other)
        assert other.get_by_text("Page not found").count() == 0
        assert main(other).get_by_text("^RUT against ^GSPC on ").count() == 1
    finally:
        fresh.close()


def test_a_bad_pair_in_a_link_shows_a_notice(app_server, page):
    page.goto(f"{app_server.url}/small_caps?pair=%3Cb%3Ex%3C%2Fb%3E")
    wait_rendered(page)
    assert_no_exception(page)
    expect(main(page).get_by_text("Ignored pair=")).to_have_count(1)
    expect(main(page).locator('[data-testid="stMetric"]')).to_have_count(4, timeout=20_000)
    screenshot(page, "small-caps-bad-pair")
