"""The FRED adapter against a real HTTP server on 127.0.0.1, through the real requests-cache
session: caching, stale-if-error, timeouts, typed errors, and that the key never leaks."""

from __future__ import annotations

import logging
import time
import traceback
from datetime import UTC, date, datetime

import pandas as pd
import pytest

from dashboard.data import catalog, http
from dashboard.data.sources.base import Fetched, Source
from dashboard.data.sources.fred import (
    API_ORIGIN,
    FIRST_RELEASE_ORIGIN,
    GRAPH_ORIGIN,
    FredSource,
    parse_fredgraph_csv,
)
from dashboard.errors import RateLimited, SeriesNotFound, SourceUnavailable
from dashboard.settings import Secret, Settings
from tests.data.fake_fred import API_KEY, FakeFred

ICSA = catalog.get("ICSA")
PHILLY = catalog.get("GACDFSA066MSFRBPHI")
TIMEOUT = 1.5  # generous: a busy 2-core machine must not turn a slow answer into a timeout


def unknown(series_id: str = "NOSUCHSERIES") -> catalog.SeriesSpec:
    return catalog.SeriesSpec(
        id=series_id,
        label=series_id,
        kind="macro",
        provider="fred",
        symbol=series_id,
        frequency="M",
        units="",
        start=date(2000, 1, 1),
    )


@pytest.fixture
def server():
    fake = FakeFred().start()
    yield fake
    fake.stop()


def make_settings(tmp_path, *, key: bool, timeout: float = TIMEOUT) -> Settings:
    return Settings(
        cache_dir=tmp_path / "cache",
        data_dir=None,
        sources=("fred",),
        fred_api_key=Secret(API_KEY) if key else None,
        http_timeout=timeout,
    )


def make_source(tmp_path, server: FakeFred, *, key: bool, timeout: float = TIMEOUT) -> FredSource:
    return FredSource(
        make_settings(tmp_path, key=key, timeout=timeout),
        base_url=f"{server.url}/fred",
        graph_url=f"{server.url}/graph/fredgraph.csv",
    )


def expire_cache(source: FredSource) -> None:
    """Age every cached response past its expiry, as if the freshness window had passed."""
    http.get_session(source._settings).cache.reset_expiration(datetime(2000, 1, 1, tzinfo=UTC))


def cache_bytes(tmp_path) -> bytes:
    return b"".join(p.read_bytes() for p in (tmp_path / "cache").glob(f"{http.HTTP_CACHE_FILE}*"))


def all_text(exc: BaseException) -> str:
    return str(exc) + "".join(traceback.format_exception(exc))


both_paths = pytest.mark.parametrize("key", [True, False], ids=["api", "fredgraph"])


# --- the session --------------------------------------------------------------------------


def test_one_session_per_cache_dir_and_timeout(tmp_path):
    settings = make_settings(tmp_path, key=False)
    assert http.get_session(settings) is http.get_session(settings)
    assert http.get_session(settings) is not http.get_session(
        make_settings(tmp_path / "x", key=False)
    )
    assert (tmp_path / "cache" / http.HTTP_CACHE_FILE).exists()


def test_scrub_hides_key_values_only():
    url = f"http://h/fred/series?series_id=GDP&api_key={API_KEY}&file_type=xml"
    assert http.scrub(url) == "http://h/fred/series?series_id=GDP&api_key=***&file_type=xml"
    assert http.scrub(f"api_key%3D{API_KEY}'") == "api_key%3D***'"


def test_fred_source_satisfies_protocol(tmp_path, server):
    source = make_source(tmp_path, server, key=False)
    assert isinstance(source, Source)
    assert source.name == "fred"
    assert source.supports(ICSA) and not source.supports(catalog.get("IWM"))


# --- delivering data ----------------------------------------------------------------------


@both_paths
def test_fetch_drops_missing_values_and_names_its_origin(tmp_path, server, key):
    source = make_source(tmp_path, server, key=key)
    out = source.fetch([ICSA, PHILLY])
    icsa = out["ICSA"]
    assert isinstance(icsa, Fetched)
    assert icsa.origin == (API_ORIGIN if key else GRAPH_ORIGIN)
    assert list(icsa.series.index) == list(
        pd.to_datetime(["2026-01-03", "2026-01-17", "2026-01-24"])
    )
    assert icsa.series.tolist() == [210000.0, 198000.0, 205000.0]
    assert icsa.series.index.name == "date" and icsa.series.dtype == "float64"
    assert not icsa.from_http_cache and icsa.notes == ()
    assert out["GACDFSA066MSFRBPHI"].series.tolist() == [-1.7, 12.6]


@both_paths
def test_start_is_passed_to_fred(tmp_path, server, key):
    source = make_source(tmp_path, server, key=key)
    out = source.fetch([ICSA], start=date(2026, 1, 15))
    assert out["ICSA"].series.index[0] == pd.Timestamp("2026-01-17")
    param = "observation_start" if key else "cosd"
    assert server.queries[-1][param] == ["2026-01-15"]


@both_paths
def test_nothing_new_since_start_is_an_empty_delivery_not_an_error(tmp_path, server, key):
    out = make_source(tmp_path, server, key=key).fetch([ICSA], start=date(2026, 6, 1))
    assert isinstance(out["ICSA"], Fetched) and out["ICSA"].series.empty


def test_old_fredgraph_layout_is_read():
    s = parse_fredgraph_csv("DATE,ICSA\n2020-01-04,212000\n2020-01-11,.\n", "ICSA")
    assert s.tolist() == [212000.0] and s.index[0] == pd.Timestamp("2020-01-04")


def test_fredgraph_empty_cells_are_missing():
    s = parse_fredgraph_csv("observation_date,X\n2020-01-01,\n2020-02-01,1.5\n", "X")
    assert s.tolist() == [1.5]


def test_first_release_ignores_revisions(tmp_path, server):
    fetched = make_source(tmp_path, server, key=True).first_release(PHILLY)
    assert fetched.origin == FIRST_RELEASE_ORIGIN
    # Nov first published -1.7 (later -2.0); Dec first published missing, then -8.8
    assert fetched.series.to_dict() == {
        pd.Timestamp("2025-11-01"): -1.7,
        pd.Timestamp("2025-12-01"): -8.8,
        pd.Timestamp("2026-01-01"): 12.6,
    }
    assert server.queries[-1]["realtime_start"] == ["1776-07-04"]


def test_first_release_needs_a_key(tmp_path, server):
    with pytest.raises(SourceUnavailable, match="FRED_API_KEY"):
        make_source(tmp_path, server, key=False).first_release(PHILLY)
    assert server.total_hits == 0


# --- caching ------------------------------------------------------------------------------


@both_paths
def test_second_identical_call_is_served_from_cache(tmp_path, server, key):
    source = make_source(tmp_path, server, key=key)
    first = source.fetch([ICSA])["ICSA"]
    hits = server.total_hits
    second = source.fetch([ICSA])["ICSA"]
    assert server.total_hits == hits == 1
    assert not first.from_http_cache and second.from_http_cache
    assert second.notes == ()
    pd.testing.assert_series_equal(first.series, second.series)


def test_a_new_source_object_shares_the_cache(tmp_path, server):
    make_source(tmp_path, server, key=False).fetch([ICSA])
    again = make_source(tmp_path, server, key=False).fetch([ICSA])["ICSA"]
    assert again.from_http_cache and server.total_hits == 1


@both_paths
def test_expired_response_is_refreshed(tmp_path, server, key):
    source = make_source(tmp_path, server, key=key)
    source.fetch([ICSA])
    expire_cache(source)
    fresh = source.fetch([ICSA])["ICSA"]
    assert server.total_hits == 2 and not fresh.from_http_cache


@both_paths
@pytest.mark.parametrize("mode", ["500", "hang"])
def test_stale_copy_is_served_and_flagged_when_fred_fails(tmp_path, server, key, mode):
    source = make_source(tmp_path, server, key=key)
    first = source.fetch([ICSA])["ICSA"]
    expire_cache(source)
    server.mode = mode
    stale = source.fetch([ICSA])["ICSA"]
    assert isinstance(stale, Fetched)
    assert stale.from_http_cache
    pd.testing.assert_series_equal(first.series, stale.series)
    (note,) = stale.notes
    reason = "HTTP 500" if mode == "500" else "no response"
    assert note.startswith(f"FRED unreachable ({reason}); served the cached response from 20")
    assert server.total_hits == 2


def test_after_a_failure_the_rest_come_from_cache_only(tmp_path, server):
    """A dead server costs one timeout per refresh, not one per series."""
    source = make_source(tmp_path, server, key=False)
    source.fetch([ICSA])
    expire_cache(source)
    server.mode = "hang"
    t0 = time.monotonic()
    out = source.fetch([ICSA, PHILLY, unknown("GDP")])
    elapsed = time.monotonic() - t0
    assert server.total_hits == 2  # the first fetch, then one refresh attempt
    assert isinstance(out["ICSA"], Fetched) and out["ICSA"].notes
    assert isinstance(out["GACDFSA066MSFRBPHI"], SourceUnavailable)
    assert "no cached copy" in str(out["GACDFSA066MSFRBPHI"])
    assert isinstance(out["GDP"], SourceUnavailable)
    assert elapsed < 5 * TIMEOUT


def test_error_responses_are_not_cached(tmp_path, server):
    source = make_source(tmp_path, server, key=False)
    server.mode = "500"
    with pytest.raises(SourceUnavailable):
        source.fetch([ICSA])
    server.mode = "ok"
    assert isinstance(source.fetch([ICSA])["ICSA"], Fetched)
    assert server.total_hits == 2


def test_html_pages_are_not_cached(tmp_path, server):
    source = make_source(tmp_path, server, key=False)
    server.mode = "html"
    assert isinstance(source.fetch([ICSA])["ICSA"], SeriesNotFound)
    server.mode = "ok"
    assert isinstance(source.fetch([ICSA])["ICSA"], Fetched)
    assert server.total_hits == 2


# --- failures -----------------------------------------------------------------------------


@both_paths
def test_unknown_series_is_series_not_found(tmp_path, server, key):
    out = make_source(tmp_path, server, key=key).fetch([unknown(), ICSA])
    assert isinstance(out["NOSUCHSERIES"], SeriesNotFound)
    assert out["NOSUCHSERIES"].series_id == "NOSUCHSERIES"
    assert out["NOSUCHSERIES"].source == "fred"
    if key:
        assert "The series does not exist" in str(out["NOSUCHSERIES"])
    assert isinstance(out["ICSA"], Fetched)


def test_html_instead_of_csv_is_series_not_found(tmp_path, server):
    server.mode = "html"
    out = make_source(tmp_path, server, key=False).fetch([ICSA])
    assert isinstance(out["ICSA"], SeriesNotFound)
    assert "web page" in str(out["ICSA"])


def test_html_instead_of_xml_is_source_unavailable(tmp_path, server):
    server.mode = "html"
    with pytest.raises(SourceUnavailable, match="other than XML"):
        make_source(tmp_path, server, key=True).fetch([ICSA])


@both_paths
def test_rate_limit_is_rate_limited(tmp_path, server, key):
    server.mode = "429"
    with pytest.raises(RateLimited) as info:
        make_source(tmp_path, server, key=key).fetch([ICSA, PHILLY])
    assert info.value.source == "fred"
    assert server.total_hits == 1  # the second series was not requested


@both_paths
def test_server_error_without_cache_is_source_unavailable(tmp_path, server, key):
    server.mode = "500"
    with pytest.raises(SourceUnavailable, match=r"HTTP 500") as info:
        make_source(tmp_path, server, key=key).fetch([ICSA])
    assert not isinstance(info.value, RateLimited)


@both_paths
def test_hanging_server_times_out(tmp_path, server, key):
    server.mode = "hang"
    source = make_source(tmp_path, server, key=key)
    t0 = time.monotonic()
    with pytest.raises(SourceUnavailable, match=rf"timed out after {TIMEOUT:g} s"):
        source.fetch([ICSA])
    assert time.monotonic() - t0 < 3 * TIMEOUT  # well before the hang ends


def test_refused_connection_is_source_unavailable(tmp_path, server):
    source = make_source(tmp_path, server, key=True)
    server.stop()
    with pytest.raises(SourceUnavailable, match="connection failed"):
        source.fetch([ICSA])


def test_rejected_key_is_source_unavailable_not_series_not_found(tmp_path, server):
    source = FredSource(
        Settings(
            cache_dir=tmp_path / "cache",
            data_dir=None,
            sources=("fred",),
            fred_api_key=Secret("wrong" * 6 + "xy"),
            http_timeout=TIMEOUT,
        ),
        base_url=f"{server.url}/fred",
    )
    with pytest.raises(SourceUnavailable, match="rejected the API key"):
        source.fetch([ICSA])


# --- the key never leaks ------------------------------------------------------------------


def test_key_never_leaks(tmp_path, server, caplog):
    caplog.set_level(logging.DEBUG)
    source = make_source(tmp_path, server, key=True)
    errors: list[BaseException] = []

    def attempt(call):
        try:
            return call()
        except Exception as exc:  # noqa: BLE001 - collect every failure to scan for the key
            errors.append(exc)
            return None

    outcomes = [attempt(lambda: source.fetch([ICSA, PHILLY, unknown()]))]
    outcomes.append(attempt(lambda: source.first_release(PHILLY)))
    expire_cache(source)
    for mode in ("500", "429", "hang", "html"):
        server.mode = mode
        outcomes.append(attempt(lambda: source.fetch([ICSA])))
        outcomes.append(attempt(lambda: source.fetch([unknown("OTHER")])))
    server.mode = "ok"
    outcomes.append(source.health())
    server.stop()
    outcomes.append(attempt(lambda: source.fetch([unknown("GONE")])))
    outcomes.append(source.health())

    assert server.total_hits > 10 and len(errors) >= 5
    assert any(r.name.startswith("urllib3") for r in caplog.records)  # DEBUG really captured
    formatter = logging.Formatter("%(name)s %(message)s")
    for record in caplog.records:
        assert API_KEY not in formatter.format(record), record.name
    assert API_KEY not in caplog.text
    for exc in errors:
        assert API_KEY not in all_text(exc)
    for result in outcomes:
        for value in (result or {}).values() if isinstance(result, dict) else [result]:
            assert API_KEY not in repr(value)
            if isinstance(value, BaseException):
                assert API_KEY not in all_text(value)
    raw = cache_bytes(tmp_path)
    assert b"series_id=GACDFSA066MSFRBPHI" in raw  # the cache holds the requests...
    assert API_KEY.encode() not in raw  # ...but not the key


def test_key_is_not_part_of_the_cache_key(tmp_path, server):
    make_source(tmp_path, server, key=True).fetch([ICSA])
    other_key = FredSource(
        Settings(
            cache_dir=tmp_path / "cache",
            data_dir=None,
            sources=("fred",),
            fred_api_key=Secret("another-key"),
            http_timeout=TIMEOUT,
        ),
        base_url=f"{server.url}/fred",
    )
    assert other_key.fetch([ICSA])["ICSA"].from_http_cache
    assert server.total_hits == 1


# --- health -------------------------------------------------------------------------------


@both_paths
def test_health_reports_reachable(tmp_path, server, key):
    health = make_source(tmp_path, server, key=key).health()
    assert health.ok and health.source == "fred"
    assert ("key accepted" in health.detail) if key else ("fredgraph.csv" in health.detail)


@both_paths
def test_health_bypasses_the_cache(tmp_path, server, key):
    source = make_source(tmp_path, server, key=key)
    source.health()
    assert source.health().ok
    assert server.total_hits == 2


@both_paths
@pytest.mark.parametrize("mode", ["500", "hang", "429"])
def test_health_never_raises(tmp_path, server, key, mode):
    server.mode = mode
    t0 = time.monotonic()
    health = make_source(tmp_path, server, key=key).health()
    assert not health.ok and health.detail
    assert time.monotonic() - t0 < 3 * TIMEOUT  # well before the hang ends
