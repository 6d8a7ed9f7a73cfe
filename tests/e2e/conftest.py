"""Real-browser harness: `streamlit run app.py` on 127.0.0.1 and Debian's Chromium via Playwright.

The browser is /usr/bin/chromium (never a downloaded one). Without it the browser tests skip,
except in CI (ROTATION_REQUIRE_BROWSER=1), where a missing browser is a failure.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("ROTATION_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
]
ARTIFACTS = ROOT / "tests" / "artifacts"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class AppServer:
    """A `streamlit run app.py` subprocess on a free loopback port."""

    def __init__(self, env: dict[str, str], log_path: Path) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self._log = open(log_path, "wb")  # noqa: SIM115 - closed in stop()
        self.started_at = time.monotonic()
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "app.py",
                "--server.port",
                str(self.port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
                "--browser.gatherUsageStats",
                "false",
            ],
            cwd=ROOT,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )

    def wait_healthy(self, timeout: float = 60.0) -> float:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited: {self.log_path.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        return time.monotonic() - self.started_at
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("streamlit did not become healthy in time")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self._log.close()


def server_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ROTATION_", "FRED_"))}
    env.update(
        ROTATION_SOURCES="demo",
        ROTATION_CACHE_DIR=str(tmp_path / "cache"),
        STREAMLIT_BROWSER_GATHER_USAGE_STATS="false",
    )
    env.update(extra)
    return env


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    if not CHROMIUM.exists():
        if os.environ.get("ROTATION_REQUIRE_BROWSER") == "1":
            pytest.fail(f"Chromium not found at {CHROMIUM} (required in CI)")
        pytest.skip(f"Chromium not found at {CHROMIUM}: apt-get install chromium")
    return CHROMIUM


@pytest.fixture(scope="session")
def app_server(tmp_path_factory, chromium_path) -> Iterator[AppServer]:
    tmp = tmp_path_factory.mktemp("e2e-server")
    server = AppServer(server_env(tmp), tmp / "streamlit.log")
    try:
        server.wait_healthy()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(chromium_path), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    yield page
    context.close()


#: True once the app has been idle (script finished, no spinner) for ``settle`` ms; records the
#: moment it became idle in ``window.__rrIdleSince`` (page clock, ms).
IDLE_JS = """(settle) => {
    const app = document.querySelector('[data-testid="stApp"]');
    const idle = app && app.getAttribute('data-test-script-state') === 'notRunning'
        && !document.querySelector('[data-testid="stSpinner"]')
        && document.querySelector('[data-testid="stMainBlockContainer"] h1');
    const now = performance.now();
    if (!idle) { window.__rrIdleSince = undefined; return false; }
    if (window.__rrIdleSince === undefined) { window.__rrIdleSince = now; }
    return now - window.__rrIdleSince >= settle;
}"""
#: Forget the previous idle moment and return the page clock: call just before an action.
MARK_JS = "() => { window.__rrIdleSince = undefined; return performance.now(); }"


def wait_rendered(page, timeout: float = 30_000, settle_ms: int = 600) -> None:
    """Wait until the app is idle: the script finished (``data-test-script-state`` is
    ``notRunning``) and stayed finished for ``settle_ms`` (a widget change starts a rerun a
    moment after the click). The previous idle moment is forgotten first, so a wait right after
    a click cannot return on the state from before it."""
    page.wait_for_selector('[data-testid="stMainBlockContainer"] h1', timeout=timeout)
    page.evaluate("() => { window.__rrIdleSince = undefined; }")
    page.wait_for_function(IDLE_JS, arg=settle_ms, timeout=timeout, polling=100)


def nav_link(page, view):
    """The sidebar navigation link of ``view`` (a :class:`tests.views.View`)."""
    links = page.locator('[data-testid="stSidebarNav"] a[data-testid="stSidebarNavLink"]')
    return links.filter(has_text=view.title).first


def open_via_nav(page, view, timeout: float = 30_000) -> float:
    """Click ``view``'s nav link and wait until it has rendered; returns the render time in
    seconds (click to idle, without the settle wait)."""
    t0 = page.evaluate(MARK_JS)
    nav_link(page, view).click()
    if not view.default:
        page.wait_for_url(f"**/{view.url_path}*", timeout=timeout)
    page.wait_for_selector('[data-testid="stMainBlockContainer"] h1', timeout=timeout)
    page.wait_for_function(IDLE_JS, arg=600, timeout=timeout, polling=100)
    return (page.evaluate("() => window.__rrIdleSince") - t0) / 1000.0


def assert_no_exception(page) -> None:
    errors = page.locator('[data-testid="stException"]')
    assert errors.count() == 0, errors.first.inner_text()[:2000]


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
