"""``make screenshots``: serve the app on demo data and save docs/screenshots/<view>.png.

One 1400x1000 PNG per view of app.py (the README's feature tour), in Debian's Chromium, with
the default shared state. Offline: demo data only. ``python -m bench.screenshots compare macro``
redoes only the views named.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.e2e.conftest import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    AppServer,
    assert_no_exception,
    server_env,
    wait_rendered,
)
from tests.views import views  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
VIEWPORT = {"width": 1400, "height": 1000}


def main(only: list[str]) -> int:
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        print(f"Chromium not found at {CHROMIUM}: apt-get install chromium", file=sys.stderr)
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="rr-shots-"))
    server = AppServer(server_env(tmp), tmp / "streamlit.log")
    try:
        server.wait_healthy()
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            context = browser.new_context(viewport=VIEWPORT)
            page = context.new_page()
            for view in (v for v in views() if not only or v.key in only):
                page.goto(f"{server.url}/{view.href}")
                wait_rendered(page, timeout=60_000, settle_ms=1500)  # let plotly draw
                assert_no_exception(page)
                path = OUT / f"{view.key}.png"
                page.screenshot(path=str(path))
                print(f"wrote {path.relative_to(ROOT)}")
            browser.close()
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
