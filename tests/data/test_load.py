"""The fallback chain: fresh cache -> live -> stale cache -> demo, with provenance at each step."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest

from dashboard.data import catalog
from dashboard.data.load import BACKOFF, fetch_series
from dashboard.data.sources.demo import DemoSource
from dashboard.data.store import Store
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


def test_an_empty_answer_is_never_live_and_never_advances_fetched_at(settings):
    s = make_series("IWM", periods=30)
    yahoo = FakeSource("yahoo", {"IWM": s})
    fetch_series(["IWM"], settings, sources=[yahoo], now=NOW)
    # the incremental window overlaps the stored history, so a healthy answer is never empty
    yahoo.data["IWM"] = s.iloc[:0]
    got = fetch_series(["IWM"], settings, sources=[yahoo], now=NOW + timedelta(hours=3))
    prov = got.provenance["IWM"]
    assert prov.status == "stale" and prov.rows == 30
    assert prov.fetched_at == NOW  # the stored copy's time, not the failed fetch's
    assert any("without a single value" in n for n in prov.notes)
    assert got.degraded
    assert Store(settings.cache_dir).manifest()["IWM"].fetched_at == NOW
    # ...and the provider is backed off: the next call does not ask it again
    calls = len(yahoo.calls)
    fetch_series(["IWM"], settings, sources=[yahoo], now=NOW + timedelta(hours=3, minutes=1))
    assert len(yahoo.calls) == calls


class SlowSource(FakeSource):
    """A provider that accepts the request and answers after ``delay`` seconds."""

    delay: float = 30.0

    def fetch(self, specs, start=None):
        time.sleep(self.delay)
        return super().fetch(specs, start)


def test_a_silent_provider_costs_the_deadline_not_its_own_time(settings, monkeypatch):
    monkeypatch.setenv("ROTATION_HTTP_TIMEOUT", "0.5")
    settings = get_settings()
    slow = SlowSource("yahoo", {"IWM": make_series("IWM")})
    fred = SlowSource("fred", {"ICSA": make_series("ICSA", freq="W-SAT")})
    fred.delay = 0.2
    demo = DemoSource()
    demo.fetch([catalog.get("IWM")])  # generated once per process: not part of the wait
    began = time.monotonic()
    got = fetch_series(["IWM", "ICSA"], settings, sources=[slow, fred, demo], now=NOW)
    waited = time.monotonic() - began
    assert waited < settings.fetch_deadline + 0.5  # not 30 s, and not 0.5 s + 0.2 s in a row
    assert got.provenance["ICSA"].status == "live"  # fetched concurrently, within the deadline
    iwm = got.provenance["IWM"]
    assert iwm.status == "synthetic"  # the demo stands in, and says why
    assert any("no answer within 2.5 s" in n for n in iwm.notes)
    assert BACKOFF.active("yahoo")


def test_a_stored_copy_stands_in_for_a_silent_provider(settings, monkeypatch):
    slow = SlowSource("yahoo", {"IWM": make_series("IWM")})
    slow.delay = 0.0
    fetch_series(["IWM"], settings, sources=[slow], now=NOW)
    monkeypatch.setenv("ROTATION_HTTP_TIMEOUT", "0.3")
    slow.delay = 30.0
    later = NOW + timedelta(hours=3)
    got = fetch_series(["IWM"], get_settings(), sources=[slow], now=later)
    prov = got.provenance["IWM"]
    assert prov.status == "stale" and prov.fetched_at == NOW
    assert any("timed out" in n for n in prov.notes)
