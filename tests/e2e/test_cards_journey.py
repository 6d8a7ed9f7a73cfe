"""Chromium: nothing on a card is cut off (values, deltas, labels, badges ending in an ellipsis),
on every view, on the demo and on the real data folder; the Overview on the real folder opens on
the last market close with its thesis timeline drawn."""

from __future__ import annotations

import pytest

from tests.conftest import MARKET_DATA
from tests.e2e.conftest import (
    AppServer,
    assert_no_exception,
    screenshot,
    server_env,
    wait_rendered,
)
from tests.views import views

pytestmark = pytest.mark.e2e

#: Text boxes the page truncates with an ellipsis whose text is wider than the box (hidden
#: boxes, of zero width, are not shown and do not count).
CUT_OFF_JS = """() => {
  const out = [];
  const root = document.querySelector('[data-testid="stMainBlockContainer"]');
  for (const box of root.querySelectorAll('[data-testid="stMarkdownContainer"]')) {
    if (getComputedStyle(box).textOverflow !== 'ellipsis' || box.clientWidth === 0) continue;
    const range = document.createRange();
    range.selectNodeContents(box);
    if (range.getBoundingClientRect().width > box.clientWidth + 1) {
      out.push(box.textContent.slice(0, 90));
    }
  }
  return out;
}"""


@pytest.fixture(scope="module")
def real_server(tmp_path_factory, chromium_path):
    if not MARKET_DATA.is_dir():
        pytest.skip(f"real market data folder not found: {MARKET_DATA}")
    tmp = tmp_path_factory.mktemp("e2e-real")
    env = server_env(tmp, ROTATION_DATA_DIR=str(MARKET_DATA), ROTATION_SOURCES="csvdir,demo")
    server = AppServer(env, tmp / "streamlit.log")
    try:
        server.wait_healthy()
        yield server
    finally:
        server.stop()


def cut_off_on_every_view(page, url: str) -> dict[str, list[str]]:
    found = {}
    metrics = {}
    for view in views():
        page.goto(f"{url}/{view.href}")
        wait_rendered(page, timeout=60_000)
        # components loaded on first use (metric cards, charts) are drawn once their code is in
        page.wait_for_load_state("networkidle")
        wait_rendered(page, timeout=60_000)
        assert_no_exception(page)
        cut = page.evaluate(CUT_OFF_JS)
        if cut:
            found[view.url_path] = cut
        metrics[view.key] = page.locator('[data-testid="stMetricValue"]').count()
    # not vacuous: the cards were drawn (twelve scorecard cards on the Overview)
    assert metrics["overview"] == 12 and all(metrics.values()), metrics
    return found


def test_no_card_text_is_cut_off_on_the_demo(app_server, page):
    assert cut_off_on_every_view(page, app_server.url) == {}


def test_no_card_text_is_cut_off_on_the_real_folder(real_server, page):
    assert cut_off_on_every_view(page, real_server.url) == {}


def test_the_real_folder_opens_on_the_last_close_with_its_timeline(real_server, page):
    page.goto(real_server.url)
    wait_rendered(page, timeout=60_000)
    assert_no_exception(page)
    body = page.locator('[data-testid="stMainBlockContainer"]').inner_text()
    assert "Nothing is fresh on today's date" in body
    assert "Scorecard as of 2026-10-05, the last market close in the data" in body
    assert "stale (last readings" in body and "12 unavailable" not in body
    timeline = page.locator(".js-plotly-plot").first
    timeline.wait_for(timeout=30_000)
    assert timeline.locator("g.hm, .heatmaplayer image, .heatmaplayer").count() >= 1
    screenshot(page, "overview-real-last-close")
