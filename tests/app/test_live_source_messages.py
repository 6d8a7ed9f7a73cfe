"""Live-source messages on the pages: FRED's keyless refusal (HTTP 403) with the exact guidance
and the setup checklist naming the key as the fix; the Liquidity view on the OFR's monthly total
saying which horizon its rule used."""

from __future__ import annotations

import pytest

from dashboard.data import vintages
from dashboard.data.load import BACKOFF
from dashboard.data.sources.fred import KEY_REQUIRED
from tests.app.helpers import assert_clean, run_app, texts
from tests.data.fake_fred import FakeFred
from tests.data.fake_yahoo import refused


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


@pytest.fixture
def ofr_live(monkeypatch):
    from tests.data.fake_ofr import FakeOfr

    server = FakeOfr().start()
    monkeypatch.setenv("ROTATION_SOURCES", "ofr,demo")
    monkeypatch.setenv("ROTATION_OFR_URL", server.url)
    BACKOFF.reset()
    yield server
    BACKOFF.reset()
    server.stop()


def test_liquidity_on_the_ofr_monthly_total_says_its_rule(ofr_live):
    # the page's as-of is today; the fake's newest month (December 2025) is long published
    at = run_app(page="liquidity")
    assert_clean(at)
    text = texts(at)
    assert "Total: MMF total assets, monthly (SEC form N-MFP)" in text  # the selection note
    cards = {m.label: m.value for m in at.metric}
    assert cards["1-month change"] == f"{100 * (7700 / 7780 - 1):+.2f}%"  # Dec vs Nov, by hand
    assert "Office of Financial Research" in text


@pytest.fixture
def yahoo_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("ROTATION_SOURCES", "yahoo")
    with refused(tmp_path, monkeypatch):
        yield


def test_an_unreachable_yahoo_is_said_plainly_once_for_the_right_symbols(yahoo_refused):
    """Issue 17, 7: the page showed yfinance's own lines ("Failed to get ticker 'SPY' ... curl:
    (6)"), named the wrong symbol (every series said IWM) and repeated it once per symbol."""
    at = run_app({"tickers": ["IWM", "SPY"]}, page="small_caps")
    assert_clean(at)
    errors = [e.value for e in at.error]
    could_not = [e for e in errors if e.startswith("Could not load")]
    assert could_not == [
        "Could not load **IWM**, **SPY** and **^RUT**. Yahoo could not be reached for IWM, SPY "
        "and ^RUT (no network)."
    ]
    page = texts(at)
    for raw in ("curl", "Failed to get ticker", "DNSError", "Connection refused", "yahoo: "):
        assert raw not in page, raw
