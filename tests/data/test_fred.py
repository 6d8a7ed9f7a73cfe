"""The FRED adapter against a real HTTP server on 127.0.0.1, through the real requests-cache
session: caching, stale-if-error, timeouts, typed errors, and that the key never leaks."""

from __future__ import annotations

import logging
import time
import traceback
from datetime import UTC, date, datetime

import pandas as pd
import pytest

from dashboard.data import catalog, http, vintages
from dashboard.data.sources.base import Fetched, Source
from dashboard.data.sources.fred import (
    API_ORIGIN,
    GRAPH_ORIGIN,
    KEY_REQUIRED,
    FredSource,
    _FredApi,
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
    """Age every cached response past its expiry, as if the freshness window had passed.

    (requests-cache's own ``reset_expiration`` writes while it iterates the sqlite table, which
    deadlocks once the cache holds more than a page of rows: the responses are listed first.)"""
    cache = http.get_session(source._settings).cache
    for response in list(cache.filter()):
        response.reset_expiration(datetime(2000, 1, 1, tzinfo=UTC))
        cache.responses[response.cache_key] = response


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


def test_vintages_are_alfreds_real_time_periods_over_json(tmp_path, server):
    table = make_source(tmp_path, server, key=True).vintages(PHILLY)
    query = server.queries[-1]
    assert query["file_type"] == ["json"]
    assert query["realtime_start"] == ["1776-07-04"] and query["realtime_end"] == ["9999-12-31"]
    assert list(table.columns) == list(vintages.COLUMNS)
    nov = table[table["date"] == "2025-11-01"]
    assert nov["value"].tolist() == [-1.7, -2.0]
    assert nov["realtime_end"].iloc[0] == pd.Timestamp("2026-01-01")  # the day before -2.0
    assert pd.isna(nov["realtime_end"].iloc[1])  # still current
    # Nov first published -1.7 (later -2.0); Dec first published missing, then -8.8
    first = vintages.first_releases(table)
    assert first["value"].to_dict() == {
        pd.Timestamp("2025-11-01"): -1.7,
        pd.Timestamp("2025-12-01"): -8.8,
        pd.Timestamp("2026-01-01"): 12.6,
    }
    assert first.loc["2025-12-01", "released"] == pd.Timestamp("2026-01-15")


def test_vintages_are_read_page_by_page(tmp_path, server, monkeypatch):
    monkeypatch.setattr("dashboard.data.sources.fred.PAGE_LIMIT", 2)
    table = make_source(tmp_path, server, key=True).vintages(PHILLY)
    assert len(table) == 5
    assert [q["offset"] for q in server.queries] == [["0"], ["2"], ["4"]]


def test_vintages_need_a_key(tmp_path, server):
    with pytest.raises(SourceUnavailable, match="FRED_API_KEY"):
        make_source(tmp_path, server, key=False).vintages(PHILLY)
    assert server.total_hits == 0


def test_vintages_of_an_unknown_series_are_not_found(tmp_path, server):
    with pytest.raises(SeriesNotFound, match="does not exist"):
        make_source(tmp_path, server, key=True).vintages(unknown())


def test_fredapi_hook_is_still_there():
    """fredapi is reached through one private method. If an upgrade renames it, every keyed
    request would bypass our session (no timeout, no cache, key in urllib's hands): fail loudly
    here, and keep pyproject's fredapi bound on the versions this passes on."""
    import fredapi

    assert hasattr(fredapi.Fred, "_Fred__fetch_data"), (
        f"fredapi {fredapi.__version__ if hasattr(fredapi, '__version__') else '?'} no longer "
        "has Fred._Fred__fetch_data: FredSource's transport hook is gone"
    )
    seen: list[str] = []

    def fetch(url: str):
        seen.append(url)
        import xml.etree.ElementTree as ET

        return ET.fromstring(
            '<observations><observation realtime_start="2026-01-01" realtime_end="2026-01-01" '
            'date="2026-01-03" value="210000"/></observations>'
        )

    values = _FredApi(fetch, "http://fred.invalid/fred").get_series("ICSA")
    assert seen and seen[0].startswith("http://fred.invalid/fred/series/observations?")
    assert values.to_dict() == {pd.Timestamp("2026-01-03"): 210000.0}


# --- keyless: FRED's 403 --------------------------------------------------------------------


def test_keyless_403_says_the_key_is_the_fix(tmp_path, server):
    server.mode = "403"
    source = make_source(tmp_path, server, key=False)
    with pytest.raises(SourceUnavailable) as err:
        source.fetch([ICSA, PHILLY])
    assert str(err.value) == KEY_REQUIRED
    assert KEY_REQUIRED == (
        "FRED refuses requests without an API key: get a free key at fred.stlouisfed.org and set "
        "FRED_API_KEY (or .streamlit/secrets.toml)"
    )
    health = source.health()
    assert not health.ok and health.detail == KEY_REQUIRED
    assert server.hits["/graph/fredgraph.csv"] == 2  # one per batch, one for health


def test_keyless_403_names_the_fix_for_every_series_of_the_batch(tmp_path, server):
    server.mode = "ok"
    source = make_source(tmp_path, server, key=False)
    source.fetch([ICSA])  # ICSA cached; PHILLY not
    expire_cache(source)
    server.mode = "403"
    got = source.fetch([ICSA, PHILLY])
    assert isinstance(got["ICSA"], Fetched) and KEY_REQUIRED in got["ICSA"].notes[0]
    assert KEY_REQUIRED in str(got["GACDFSA066MSFRBPHI"])


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
    outcomes.append(attempt(lambda: source.vintages(PHILLY)))
    outcomes.append(attempt(lambda: source.vintages(unknown("NOVINTAGES"))))
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


def exception_chain(exc: BaseException) -> list[BaseException]:
    """``exc`` and everything reachable through ``__cause__`` and ``__context__``, whether or
    not a traceback would print it (``raise ... from None`` only hides the context)."""
    seen: list[BaseException] = []
    todo = [exc]
    while todo:
        current = todo.pop()
        if current is None or any(current is s for s in seen):
            continue
        seen.append(current)
        todo += [current.__cause__, current.__context__]
    return seen


def texts_of(exc: BaseException) -> list[str]:
    """Every string an exception carries: message, args, and the URLs of a request/response."""
    out = [str(exc), repr(exc), *map(repr, exc.args)]
    for attr in ("request", "response"):
        obj = getattr(exc, attr, None)
        if obj is not None:
            out += [str(getattr(obj, "url", "")), repr(obj)]
            out += [str(getattr(h, "url", "")) for h in getattr(obj, "history", ())]
    return out


def test_no_exception_chain_holds_the_key(tmp_path, server):
    """Walk __cause__/__context__ of every error the source raises or returns, for every way
    FRED can fail: no exception anywhere in a chain quotes the key."""
    source = make_source(tmp_path, server, key=True, timeout=0.5)
    failures: list[BaseException] = []

    def collect(call):
        try:
            result = call()
        except Exception as exc:  # noqa: BLE001 - collect every failure
            failures.append(exc)
            return
        if isinstance(result, dict):
            failures.extend(v for v in result.values() if isinstance(v, BaseException))

    for mode in ("ok", "500", "429", "hang", "html", "redirect"):
        server.mode = mode
        expire_cache(source)
        collect(lambda: source.fetch([ICSA, unknown("MISSING")]))
        collect(lambda: source.vintages(PHILLY))
    server.stop()  # refused connections: requests' ConnectionError quotes the full URL
    collect(lambda: source.fetch([unknown("GONE")]))
    collect(lambda: source.vintages(unknown("GONE2")))
    assert len(failures) >= 8
    for failure in failures:
        chain = exception_chain(failure)
        assert chain == [failure], f"{failure!r} chains {chain[1:]!r}"
        for exc in chain:
            for text in texts_of(exc):
                assert API_KEY not in text, (type(exc).__name__, text)


def test_a_redirect_is_never_followed_with_the_key(tmp_path, server):
    """FRED answering a 301 (say, a moved endpoint): following it would send the key wherever
    it points and leave the hop's URL, key included, in the response history and in the HTTP
    cache. It is not followed: the series fails with a message naming the setting to check."""
    server.mode = "redirect"
    got = make_source(tmp_path, server, key=True).fetch
    with pytest.raises(SourceUnavailable, match=r"redirect \(HTTP 301\).*not followed"):
        got([ICSA])
    assert server.hits["/fred/series/observations"] == 1  # the 301 only, no second request
    assert API_KEY.encode() not in cache_bytes(tmp_path)
    # a request without a secret still follows redirects, and its history is scrubbed anyway
    session = http.get_session(make_settings(tmp_path, key=True))
    served = http.get(
        session, f"{server.url}/fred/series", source="fred", label="FRED", params={"x": "1"}
    )
    assert served.status != 301 and len(served.response.history) == 1


def test_response_urls_are_scrubbed_of_the_key(tmp_path, server):
    session = http.get_session(make_settings(tmp_path, key=True))
    params = {"series_id": "GDP", "api_key": API_KEY}
    for _ in range(2):  # live, then from the cache
        served = http.get(
            session, f"{server.url}/fred/series", source="fred", label="FRED", params=params
        )
        for hop in (*served.response.history, served.response):
            assert API_KEY not in hop.url and API_KEY not in hop.request.url
    assert served.from_cache


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
