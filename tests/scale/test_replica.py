"""A read-only replica's loader: the store's series with their age, stale when the refresh job
missed a run, demo data still labelled, gaps filled only by local sources, and the notice the
pages show (worked out by hand)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from dashboard.data.load import BACKOFF, build_sources, fetch_series
from dashboard.data.replica import age_text, replica_notice, serve_store
from dashboard.data.store import ObjectStore
from dashboard.settings import get_settings
from tests.fakes import FakeSource, make_series

NOW = datetime(2026, 1, 16, 21, 0, tzinfo=UTC)


@pytest.fixture
def replica(monkeypatch):
    """A read-only replica on an in-memory object store; returns (settings, writer store)."""
    url = f"memory://rr-{uuid.uuid4().hex[:12]}/team"
    monkeypatch.setenv("ROTATION_CACHE_DIR", url)
    monkeypatch.setenv("ROTATION_READ_ONLY", "1")
    monkeypatch.setenv("ROTATION_REFRESH_EVERY", "1h")
    monkeypatch.setenv("ROTATION_SOURCES", "yahoo,fred,demo")
    return get_settings(), ObjectStore(url)


@pytest.mark.parametrize(
    ("age", "text"),
    [
        (timedelta(seconds=42), "42 s"),
        (timedelta(minutes=12, seconds=20), "12 min"),
        (timedelta(hours=1), "1 h"),
        (timedelta(hours=5, minutes=30), "5.5 h"),
        (timedelta(days=3), "3 d"),
        (timedelta(days=3, hours=6), "3.2 d"),
    ],
)
def test_age_text(age, text):
    assert age_text(age) == text


def test_a_replica_builds_no_network_source(replica):
    settings, _ = replica
    assert [s.name for s in build_sources(settings)] == ["demo"]


def test_series_come_from_the_store_with_their_age_and_late_ones_are_stale(replica):
    settings, writer = replica
    writer.write("IWM", make_series("IWM"), source="yahoo", origin="yfinance",
                 fetched_at=NOW - timedelta(minutes=20))  # fmt: skip
    writer.write("ICSA", make_series("ICSA", freq="W-SAT"), source="fred", origin="fredgraph.csv",
                 fetched_at=NOW - timedelta(hours=3))  # fmt: skip
    loaded = fetch_series(["IWM", "ICSA"], settings, now=NOW)
    iwm, icsa = loaded.provenance["IWM"], loaded.provenance["ICSA"]
    assert (iwm.status, iwm.source, iwm.origin) == ("cached", "yahoo", "yfinance")
    assert "from the shared store, written 2026-01-16 20:40 UTC (20 min ago)" in iwm.notes
    assert icsa.status == "stale"  # 3 h old, the job runs hourly: it missed two runs
    assert "the refresh job is late: it runs every 1 h, this copy is 3 h old" in icsa.notes
    assert len(loaded.series["ICSA"]) == 30 and not loaded.degraded


def test_published_demo_data_stays_synthetic(replica):
    settings, writer = replica
    writer.write("SPY", make_series("SPY"), source="demo", origin="demo generator",
                 fetched_at=NOW)  # fmt: skip
    prov = fetch_series(["SPY"], settings, now=NOW).provenance["SPY"]
    assert prov.status == "synthetic" and prov.synthetic


def test_gaps_come_from_local_sources_only_and_say_why(replica):
    settings, _ = replica
    yahoo = FakeSource("yahoo", data={"IWM": make_series("IWM")})
    demo = FakeSource("demo", data={"IWM": make_series("IWM", seed=5)}, synthetic=True)
    loaded = serve_store(["IWM", "QQQ"], settings, now=NOW, sources=[yahoo, demo])
    assert yahoo.calls == []  # never asked, even when handed in
    assert loaded.provenance["IWM"].status == "synthetic"
    assert "not in the shared store: the refresh job has not written it yet" in (
        loaded.provenance["IWM"].notes
    )
    assert loaded.provenance["QQQ"].status == "unavailable"


def test_an_unreachable_store_is_named_and_retried(monkeypatch):
    monkeypatch.setenv("ROTATION_CACHE_DIR", "s3://rr-test/team")
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAUNREACHABLE00001")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "unreachableSecret0123")
    monkeypatch.setenv("ROTATION_HTTP_TIMEOUT", "1")
    monkeypatch.setenv("ROTATION_READ_ONLY", "1")
    monkeypatch.setenv("ROTATION_SOURCES", "yahoo")
    BACKOFF.reset()
    try:
        loaded = fetch_series(["IWM"], get_settings(), now=NOW)
        prov = loaded.provenance["IWM"]
        assert prov.status == "unavailable" and loaded.degraded
        assert prov.notes[0].startswith(
            "the shared store is unreachable (reading at s3://rr-test/team"
        )
        assert "unreachableSecret" not in " ".join(prov.notes)
        # the next rerun does not wait on the store again: it is backed off, and says until when
        again = fetch_series(["IWM"], get_settings(), now=NOW).provenance["IWM"]
        assert "retrying after" in again.notes[0]
    finally:
        BACKOFF.reset()


def test_notice_on_time(replica):
    settings, writer = replica
    writer.write("IWM", make_series("IWM"), source="yahoo", origin="y",
                 fetched_at=NOW - timedelta(minutes=20))  # fmt: skip
    writer.write("SPY", make_series("SPY"), source="yahoo", origin="y",
                 fetched_at=NOW - timedelta(minutes=50))  # fmt: skip
    loaded = fetch_series(["IWM", "SPY"], settings, now=NOW)
    notice = replica_notice(loaded.provenance.values(), settings, now=NOW)
    assert notice.level == "info"
    assert notice.text == (
        f"Read-only replica: data from the shared store ({settings.store_url}), written by the "
        "scheduled refresh (every 1 h); newest copy 20 min old."
    )


def test_notice_when_the_refresh_job_is_late(replica):
    settings, writer = replica
    writer.write("IWM", make_series("IWM"), source="yahoo", origin="y",
                 fetched_at=NOW - timedelta(minutes=20))  # fmt: skip
    for sid, hours in (("SPY", 2.5), ("QQQ", 26)):
        writer.write(sid, make_series(sid), source="yahoo", origin="y",
                     fetched_at=NOW - timedelta(hours=hours))  # fmt: skip
    loaded = fetch_series(["IWM", "SPY", "QQQ"], settings, now=NOW)
    notice = replica_notice(loaded.provenance.values(), settings, now=NOW)
    assert notice.level == "warning"
    assert notice.text == (
        f"The refresh job is late: SPY, QQQ were last written to the shared store "
        f"({settings.store_url}) up to 1.1 d ago, and the job runs every 1 h. The figures stand "
        "as of those copies."
    )
    # 2 h is the limit (twice the schedule): 1 h 59 min is on time
    on_time = replica_notice(
        fetch_series(["SPY"], settings, now=NOW - timedelta(minutes=31)).provenance.values(),
        settings,
        now=NOW - timedelta(minutes=31),
    )
    assert on_time.level == "info"


def test_notice_when_the_store_is_empty_and_none_when_not_a_replica(replica, monkeypatch):
    settings, _ = replica
    loaded = fetch_series(["IWM"], settings, now=NOW)  # from the demo: nothing stored yet
    notice = replica_notice(loaded.provenance.values(), settings, now=NOW)
    assert notice.level == "warning" and "has not written them" in notice.text
    monkeypatch.setenv("ROTATION_READ_ONLY", "0")
    assert replica_notice(loaded.provenance.values(), get_settings(), now=NOW) is None
