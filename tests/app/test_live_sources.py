"""Pages on the live Yahoo path (yfinance's real ``download`` over a fake ``Ticker``, no
network): a failed ticker is named on the page and the good ones still render."""

from __future__ import annotations

import pytest

from dashboard.data.load import BACKOFF
from tests.app.helpers import assert_clean, run_app, texts
from tests.data.test_yahoo import FakeTicker


@pytest.fixture
def yahoo(monkeypatch):
    monkeypatch.setattr("yfinance.multi.Ticker", FakeTicker)
    monkeypatch.setattr(FakeTicker, "behaviour", {})
    monkeypatch.setenv("ROTATION_SOURCES", "yahoo")
    BACKOFF.reset()
    yield FakeTicker
    BACKOFF.reset()


def test_small_caps_renders_live_pair_and_names_the_failed_index(yahoo):
    # the fake market has IWM, SPY and BTC-USD for 2026-01-05 .. 2026-01-16; ^RUT is unknown
    at = run_app({"tickers": ["IWM", "SPY"], "range": "Max"}, page="small_caps")
    assert_clean(at)
    page = texts(at)
    assert "Demo data" not in page  # nothing synthetic on this page
    assert "Could not load **^RUT**." in page
    # the reason in plain words, for the symbol it is about (not yfinance's log line)
    assert "Yahoo does not know ^RUT (an unknown or delisted symbol)." in page
    assert "YFTzMissingError" not in page and "$^RUT" not in page
    cards = {m.label: m.value for m in at.metric}
    assert any("streak" in label.lower() for label in cards)
    assert len(at.get("plotly_chart")) >= 1  # IWM vs SPY charts are drawn


def test_a_rate_limited_download_is_named_not_raised(yahoo):
    yahoo.behaviour = {"IWM": "ratelimit", "SPY": "ratelimit"}
    at = run_app({"tickers": ["IWM", "SPY"]}, page="small_caps")
    assert_clean(at)
    page = texts(at).lower()
    assert "could not load" in page and "rate limit" in page
