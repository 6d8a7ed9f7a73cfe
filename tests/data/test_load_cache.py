"""The loader's in-memory cache (``load_series``): per series, files keyed by their stat, a short
retry for degraded answers that waits out the back-off, and no entry ever dropped because
another series failed."""

from __future__ import annotations

import os
import threading
from datetime import timedelta

import pandas as pd
import pytest

from dashboard.data import load
from dashboard.data.load import BACKOFF, load_series
from dashboard.data.sources.csvdir import CsvDirSource
from dashboard.data.sources.demo import DemoSource, demo_series
from dashboard.errors import SourceUnavailable
from tests.fakes import FakeSource, make_series


@pytest.fixture(autouse=True)
def fresh(fresh_loader):
    return fresh_loader


@pytest.fixture
def fetches(monkeypatch):
    """The id batches ``load_series`` passed to ``fetch_series``, in order."""
    calls: list[tuple[str, ...]] = []
    real = load.fetch_series

    def spy(ids, settings=None, **kwargs):
        calls.append(tuple(ids))
        return real(ids, settings, **kwargs)

    monkeypatch.setattr(load, "fetch_series", spy)
    return calls


#: A modification time after every row the tests write (rows dated after it would be dropped
#: as unfinished sessions).
SAVED_NS = int(pd.Timestamp("2026-01-20", tz="UTC").value)


def write_csv(path, series: pd.Series, mtime_ns: int | None = None) -> None:
    frame = pd.DataFrame({"date": series.index.strftime("%Y-%m-%d"), "value": series.to_numpy()})
    frame.to_csv(path, index=False)
    if mtime_ns is not None:
        os.utime(path, ns=(mtime_ns, mtime_ns))


@pytest.fixture
def chain(tmp_path, monkeypatch):
    """csvdir (a real folder with IWM.csv), a scriptable yahoo, the real demo: the default
    chain's shape, offline."""
    folder = tmp_path / "data"
    folder.mkdir()
    write_csv(folder / "IWM.csv", make_series("IWM", periods=40), mtime_ns=SAVED_NS)
    yahoo = FakeSource("yahoo", {"SPY": make_series("SPY", seed=1)})
    monkeypatch.setenv("ROTATION_DATA_DIR", str(folder))
    monkeypatch.setenv("ROTATION_SOURCES", "csvdir,yahoo,demo")
    monkeypatch.setattr(
        load, "build_sources", lambda settings: [CsvDirSource(folder), yahoo, DemoSource()]
    )
    return folder, yahoo


def test_a_repeated_load_of_unchanged_data_fetches_nothing(fetches):
    first = load_series(["IWM", "SPY", "ICSA"])
    again = load_series(["SPY", "IWM", "ICSA"])
    assert fetches == [("IWM", "SPY", "ICSA")]
    assert list(again.provenance) == ["SPY", "IWM", "ICSA"]
    assert again.ids == ("SPY", "IWM", "ICSA")
    pd.testing.assert_series_equal(again.get("IWM"), first.get("IWM"))
    load_series(["IWM", "QQQ"])
    assert fetches[-1] == ("QQQ",)  # only what is not held yet


def test_callers_get_their_own_series(fetches):
    mine = load_series(["SPY"]).get("SPY")
    mine.iloc[-1] = -1.0
    assert load_series(["SPY"]).get("SPY").iloc[-1] == demo_series("SPY").iloc[-1]


def test_a_data_folder_file_is_reread_only_when_it_changes(chain, fetches):
    folder, _ = chain
    first = load_series(["IWM", "SPY"])
    assert first.provenance["IWM"].source == "csvdir"
    assert first.provenance["SPY"].status == "live"
    load_series(["IWM", "SPY"])
    assert fetches == [("IWM", "SPY")]
    changed = make_series("IWM", periods=45, seed=5)
    write_csv(folder / "IWM.csv", changed, mtime_ns=SAVED_NS + 100 * 10**9)
    got = load_series(["IWM", "SPY"])
    assert fetches[-1] == ("IWM",)  # SPY's entry is untouched
    assert len(got.get("IWM")) == 45
    assert got.get("IWM").iloc[-1] == pytest.approx(changed.iloc[-1])


def test_a_new_file_in_the_folder_replaces_the_demo_fallback(chain, fetches):
    folder, _ = chain
    assert load_series(["GLD"]).provenance["GLD"].source == "demo"
    load_series(["GLD"])
    assert fetches == [("GLD",)]
    write_csv(folder / "GLD.csv", make_series("GLD", periods=30, base=180.0))
    got = load_series(["GLD"])
    assert fetches[-1] == ("GLD",)
    assert got.provenance["GLD"].source == "csvdir"


def test_a_degraded_answer_waits_out_the_back_off_then_is_retried(chain, fetches, monkeypatch):
    _, yahoo = chain
    yahoo.fail = SourceUnavailable("connection refused", source="yahoo")
    got = load_series(["IWM", "SPY"])
    assert got.provenance["SPY"].source == "demo" and got.degraded
    assert got.provenance["IWM"].source == "csvdir"
    load_series(["IWM", "SPY"])
    assert fetches == [("IWM", "SPY")]  # held: retried only after RETRY_AFTER_S
    assert BACKOFF.active("yahoo")
    monkeypatch.setattr(load, "RETRY_AFTER_S", 0.0)  # the retry time has passed...
    load_series(["IWM", "SPY"])
    assert fetches == [("IWM", "SPY")]  # ...but yahoo is backed off: asking again is pointless
    assert len(yahoo.calls) == 1
    BACKOFF.reset()  # the back-off lifts
    yahoo.fail = None
    got = load_series(["IWM", "SPY"])
    assert fetches[-1] == ("SPY",)  # the file-backed IWM is not re-read
    assert len(yahoo.calls) == 2
    assert got.provenance["SPY"].status == "live" and not got.degraded


def test_a_degraded_answer_is_retried_soon_even_without_a_back_off(chain, fetches, monkeypatch):
    _, yahoo = chain
    yahoo.data.pop("SPY")
    yahoo.data["QQQ"] = make_series("QQQ", seed=2)
    assert load_series(["SPY"]).provenance["SPY"].source == "demo"  # yahoo does not have it
    load_series(["SPY"])
    assert fetches == [("SPY",)]  # held for RETRY_AFTER_S
    monkeypatch.setattr(load, "RETRY_AFTER_S", 0.0)
    load_series(["SPY"])
    load_series(["SPY"])
    assert fetches == [("SPY",)] * 3  # no back-off to wait for: each load past the limit retries


def test_one_degraded_series_never_drops_another_entry(chain, fetches, monkeypatch):
    _, yahoo = chain
    monkeypatch.setattr(load, "RETRY_AFTER_S", 0.0)
    good = load_series(["IWM", "SPY"])  # another session's page
    assert not good.degraded
    yahoo.data.pop("SPY", None)
    load_series(["QQQ"])  # QQQ is not on yahoo: degraded, retried on every load
    load_series(["QQQ"])
    load_series(["IWM", "SPY"])
    assert fetches == [("IWM", "SPY"), ("QQQ",), ("QQQ",)]


def test_good_network_answers_expire_after_the_ttl(chain, fetches, monkeypatch):
    _, yahoo = chain
    load_series(["SPY"])
    load_series(["SPY"])
    assert fetches == [("SPY",)]
    monkeypatch.setattr(load, "MEMORY_TTL_S", 0.0)
    got = load_series(["SPY"])
    assert fetches == [("SPY",), ("SPY",)]
    assert got.provenance["SPY"].status == "cached"  # the store answered, not yahoo
    assert len(yahoo.calls) == 1


def test_a_configuration_change_never_reuses_entries(fetches, monkeypatch, tmp_path):
    load_series(["SPY"])
    monkeypatch.setenv("ROTATION_CACHE_DIR", str(tmp_path / "other"))
    load_series(["SPY"])
    assert fetches == [("SPY",), ("SPY",)]


def test_ids_that_are_not_series_are_explained_not_cached(fetches):
    got = load_series(["<script>", "SPY"])
    assert got.provenance["<script>"].status == "unavailable" and got.degraded
    assert got.provenance["SPY"].status == "synthetic"
    load_series(["<script>", "SPY"])
    assert fetches == [("<script>", "SPY"), ("<script>",)]


def test_concurrent_sessions_share_one_fetch(monkeypatch):
    calls: list[tuple[str, ...]] = []
    release = threading.Event()
    real = load.fetch_series

    def slow(ids, settings=None, **kwargs):
        calls.append(tuple(ids))
        release.wait(5)
        return real(ids, settings, **kwargs)

    monkeypatch.setattr(load, "fetch_series", slow)
    results = []
    threads = [
        threading.Thread(target=lambda: results.append(load_series(["IWM", "SPY"])))
        for _ in range(4)
    ]
    for t in threads:
        t.start()
    for _ in range(1000):  # until the first session is inside the fetch (10 s at most)
        if calls:
            break
        threading.Event().wait(0.01)
    release.set()
    for t in threads:
        t.join(10)
    assert calls == [("IWM", "SPY")]
    assert len(results) == 4
    assert all(r.provenance["IWM"].status == "synthetic" for r in results)


def test_a_replica_holds_what_the_store_served_and_retries_its_fallbacks(monkeypatch, fetches):
    from datetime import UTC, datetime

    from dashboard.data.store import Store
    from dashboard.settings import get_settings

    Store(get_settings().cache_dir).write(
        "IWM", make_series("IWM"), source="yahoo", origin="yfinance", fetched_at=datetime.now(UTC)
    )
    monkeypatch.setenv("ROTATION_READ_ONLY", "1")
    monkeypatch.setattr(load, "RETRY_AFTER_S", 0.0)
    got = load_series(["IWM", "SPY"])
    assert got.provenance["IWM"].status == "cached"  # from the shared store
    assert got.provenance["SPY"].source == "demo" and got.degraded  # not in the store yet
    load_series(["IWM", "SPY"])
    assert fetches == [("IWM", "SPY"), ("SPY",)]  # the store's answer is held, the gap retried
    BACKOFF.trip(load.STORE_SOURCE, timedelta(seconds=30), "the store is down")
    load_series(["IWM", "SPY"])
    assert fetches == [("IWM", "SPY"), ("SPY",)]  # the store is backed off: nothing to retry
