"""The Yahoo adapter through the REAL yfinance and curl_cffi, over loopback.

Every request leaves through curl_cffi to an HTTP proxy on 127.0.0.1 (:mod:`tests.data.fake_yahoo`)
that refuses, black-holes, or intercepts TLS and answers as Yahoo would: 401 "Invalid Crumb",
429, 5xx, an empty chart, or real prices. Each case runs with a cold yfinance timezone cache
(a fresh process) and a warm one (after one good fetch): the warm cache is what let a dead
network pass as "possibly delisted" before.
"""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import pytest
import yfinance as yf

from dashboard.data import catalog
from dashboard.data.sources.base import Fetched
from dashboard.data.sources.yahoo import NETWORK_DOWN, SYMBOL_UNKNOWN, YAHOO_FAILING, YahooSource
from dashboard.errors import RateLimited, SeriesNotFound, SourceUnavailable
from tests.data.fake_yahoo import (
    MARKET,
    MARKET_DAYS,
    YahooProxy,
    closed_port,
    fresh_yfinance,
    route_through,
)

IWM, SPY, UNKNOWN = catalog.get("IWM"), catalog.get("SPY"), catalog.get("ZZZZ")
TIMEOUT = 2.0
#: An incremental window, as the loader asks when IWM and SPY are stored.
SINCE = date(2026, 1, 5)


@pytest.fixture
def proxy(tmp_path):
    fake = YahooProxy(tmp_path).start()
    yield fake
    fake.stop()


@pytest.fixture(params=["cold", "warm"])
def yahoo(request, proxy, tmp_path, monkeypatch) -> YahooSource:
    """A YahooSource whose yfinance reaches the fake through the proxy; ``warm`` has fetched
    IWM and SPY successfully once (timezones cached), ``cold`` has never reached Yahoo."""
    before = yf.cache._TzDBManager.get_location()
    fresh_yfinance(tmp_path / "yfinance")
    route_through(monkeypatch, proxy.url, proxy.ca_file)
    source = YahooSource(timeout=TIMEOUT)
    if request.param == "warm":
        assert all(isinstance(o, Fetched) for o in source.fetch([IWM, SPY]).values())
        assert (tmp_path / "yfinance" / "tkr-tz.db").exists()
        yf.data.YfData.cache_get.cache_clear()
    proxy.hits.clear()
    yield source
    fresh_yfinance(Path(before))


def test_good_answers_are_prices_and_an_unknown_symbol_still_says_so(yahoo, proxy):
    out = yahoo.fetch([IWM, SPY, UNKNOWN])
    assert isinstance(out["IWM"], Fetched)
    assert (
        out["IWM"].series.iloc[-1] == MARKET["IWM"] + len(MARKET_DAYS) - 1
    )  # the fake's last close
    assert isinstance(out["ZZZZ"], SeriesNotFound)
    assert "unknown symbol or delisted" in str(out["ZZZZ"])
    assert yahoo.health().ok
    assert proxy.hits[("query2.finance.yahoo.com", "/v8/finance/chart/IWM")] >= 1


@pytest.mark.parametrize("start", [None, SINCE], ids=["full", "incremental"])
def test_refused_connection_is_network_down_never_delisted(yahoo, monkeypatch, start):
    route_through(monkeypatch, f"http://127.0.0.1:{closed_port()}")
    with pytest.raises(SourceUnavailable) as err:
        yahoo.fetch([IWM, SPY], start=start)
    assert NETWORK_DOWN in str(err.value) and "delisted" not in str(err.value)
    # the loader hands this one error to every ticker asked: it must name none of them (it
    # said "Yahoo unreachable for IWM" about SPY, issue 17)
    assert "IWM" not in str(err.value) and "SPY" not in str(err.value)
    health = yahoo.health()
    assert not health.ok and health.detail.startswith(NETWORK_DOWN)


def test_black_hole_costs_the_timeout_not_minutes(yahoo, proxy):
    proxy.mode = "blackhole"
    began = time.monotonic()
    with pytest.raises(SourceUnavailable, match=f"did not answer within {TIMEOUT:g} s"):
        yahoo.fetch([IWM, SPY], start=SINCE)
    assert time.monotonic() - began < TIMEOUT + 1.0
    began = time.monotonic()
    health = yahoo.health()
    assert not health.ok and health.detail.startswith(NETWORK_DOWN)
    assert time.monotonic() - began < TIMEOUT + 1.0
    # the abandoned download's threads fail fast instead of waiting on the proxy
    proxy.mode = "ok"
    assert isinstance(yahoo.fetch([IWM])["IWM"], Fetched)


@pytest.mark.parametrize("mode", ["401", "500", "502", "503"])
@pytest.mark.parametrize("start", [None, SINCE], ids=["full", "incremental"])
def test_yahoo_errors_are_failures_never_delisted(yahoo, proxy, mode, start):
    proxy.mode = mode
    with pytest.raises(SourceUnavailable) as err:
        yahoo.fetch([IWM, SPY], start=start)
    message = str(err.value)
    assert f"HTTP {mode}" in message or "error page" in message, message
    assert "IWM" not in message and "SPY" not in message
    assert YAHOO_FAILING in message and not isinstance(err.value, RateLimited)
    health = yahoo.health()
    assert not health.ok and health.detail.startswith(YAHOO_FAILING)


def test_rate_limit_is_rate_limited(yahoo, proxy):
    proxy.mode = "429"
    with pytest.raises(RateLimited):
        yahoo.fetch([IWM, SPY], start=SINCE)
    health = yahoo.health()
    assert not health.ok and health.detail.startswith("rate limited")


def test_empty_chart_for_a_stored_series_is_a_failure(yahoo, proxy):
    proxy.mode = "empty"
    with pytest.raises(SourceUnavailable, match="empty answer, treated as a failed fetch"):
        yahoo.fetch([IWM, SPY], start=SINCE)


def test_empty_chart_on_a_first_fetch_is_no_data_not_an_outage(yahoo, proxy):
    proxy.mode = "empty"
    out = yahoo.fetch([IWM])
    assert isinstance(out["IWM"], SeriesNotFound) and "no price data" in str(out["IWM"])
    health = yahoo.health()
    assert not health.ok and health.detail.startswith(SYMBOL_UNKNOWN)
