"""A user changes the view, shares the link, and a teammate's fresh browser shows the same view."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from tests.e2e.conftest import assert_no_exception, screenshot, wait_rendered

pytestmark = pytest.mark.e2e


def sidebar(page):
    return page.locator('[data-testid="stSidebar"]')


def selected_tickers(page) -> list[str]:
    tags = sidebar(page).locator('[data-testid="stMultiSelect"] [data-baseweb="tag"]')
    return [t.strip() for t in tags.all_inner_texts()]


def selected_range(page) -> str:
    active = sidebar(page).locator('[data-testid="stBaseButton-segmented_controlActive"]')
    return active.inner_text().strip()


def test_changed_view_survives_a_shared_link(app_server, browser, page):
    page.goto(app_server.url)
    wait_rendered(page)
    assert_no_exception(page)
    assert selected_range(page) == "1Y"

    sidebar(page).get_by_role("button", name="3M", exact=True).click()
    wait_rendered(page)
    box = sidebar(page).locator('[data-testid="stMultiSelect"] input')
    box.click()
    box.fill("XBI")
    box.press("Enter")
    page.keyboard.press("Escape")
    wait_rendered(page)

    url = page.url
    query = parse_qs(urlparse(url).query)
    assert query["range"] == ["3M"]
    assert "XBI" in query["tickers"]
    before = selected_tickers(page)
    assert "XBI" in before

    fresh = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        other = fresh.new_page()
        other.goto(url)
        wait_rendered(other)
        assert selected_range(other) == "3M"
        assert selected_tickers(other) == before
        assert_no_exception(other)
    finally:
        fresh.close()


def test_hostile_link_shows_a_notice_and_no_exception(app_server, page):
    page.goto(
        f"{app_server.url}/?tickers=%3Cscript%3Ealert(1)%3C%2Fscript%3E&tickers=IWM"
        "&range=9999&bench=..%2F..%2Fetc%2Fpasswd&start=9999-99-99"
    )
    wait_rendered(page)
    assert_no_exception(page)
    notice = page.locator('[data-testid="stAlertContentWarning"]').filter(has_text="dropped")
    assert notice.count() >= 1
    assert "invalid ticker" in notice.first.inner_text()
    assert selected_tickers(page) == ["IWM"]
    assert page.evaluate("() => window.__xss === undefined")


VIEWS = ["overview", "small-caps", "macro", "liquidity", "cross-asset", "global"]


@pytest.mark.parametrize("view", VIEWS)
def test_every_view_renders_and_keeps_the_shared_state(app_server, page, view):
    page.goto(f"{app_server.url}/{view}?tickers=IWM&tickers=GLD&range=3M")
    wait_rendered(page)
    assert_no_exception(page)
    assert selected_range(page) == "3M"
    assert selected_tickers(page) == ["IWM", "GLD"]
    screenshot(page, f"view-{view}")
