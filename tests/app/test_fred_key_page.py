"""FRED's keyless refusal (HTTP 403) on the page: the exact guidance, and the setup checklist
naming the key as the fix; the readings fall back to labelled demo data."""

from __future__ import annotations

import pytest

from dashboard.data import vintages
from dashboard.data.load import BACKOFF
from dashboard.data.sources.fred import KEY_REQUIRED
from tests.app.helpers import assert_clean, run_app, texts
from tests.data.fake_fred import FakeFred


@pytest.fixture
def keyless_refused(monkeypatch):
    server = FakeFred().start()
    server.mode = "403"
    monkeypatch.setenv("ROTATION_SOURCES", "fred,demo")
    monkeypatch.setenv("ROTATION_FRED_URL", f"{server.url}/fred")
    monkeypatch.setenv("ROTATION_FREDGRAPH_URL", f"{server.url}/graph/fredgraph.csv")
    BACKOFF.reset()
    vintages.forget()
    yield server
    BACKOFF.reset()
    server.stop()


@pytest.mark.parametrize("page", ["overview", "macro"])
def test_the_page_says_a_key_is_the_fix(keyless_refused, page):
    at = run_app(page=page)
    assert_clean(at)
    text = texts(at)
    assert KEY_REQUIRED in text
    assert "Demo data" in text
    if page == "overview":
        assert "Data sources:" in " ".join(e.label for e in at.expander)
        assert "README: *The FRED API key*" in text
    else:
        assert "latest revised values (data from demo, not FRED; no FRED_API_KEY)" in text
    assert keyless_refused.hits["/graph/fredgraph.csv"] >= 1
