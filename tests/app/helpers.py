"""AppTest helpers: run the real app.py with a query string, switch pages, collect text."""

from __future__ import annotations

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")

PAGES = {
    "overview": "pages/overview.py",
    "compare": "pages/compare.py",
    "small_caps": "pages/small_caps.py",
    "macro": "pages/macro.py",
    "liquidity": "pages/liquidity.py",
    "cross_asset": "pages/cross_asset.py",
    "global_view": "pages/global_view.py",
}


def run_app(query: dict | None = None, page: str | None = None, timeout: float = 60) -> AppTest:
    """The link ``/<page>?<query>`` opened as a first request: the first run is that page, so
    its own parameters are read there (another page drops them as not its own)."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    for key, value in (query or {}).items():
        at.query_params[key] = value
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


def event_marker_dates(at: AppTest) -> list[set[str]]:
    """Per plotly chart on the page, the dates (YYYY-MM-DD) of its dotted event-timeline lines."""
    found = []
    for chart in at.get("plotly_chart"):
        shapes = json.loads(chart.proto.spec)["layout"].get("shapes", [])
        found.append(
            {
                str(s["x0"])[:10]
                for s in shapes
                if s.get("type") == "line"
                and s.get("line", {}).get("dash") == "dot"
                and str(s.get("yref", "")).endswith("domain")
                and s.get("x0") == s.get("x1")
            }
        )
    return found


def assert_clean(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
