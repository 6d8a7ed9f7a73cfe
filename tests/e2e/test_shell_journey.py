"""A user changes the view, shares the link, and a teammate's fresh browser shows the same view."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from tests.e2e.conftest import assert_no_exception, screenshot, wait_rendered

pytestmark = pytest.mark.e2e


def sidebar(page):
    return page.locator('[data-testid="stSidebar"]')


def selected_tickers(page) -> list[str]:
    tags = sidebar(page).locator('[data-testid="stMultiSelect"] [role="group"] [data-tag]')
    return [t.get_attribute("aria-label") for t in tags.all()]


def selected_range(page) -> str:
    group = sidebar(page).locator('[data-testid="stButtonGroup"]')
    return group.get_by_role("radio", checked=True).inner_text().strip()


def test_changed_view_survives_a_shared_link(app_server, browser, page):
    page.goto(app_server.url)
    wait_rendered(page)
    assert_no_exception(page)
    assert selected_range(page) == "1Y"

    sidebar(page).get_by_role("radio", name="3M", exact=True).click()
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


VIEWS = ["overview", "small_caps", "macro", "liquidity", "cross_asset", "global_view"]


@pytest.mark.parametrize("view", VIEWS)
def test_every_view_renders_and_keeps_the_shared_state(app_server, page, view):
    page.goto(f"{app_server.url}/{view}?tickers=IWM&tickers=GLD&range=3M")
    wait_rendered(page)
    assert_no_exception(page)
    assert selected_range(page) == "3M"
    assert selected_tickers(page) == ["IWM", "GLD"]
    screenshot(page, f"view-{view}")


def test_a_deep_link_is_the_first_request_a_fresh_server_sees(tmp_path, browser, chromium_path):
    """Streamlit's legacy pages/ discovery is active until the first st.navigation call in a
    process: a deep link opened first must still get app.py's navigation and sidebar."""
    from tests.e2e.conftest import AppServer, server_env

    server = AppServer(server_env(tmp_path), tmp_path / "streamlit.log")
    try:
        server.wait_healthy()
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        page.goto(f"{server.url}/macro?tickers=IWM&range=6M")
        wait_rendered(page)
        assert_no_exception(page)
        assert selected_range(page) == "6M"
        assert selected_tickers(page) == ["IWM"]
        nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
        assert "Macro surprises" in nav and "Overview" in nav
        assert page.get_by_text("Page not found").count() == 0
        context.close()
    finally:
        server.stop()
