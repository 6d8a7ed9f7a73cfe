"""The fallback chain: fresh cache -> live -> stale cache -> demo, with provenance at each step."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest

from dashboard.data.load import BACKOFF, fetch_series
from dashboard.errors import RateLimited, SeriesNotFound, SourceUnavailable
from dashboard.settings import get_settings
from tests.fakes import FakeSource, make_series

NOW = datetime(2026, 1, 16, 22, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def clear_backoff():
    BACKOFF.reset()
    yield
    BACKOFF.reset()


@pytest.fixture
def settings():
    return get_settings()


def test_live_then_cached_within_freshness(settings):
    yahoo = FakeSource("yahoo", {"IWM": make_series("IWM"), "SPY": make_series("SPY", seed=1)})
    first = fetch_series(["IWM", "SPY"], settings, sources=[yahoo], now=NOW)
    assert [p.status for p in first.provenance.values()] == ["live", "live"]
    assert yahoo.calls == [(("IWM", "SPY"), None)]  # one batched call, full history
    second = fetch_series(["IWM", "SPY"], settings, sources=[yahoo], now=NOW + timedelta(minutes=5))
    assert [p.status for p in second.provenance.values()] == ["cached", "cached"]
    assert len(yahoo.calls) == 1
    pd.testing.assert_series_equal(second.get("IWM"), first.get("IWM"), check_freq=False)


def test_expired_cache_fetches_incrementally_with_overlap(settings):
    s = make_series("IWM", start="2025-01-01", periods=60)
    yahoo = FakeSource("yahoo", {"IWM": s})
    fetch_series(["IWM"], settings, sources=[yahoo], now=NOW)
    later = NOW + timedelta(hours=2)
    fetch_series(["IWM"], settings, sources=[yahoo], now=later)
    assert yahoo.calls[1][1] == s.index[-1].date() - timedelta(days=10)


def test_source_down_serves_stale_copy_with_a_note(settings):
    yahoo = FakeSource("yahoo", {"IWM": make_series("IWM")})
    fetch_series(["IWM"], settings, sources=[yahoo], now=NOW)
    yahoo.fail = SourceUnavailable("connection refused", source="yahoo")
    got = fetch_series(["IWM"], settings, sources=[yahoo], now=NOW + timedelta(days=1))
    prov = got.provenance["IWM"]
    assert prov.status == "stale"
    assert any("connection refused" in n for n in prov.notes)
    assert any("showing the copy stored 2026-01-16 22:00 UTC" in n for n in prov.notes)
    assert got.degraded


def test_rate_limit_backs_off_and_falls_back_to_demo(settings):
    yahoo = FakeSource(
        "yahoo", {"IWM": make_series("IWM")}, fail=RateLimited("429", source="yahoo")
    )
    demo = FakeSource("demo", {"IWM": make_series("IWM", seed=9)}, synthetic=True)
    got = fetch_series(["IWM"], settings, sources=[yahoo, demo], now=NOW)
    assert got.provenance["IWM"].status == "synthetic"
    assert any("yahoo: 429" in n for n in got.provenance["IWM"].notes)
    got = fetch_series(["IWM"], settings, sources=[yahoo, demo], now=NOW)
    assert len(yahoo.calls) == 1  # backing off: not asked again
    assert any("rate limited" in n for n in got.provenance["IWM"].notes)


def test_partial_failure_keeps_good_series(settings):
    yahoo = FakeSource(
        "yahoo",
        {"IWM": make_series("IWM")},
        per_series={"ZZZZ": SeriesNotFound("ZZZZ: no data (possibly delisted)", source="yahoo")},
    )
    got = fetch_series(["IWM", "ZZZZ"], settings, sources=[yahoo], now=NOW)
    assert got.provenance["IWM"].status == "live"
    assert got.provenance["ZZZZ"].status == "unavailable"
    assert "possibly delisted" in got.unavailable["ZZZZ"]
    assert list(got.frame().columns) == ["IWM"]


def test_invalid_id_never_reaches_a_source(settings):
    yahoo = FakeSource("yahoo", {})
    got = fetch_series(["<script>", "../x"], settings, sources=[yahoo], now=NOW)
    assert yahoo.calls == []
    assert all(p.status == "unavailable" for p in got.provenance.values())


def test_local_source_first_and_never_stored(settings):
    csv = FakeSource("csvdir", {"IWM": make_series("IWM", seed=3)})
    yahoo = FakeSource("yahoo", {"IWM": make_series("IWM")})
    got = fetch_series(["IWM"], settings, sources=[csv, yahoo], now=NOW)
    assert got.provenance["IWM"].source == "csvdir" and got.provenance["IWM"].status == "cached"
    assert yahoo.calls == []
    assert not (settings.cache_dir / "series").exists()


def test_corrupt_cache_file_is_refetched(settings):
    yahoo = FakeSource("yahoo", {"IWM": make_series("IWM")})
    fetch_series(["IWM"], settings, sources=[yahoo], now=NOW)
    path = next((settings.cache_dir / "series").glob("*.parquet"))
    path.write_bytes(b"garbage")
    got = fetch_series(["IWM"], settings, sources=[yahoo], now=NOW + timedelta(minutes=1))
    assert got.provenance["IWM"].status == "live"
    assert len(yahoo.calls) == 2


def test_incremental_fetch_with_nothing_new_counts_as_refreshed(settings):
    s = make_series("IWM", periods=30)
    yahoo = FakeSource("yahoo", {"IWM": s})
    fetch_series(["IWM"], settings, sources=[yahoo], now=NOW)
    yahoo.data["IWM"] = s.iloc[:0]  # the provider has nothing after the stored dates
    got = fetch_series(["IWM"], settings, sources=[yahoo], now=NOW + timedelta(hours=3))
    prov = got.provenance["IWM"]
    assert prov.status == "live" and prov.rows == 30
    assert prov.fetched_at == NOW + timedelta(hours=3)
    assert not got.degraded
