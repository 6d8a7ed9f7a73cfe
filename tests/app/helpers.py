"""AppTest helpers: run the real app.py with a query string, switch pages, collect text."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")

PAGES = {
    "overview": "pages/overview.py",
    "small_caps": "pages/small_caps.py",
    "macro": "pages/macro.py",
    "liquidity": "pages/liquidity.py",
    "cross_asset": "pages/cross_asset.py",
    "global_view": "pages/global_view.py",
}


def run_app(query: dict | None = None, page: str | None = None, timeout: float = 60) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=timeout)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    if page is not None and page != "overview":
        at.switch_page(PAGES[page])
        at.run()
    return at


def texts(at: AppTest) -> str:
    """All markdown, captions, alerts and metric labels/values as one string."""
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    for kind in ("warning", "error", "info", "success"):
        parts += [a.value for a in getattr(at, kind)]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    return "\n".join(str(p) for p in parts)


def assert_clean(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
