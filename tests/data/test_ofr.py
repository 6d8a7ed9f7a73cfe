"""The OFR adapter against a real HTTP server on 127.0.0.1, through the real requests-cache
session: units, point in time, caching, typed errors, and its place in the liquidity chain."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime

import pandas as pd
import pytest

from dashboard.data import catalog, http
from dashboard.data.load import BACKOFF, fetch_series
from dashboard.data.release import published_as_of
from dashboard.data.sources.base import Fetched, Source
from dashboard.data.sources.demo import DemoSource
from dashboard.data.sources.ofr import OfrSource, parse_timeseries
from dashboard.errors import RateLimited, SeriesNotFound, SourceUnavailable
from dashboard.settings import Settings, get_settings
from dashboard.signals import liquidity
from tests.data.fake_ofr import MNEMONIC, FakeOfr

SPEC = catalog.get(MNEMONIC)
TIMEOUT = 1.5


@pytest.fixture
def server():
    fake = FakeOfr().start()
    yield fake
    fake.stop()


@pytest.fixture(autouse=True)
def clear_backoff():
    BACKOFF.reset()
    yield
    BACKOFF.reset()


def make_source(tmp_path, server: FakeOfr) -> OfrSource:
    settings = Settings(
        cache_dir=tmp_path / "cache",
        data_dir=None,
        sources=("ofr",),
        http_timeout=TIMEOUT,
        ofr_url=server.url,
    )
    return OfrSource(settings)


def expire_cache(source: OfrSource) -> None:
    cache = http.get_session(source._settings).cache
    for response in list(cache.filter()):
        response.reset_expiration(datetime(2000, 1, 1, tzinfo=UTC))
        cache.responses[response.cache_key] = response


def test_catalog_entry_is_the_monthly_total_in_billions_released_late():
    assert SPEC.provider == "ofr" and SPEC.symbol == MNEMONIC
    assert SPEC.frequency == "M" and SPEC.units == "USD bn" and SPEC.release == "lag_45d"


def test_fetch_converts_dollars_to_billions_and_drops_nulls(tmp_path, server):
    source = make_source(tmp_path, server)
    assert isinstance(source, Source) and source.supports(SPEC)
    assert not source.supports(catalog.get("MMF_TOTAL"))
    got = source.fetch([SPEC])[MNEMONIC]
    assert isinstance(got, Fetched) and got.origin.startswith("OFR")
    assert got.series.to_dict() == {
        pd.Timestamp("2025-08-31"): 7600.0,
        pd.Timestamp("2025-09-30"): 7660.0,
        pd.Timestamp("2025-10-31"): 7810.0,
        pd.Timestamp("2025-11-30"): 7780.0,
        pd.Timestamp("2025-12-31"): 7700.0,
    }
    assert server.queries[-1] == {"mnemonic": MNEMONIC}


def test_start_is_passed_as_start_date(tmp_path, server):
    got = make_source(tmp_path, server).fetch([SPEC], start=date(2025, 11, 1))[MNEMONIC]
    assert server.queries[-1]["start_date"] == "2025-11-01"
    assert list(got.series.index) == [pd.Timestamp("2025-11-30"), pd.Timestamp("2025-12-31")]


def test_a_month_counts_from_45_days_after_it_ends_on_a_publishing_day():
    s = pd.Series([7780.0, 7700.0], index=pd.to_datetime(["2025-11-30", "2025-12-31"]))
    # Dec 31 + 45 days = Sat Feb 14 2026; Mon Feb 16 is Presidents' Day: out Tue Feb 17
    for day, published in (("2026-02-13", 1), ("2026-02-16", 1), ("2026-02-17", 2)):
        got = published_as_of(s, SPEC.release, SPEC.frequency, pd.Timestamp(day))
        assert got.size == published, day


def test_second_call_is_served_from_the_cache(tmp_path, server):
    source = make_source(tmp_path, server)
    source.fetch([SPEC])
    again = source.fetch([SPEC])[MNEMONIC]
    assert again.from_http_cache and server.hits["/v1/series/timeseries"] == 1


@pytest.mark.parametrize("mode", ["500", "hang"])
def test_stale_copy_stands_in_and_says_so(tmp_path, server, mode):
    source = make_source(tmp_path, server)
    source.fetch([SPEC])
    expire_cache(source)
    server.mode = mode
    got = source.fetch([SPEC])[MNEMONIC]
    assert got.from_http_cache and got.series.size == 5
    assert "OFR unreachable" in got.notes[-1] and "cached response" in got.notes[-1]


@pytest.mark.parametrize(
    ("mode", "error", "words"),
    [
        ("500", SourceUnavailable, "HTTP 500"),
        ("429", RateLimited, "rate limit"),
        ("html", SourceUnavailable, "web page"),
        ("garbage", SourceUnavailable, "other than a JSON list"),
    ],
)
def test_failures_are_typed(tmp_path, server, mode, error, words):
    server.mode = mode
    with pytest.raises(error, match=words) as info:
        make_source(tmp_path, server).fetch([SPEC])
    assert info.value.source == "ofr"


def test_an_error_object_means_no_such_series(tmp_path, server):
    server.mode = "error"
    out = make_source(tmp_path, server).fetch([SPEC])[MNEMONIC]
    assert isinstance(out, SeriesNotFound) and "Invalid request" in str(out)


def test_hang_costs_the_timeout(tmp_path, server):
    server.mode = "hang"
    began = time.monotonic()
    with pytest.raises(SourceUnavailable, match="timed out"):
        make_source(tmp_path, server).fetch([SPEC])
    assert time.monotonic() - began < TIMEOUT + 1.0


def test_unknown_mnemonic_is_not_found(tmp_path, server):
    spec = catalog.SeriesSpec(
        id="MMF-NOPE", label="x", kind="liquidity", provider="ofr", symbol="MMF-NOPE",
        frequency="M", units="USD bn", start=date(2020, 1, 1),
    )  # fmt: skip
    out = make_source(tmp_path, server).fetch([spec, SPEC])
    assert isinstance(out["MMF-NOPE"], SeriesNotFound) and isinstance(out[MNEMONIC], Fetched)


def test_implausible_values_are_dropped_with_a_note():
    body = b'[["2025-10-31", 7.81e12], ["2025-11-30", 7.78e9], ["bad", 1], [1, 2, 3]]'
    series, notes = parse_timeseries(body, MNEMONIC)
    assert series.tolist() == [7810.0]
    assert any("outside 100-100,000 USD bn" in n for n in notes)
    assert any("not [date, value] pairs" in n for n in notes)


def test_health(tmp_path, server):
    health = make_source(tmp_path, server).health()
    assert health.ok and "2025-12-31" in health.detail
    server.mode = "500"
    down = make_source(tmp_path, server).health()
    assert not down.ok and "HTTP 500" in down.detail


def test_in_the_chain_the_ofr_total_is_live_and_ranks_above_z1(tmp_path, server, monkeypatch):
    monkeypatch.setenv("ROTATION_OFR_URL", server.url)
    monkeypatch.setenv("ROTATION_SOURCES", "ofr,demo")
    settings = get_settings()
    ids = (MNEMONIC, "MMMFFAQ027S")
    got = fetch_series(ids, settings, sources=[OfrSource(settings), DemoSource()])
    assert got.provenance[MNEMONIC].status == "live"
    assert got.provenance["MMMFFAQ027S"].status == "synthetic"
    synthetic = {s for s, p in got.provenance.items() if p.synthetic}
    chosen = liquidity.select_series(dict(got.series), synthetic).total
    assert chosen.series_id == MNEMONIC and chosen.frequency == "M"
    assert "Office of Financial Research" in chosen.description
