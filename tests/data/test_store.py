"""The parquet store: round trips, merges, quarantine of bad files, concurrent writers."""

from __future__ import annotations

import json
import multiprocessing as mp
from datetime import UTC, datetime

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dashboard.data.store import Store
from tests.fakes import make_series


@pytest.fixture
def store(tmp_path):
    return Store(tmp_path / "cache")


def test_round_trip_keeps_values_dates_and_provenance(store):
    s = make_series("^RUT", periods=50)
    fetched = datetime(2026, 1, 16, 21, 0, tzinfo=UTC)
    entry = store.write(
        "^RUT", s, source="yahoo", origin="yfinance", notes=("n1",), fetched_at=fetched
    )
    got = store.read("^RUT")
    pd.testing.assert_series_equal(got.series, s, check_freq=False)
    assert got.entry == entry
    assert entry.rows == 50 and entry.first_date == s.index[0].date()
    assert entry.last_date == s.index[-1].date() and entry.fetched_at == fetched
    assert store.manifest()["^RUT"] == entry
    # ids with ^ = - are quoted into safe file names inside the series dir
    assert store.path_for("^RUT").parent == store.series_dir
    assert store.path_for("../../etc/passwd").parent == store.series_dir


def test_merge_keeps_history_and_new_values_win_on_overlap(store):
    old = make_series("IWM", start="2025-01-01", periods=20)
    store.write("IWM", old, source="yahoo", origin="yfinance")
    revised = old.iloc[-5:] * 1.01  # the last 5 days revised
    new_days = make_series("IWM", start=old.index[-1] + pd.offsets.BDay(1), periods=3, seed=1)
    entry = store.write("IWM", pd.concat([revised, new_days]), source="yahoo", origin="yfinance")
    got = store.read("IWM").series
    assert entry.rows == 23 == len(got)
    pd.testing.assert_series_equal(got.iloc[:15], old.iloc[:15], check_freq=False)
    pd.testing.assert_series_equal(got.iloc[15:20], revised, check_freq=False)
    assert got.index.is_monotonic_increasing and not got.index.has_duplicates


def test_truncated_file_is_quarantined_not_fatal(store):
    store.write("SPY", make_series("SPY"), source="yahoo", origin="yfinance")
    path = store.path_for("SPY")
    path.write_bytes(path.read_bytes()[:100])  # truncated
    assert store.read("SPY") is None
    assert not path.exists()
    assert "SPY" not in store.manifest()
    assert len(store.quarantined()) == 1
    # and it can be rebuilt
    store.write("SPY", make_series("SPY"), source="yahoo", origin="yfinance")
    assert store.read("SPY") is not None


def test_wrong_schema_is_quarantined(store, tmp_path):
    store.series_dir.mkdir(parents=True)
    frame = pd.DataFrame({"close": [1.0, 2.0]}, index=pd.date_range("2025-01-01", periods=2))
    pq.write_table(pa.Table.from_pandas(frame), store.path_for("GLD"))
    assert store.read("GLD") is None
    assert store.quarantined()


def test_file_holding_another_series_is_quarantined(store):
    store.write("QQQ", make_series("QQQ"), source="yahoo", origin="yfinance")
    store.path_for("QQQ").rename(store.path_for("XBI"))
    assert store.read("XBI") is None
    assert store.quarantined()


def test_corrupt_manifest_is_rebuilt_from_parquet_metadata(store):
    store.write("IWM", make_series("IWM"), source="yahoo", origin="yfinance")
    store.write("ICSA", make_series("ICSA", freq="W-SAT"), source="fred", origin="fredgraph.csv")
    (store.root / "manifest.json").write_text("{not json")
    manifest = store.manifest()
    assert set(manifest) == {"IWM", "ICSA"}
    assert manifest["ICSA"].source == "fred"


def _writer(root: str, worker: int, rounds: int) -> None:
    store = Store(root)
    for i in range(rounds):
        for sid in ("IWM", "SPY", f"W{worker}"):
            store.write(
                sid,
                make_series(sid, periods=40 + i, seed=worker),
                source="yahoo",
                origin=f"w{worker}",
            )


def test_two_concurrent_writers_leave_a_consistent_cache(tmp_path):
    root = str(tmp_path / "cache")
    ctx = mp.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(root, w, 15)) for w in (1, 2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    store = Store(root)
    manifest = json.loads((store.root / "manifest.json").read_text())
    assert set(manifest) == {"IWM", "SPY", "W1", "W2"}
    for sid, raw in manifest.items():
        got = store.read(sid)
        assert got is not None, sid
        assert len(got.series) == raw["rows"]
    assert store.quarantined() == []
