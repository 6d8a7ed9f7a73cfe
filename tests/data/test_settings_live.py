"""Settings of the live sources: base URLs for mirrors and tests, the timeout and the deadline,
the default source order with ``ofr``; bad values are warned about, never fatal."""

from __future__ import annotations

import pytest

from dashboard.data.load import build_sources
from dashboard.settings import (
    FETCH_MARGIN_S,
    FRED_API_URL,
    FREDGRAPH_URL,
    OFR_API_URL,
    get_settings,
)


def test_defaults_are_the_public_endpoints(monkeypatch):
    monkeypatch.delenv("ROTATION_SOURCES")
    settings = get_settings()
    assert settings.sources == ("yahoo", "ofr", "fred", "demo")
    assert (settings.fred_url, settings.fredgraph_url, settings.ofr_url) == (
        "https://api.stlouisfed.org/fred",
        "https://fred.stlouisfed.org/graph/fredgraph.csv",
        "https://data.financialresearch.gov/v1",
    )
    assert (
        settings.fred_url,
        settings.fredgraph_url,
        settings.ofr_url,
    ) == (FRED_API_URL, FREDGRAPH_URL, OFR_API_URL)
    assert settings.http_timeout == 10.0
    assert settings.fetch_deadline == 10.0 + FETCH_MARGIN_S
    assert [s.name for s in build_sources(settings)] == ["yahoo", "ofr", "fred", "demo"]


def test_base_urls_reach_the_sources(monkeypatch):
    monkeypatch.setenv("ROTATION_SOURCES", "yahoo,ofr,fred")
    monkeypatch.setenv("ROTATION_FRED_URL", "http://mirror.local:8080/fred/")
    monkeypatch.setenv("ROTATION_FREDGRAPH_URL", "http://mirror.local:8080/graph/fredgraph.csv")
    monkeypatch.setenv("ROTATION_OFR_URL", "https://ofr.mirror.local/v1")
    monkeypatch.setenv("ROTATION_HTTP_TIMEOUT", "3.5")
    settings = get_settings()
    assert settings.warnings == ()
    yahoo, ofr, fred = build_sources(settings)
    assert fred.base_url == "http://mirror.local:8080/fred"
    assert fred.graph_url == "http://mirror.local:8080/graph/fredgraph.csv"
    assert ofr.base_url == "https://ofr.mirror.local/v1"
    assert yahoo.timeout == 3.5  # yfinance's requests and the download deadline
    assert "mirror.local" in settings.fingerprint  # a new mirror is a new data configuration


@pytest.mark.parametrize(
    "bad", ["ftp://x/fred", "api.stlouisfed.org/fred", "http://", "http://h/fred?api_key=1"]
)
def test_a_bad_url_is_ignored_with_a_warning(monkeypatch, bad):
    monkeypatch.setenv("ROTATION_FRED_URL", bad)
    settings = get_settings()
    assert settings.fred_url == FRED_API_URL
    assert any("ROTATION_FRED_URL" in w for w in settings.warnings)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("abc", 10.0), ("-1", 10.0), ("nan", 10.0), ("0.01", 0.1), ("9999", 300.0)],
)
def test_timeout_is_bounded(monkeypatch, raw, expected):
    monkeypatch.setenv("ROTATION_HTTP_TIMEOUT", raw)
    assert get_settings().http_timeout == expected
