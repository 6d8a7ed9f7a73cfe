"""A user changes the view, shares the link, and a teammate's fresh browser shows the same view.

Every view is taken from app.py (:mod:`tests.views`), so views added later are covered too.
"""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import (
    assert_no_exception,
    nav_link,
    open_via_nav,
    screenshot,
    wait_rendered,
)
from tests.views import views

pytestmark = pytest.mark.e2e

VIEWS = views()


def sidebar(page):
    return page.locator('[data-testid="stSidebar"]')


def selected_tickers(page) -> list[str]:
    tags = sidebar(page).locator('[data-testid="stMultiSelect"] [role="group"] [data-tag]')
    return [t.get_attribute("aria-label") for t in tags.all()]


def selected_range(page) -> str:
    group = sidebar(page).locator('[data-testid="stButtonGroup"]')
    return group.get_by_role("radio", checked=True).inner_text().strip()


def selected_benchmark(page) -> str:
    return sidebar(page).locator('[data-testid="stSelectbox"] input').input_value()


def choose_benchmark(page, symbol: str) -> None:
    sidebar(page).locator('[data-testid="stSelectbox"] button[aria-label="Open"]').click()
    page.get_by_role("option", name=symbol, exact=True).click()
    wait_rendered(page)


def main_title(page) -> str:
    return page.locator('[data-testid="stMainBlockContainer"] h1').first.inner_text().strip()


def query(page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def assert_shared_state(page, *, tickers, bench, range_) -> None:
    assert selected_range(page) == range_
    # the multiselect's tags can paint a moment after the script reports idle on a busy machine
    deadline = time.monotonic() + 10
    while selected_tickers(page) != tickers and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    assert selected_tickers(page) == tickers
    assert selected_benchmark(page) == bench
    q = query(page)
    assert q.get("range") == [range_]
    assert q.get("bench") == [bench]
    assert q.get("tickers") == tickers


def test_changed_view_survives_a_shared_link(app_server, browser, page):
    page.goto(app_server.url)
    wait_rendered(page)
    assert_no_exception(page)
    assert selected_range(page) == "1Y"
    assert selected_benchmark(page) == "SPY"

    sidebar(page).get_by_role("radio", name="3M", exact=True).click()
    wait_rendered(page)
    box = sidebar(page).locator('[data-testid="stMultiSelect"] input')
    box.click()
    box.fill("XBI")
    box.press("Enter")
    page.keyboard.press("Escape")
    wait_rendered(page)
    choose_benchmark(page, "QQQ")

    url = page.url
    q = query(page)
    assert q["range"] == ["3M"]
    assert q["bench"] == ["QQQ"]
    assert "XBI" in q["tickers"]
    before = selected_tickers(page)
    assert "XBI" in before

    fresh = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        other = fresh.new_page()
        other.goto(url)
        wait_rendered(other)
        assert_shared_state(other, tickers=before, bench="QQQ", range_="3M")
        assert_no_exception(other)
    finally:
        fresh.close()


def test_every_view_via_the_sidebar_keeps_the_shared_state(app_server, page):
    """Walk the nav links in order (as a user does): each view renders without an exception,
    shows its own title, and tickers, benchmark and range survive every switch."""
    tickers = ["IWM", "GLD", "XBI"]
    page.goto(f"{app_server.url}/?tickers=IWM&tickers=GLD&tickers=XBI&bench=%5ERUT&range=5Y")
    wait_rendered(page)
    assert_shared_state(page, tickers=tickers, bench="^RUT", range_="5Y")
    seen = []
    for view in [*VIEWS[1:], VIEWS[0]]:
        open_via_nav(page, view)
        assert_no_exception(page)
        assert urlparse(page.url).path.strip("/") == view.href
        assert_shared_state(page, tickers=tickers, bench="^RUT", range_="5Y")
        seen.append(main_title(page))
    assert len(seen) == len(VIEWS)


def test_nav_links_are_the_views_of_app_py(app_server, page):
    page.goto(app_server.url)
    wait_rendered(page)
    for view in VIEWS:
        href = urlparse(nav_link(page, view).get_attribute("href")).path.strip("/")
        assert href == view.href, view


def test_hostile_link_shows_a_notice_and_no_exception(app_server, page):
    page.goto(
        f"{app_server.url}/?tickers=%3Cscript%3Ewindow.__xss%3D1%3C%2Fscript%3E&tickers=IWM"
        "&range=9999&bench=..%2F..%2Fetc%2Fpasswd&start=9999-99-99"
    )
    wait_rendered(page)
    assert_no_exception(page)
    notice = page.locator('[data-testid="stAlertContentWarning"]').filter(has_text="dropped")
    assert notice.count() >= 1
    assert "invalid ticker" in notice.first.inner_text()
    # the multiselect may draw its chips a moment after the run (seen once in CI): wait for one
    chips = sidebar(page).locator('[data-testid="stMultiSelect"] [role="group"] [data-tag]')
    expect(chips).to_have_count(1, timeout=10_000)
    assert selected_tickers(page) == ["IWM"]
    assert page.evaluate("() => window.__xss === undefined")


@pytest.mark.parametrize("view", VIEWS, ids=[v.key for v in VIEWS])
def test_every_view_by_url_renders_keeps_the_state_and_is_screenshotted(app_server, page, view):
    page.goto(f"{app_server.url}/{view.href}?tickers=IWM&tickers=GLD&bench=QQQ&range=3M")
    wait_rendered(page)
    assert_no_exception(page)
    assert page.get_by_text("Page not found").count() == 0
    assert urlparse(page.url).path.strip("/") == view.href
    assert_shared_state(page, tickers=["IWM", "GLD"], bench="QQQ", range_="3M")
    # the page is the one asked for: its nav link is the active one
    active = page.locator('[data-testid="stSidebarNavLink"][aria-current="page"]')
    if active.count():
        assert view.title in active.first.inner_text()
    assert screenshot(page, f"view-{view.key}").stat().st_size > 10_000


def _deep_link_targets():
    """Two views other than the default (every URL is its file name: tests/app/test_views_list)."""
    return [pytest.param(v, id=v.key) for v in VIEWS if not v.default][:2]


@pytest.mark.parametrize("target", _deep_link_targets())
def test_a_deep_link_is_the_first_request_a_fresh_server_sees(
    tmp_path, browser, chromium_path, target
):
    """Streamlit's legacy pages/ discovery is active until the first st.navigation call in a
    process: a deep link opened first must still get app.py's navigation and sidebar."""
    from tests.e2e.conftest import AppServer, server_env

    server = AppServer(server_env(tmp_path), tmp_path / "streamlit.log")
    try:
        server.wait_healthy()
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        page.goto(f"{server.url}/{target.url_path}?tickers=IWM&range=6M")
        wait_rendered(page)
        assert_no_exception(page)
        assert selected_range(page) == "6M"
        assert selected_tickers(page) == ["IWM"]
        nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
        assert all(v.title in nav for v in VIEWS)
        assert urlparse(page.url).path.strip("/") == target.url_path
        assert page.get_by_text("Page not found").count() == 0
        context.close()
    finally:
        server.stop()
