"""What only a browser shows under load: one Chromium user walks every view, charts drawn, while
websocket sessions (bench/wsload.py, no browsers) keep the same server busy. Capacity figures
(10/25/50 sessions, one and two replicas) are measured at the server in ``make bench``."""

from __future__ import annotations

import threading

import pytest

from bench.wsload import run_ws_load
from tests.e2e.conftest import assert_no_exception, open_via_nav, wait_rendered
from tests.views import views

pytestmark = pytest.mark.e2e

BACKGROUND_SESSIONS = 4  # light: bounded time on a shared 2-core machine


def test_a_browser_user_gets_every_view_drawn_while_other_sessions_load_the_server(
    app_server, page
):
    background: dict = {}
    load = threading.Thread(
        target=lambda: background.update(
            result=run_ws_load(app_server.url, BACKGROUND_SESSIONS, timeout_s=180)
        )
    )
    page.set_default_timeout(120_000)  # the server is busy on purpose
    page.goto(app_server.url)
    wait_rendered(page, timeout=120_000)
    load.start()
    try:
        for view in (*views()[1:], views()[0]):
            open_via_nav(page, view, timeout=120_000)
            assert_no_exception(page)
            charts = page.locator('[data-testid="stPlotlyChart"] .main-svg')
            if view.key != "overview":  # every other view draws plotly charts
                charts.first.wait_for(state="visible", timeout=60_000)
    finally:
        load.join(240)
    result = background["result"]
    assert result.failures == [] and result.exceptions == []
    assert result.completed == BACKGROUND_SESSIONS
