"""The store on object storage: the same behaviour as the local folder (round trips, merges,
quarantine), plus what only versions and pointers give: a writer that lost a race re-merges
instead of overwriting, old versions are collected, a missing bucket is a message."""

from __future__ import annotations

import json
import uuid

import pandas as pd
import pytest

from dashboard.data import store as store_module
from dashboard.data.store import ObjectStore, ReadOnlyStore, StoreError
from tests.fakes import make_series
from tests.scale.conftest import ACCESS_KEY, REGION, SECRET_KEY


def s3_options(moto_server) -> dict:
    return {
        "key": ACCESS_KEY,
        "secret": SECRET_KEY,
        "endpoint_url": moto_server.endpoint,
        "region": REGION,
    }


@pytest.fixture(params=["memory", "s3"])
def store(request) -> ObjectStore:
    if request.param == "memory":
        return ObjectStore(f"memory://rr-{uuid.uuid4().hex[:12]}/team")
    moto = request.getfixturevalue("moto_server")
    return ObjectStore(f"s3://{moto.new_bucket()}/team", options=s3_options(moto))


@pytest.fixture
def s3_store(moto_server) -> ObjectStore:
    return ObjectStore(f"s3://{moto_server.new_bucket()}/team", options=s3_options(moto_server))


def objects(store: ObjectStore, series_id: str) -> list[str]:
    return store._list(store._objects_dir(series_id))


def test_round_trip_keeps_values_dates_and_provenance(store):
    for sid in ("^RUT", "HG=F", "BTC-USD"):
        s = make_series(sid, periods=50)
        entry = store.write(sid, s, source="yahoo", origin="yfinance", notes=("n1",))
        got = store.read(sid)
        pd.testing.assert_series_equal(got.series, s, check_freq=False)
        assert got.entry.rows == entry.rows == 50 and got.entry.notes == ("n1",)
        assert got.entry.last_date == s.index[-1].date()
    assert set(store.manifest()) == {"^RUT", "HG=F", "BTC-USD"}
    assert store.manifest()["HG=F"].source == "yahoo"
    assert store.health().ok and "(3 series)" in store.health().detail


def test_an_id_cannot_escape_its_prefix(store):
    store.write("../../etc/passwd", make_series("x"), source="yahoo", origin="t")
    keys = store.fs.find(store._under())
    assert keys and all(k.startswith(store._under() + "/") for k in keys)
    assert all("/../" not in k for k in keys)


def test_merge_keeps_history_and_new_values_win_on_overlap(store):
    old = make_series("IWM", start="2025-01-01", periods=20)
    store.write("IWM", old, source="yahoo", origin="yfinance")
    revised = old.iloc[-5:] * 1.01
    new_days = make_series("IWM", start=old.index[-1] + pd.offsets.BDay(1), periods=3, seed=1)
    entry = store.write("IWM", pd.concat([revised, new_days]), source="yahoo", origin="yfinance")
    got = store.read("IWM").series
    assert entry.rows == 23 == len(got)
    pd.testing.assert_series_equal(got.iloc[:15], old.iloc[:15], check_freq=False)
    pd.testing.assert_series_equal(got.iloc[15:20], revised, check_freq=False)


def test_read_many_in_one_round_reports_absent_series_as_none(store):
    store.write("SPY", make_series("SPY"), source="yahoo", origin="t")
    got = store.read_many(["SPY", "QQQ", "SPY"])
    assert list(got) == ["SPY", "QQQ"]
    assert got["QQQ"] is None and len(got["SPY"].series) == 30


def test_a_tampered_object_is_quarantined_and_reported_missing(store):
    store.write("SPY", make_series("SPY"), source="yahoo", origin="t")
    pointer = json.loads(store.fs.cat_file(store._pointer_key("SPY")))
    key = store._under(pointer["object"])
    store.fs.pipe_file(key, store.fs.cat_file(key)[:200])  # truncated behind the pointer's back
    assert store.read("SPY") is None
    assert [p.name for p in store.quarantined()] == [f"SPY.{key.rsplit('/', 1)[1]}"]
    store.write("SPY", make_series("SPY"), source="yahoo", origin="t", merge=True)
    assert len(store.read("SPY").series) == 30  # rewritten whole, readable again


def test_a_replica_reports_a_bad_object_but_writes_nothing(store):
    store.write("SPY", make_series("SPY"), source="yahoo", origin="t")
    pointer = json.loads(store.fs.cat_file(store._pointer_key("SPY")))
    store.fs.pipe_file(store._under(pointer["object"]), b"not parquet")
    replica = ObjectStore(store.url, read_only=True)
    replica._fs_kwargs = store._fs_kwargs
    assert replica.read("SPY") is None
    assert replica.quarantined() == []
    with pytest.raises(ReadOnlyStore):
        replica.write("SPY", make_series("SPY"), source="yahoo", origin="t")


def test_a_pointer_naming_another_series_object_is_refused(store):
    store.write("SPY", make_series("SPY"), source="yahoo", origin="t")
    store.write("QQQ", make_series("QQQ", seed=3), source="yahoo", origin="t")
    spy = json.loads(store.fs.cat_file(store._pointer_key("SPY")))
    qqq = json.loads(store.fs.cat_file(store._pointer_key("QQQ")))
    qqq["object"] = spy["object"]  # QQQ's pointer redirected at SPY's data
    store.fs.pipe_file(store._pointer_key("QQQ"), json.dumps(qqq).encode())
    assert store.read("QQQ") is None


def test_old_versions_are_collected_after_the_grace_period(store, monkeypatch):
    for i in range(4):
        store.write("IWM", make_series("IWM", periods=10 + i), source="yahoo", origin="t")
    assert len(objects(store, "IWM")) == 4  # all younger than the grace period
    monkeypatch.setattr(store_module, "_GRACE", store_module.timedelta(0))
    store.write("IWM", make_series("IWM", periods=20), source="yahoo", origin="t")
    left = objects(store, "IWM")
    assert len(left) == 2  # the current version and the one before it
    current = json.loads(store.fs.cat_file(store._pointer_key("IWM")))["object"]
    assert store._under(current) in left
    assert len(store.read("IWM").series) == 20


def test_a_writer_that_loses_the_race_merges_over_the_winner(s3_store, monkeypatch):
    base = make_series("IWM", start="2025-01-01", periods=10)
    s3_store.write("IWM", base, source="yahoo", origin="t")
    rival = ObjectStore(s3_store.url)
    rival._fs_kwargs = s3_store._fs_kwargs
    theirs = make_series("IWM", start="2025-02-03", periods=5, seed=7)
    ours = make_series("IWM", start="2025-03-03", periods=5, seed=8)

    real_pointer = ObjectStore._pointer
    calls = []

    def pointer_then_rival_publishes(self, series_id):
        found = real_pointer(self, series_id)
        if self is s3_store and not calls:  # between our read and our conditional PUT
            calls.append(1)
            rival.write("IWM", theirs, source="yahoo", origin="rival")
        return found

    monkeypatch.setattr(ObjectStore, "_pointer", pointer_then_rival_publishes)
    entry = s3_store.write("IWM", ours, source="yahoo", origin="us")
    got = s3_store.read("IWM").series
    assert entry.rows == 20 == len(got)  # base + theirs + ours: nobody's rows lost
    for part in (base, theirs, ours):
        pd.testing.assert_series_equal(
            got.loc[part.index], part, check_freq=False, check_names=False
        )
    # our first version never became current and was removed, not left as an orphan
    assert len(objects(s3_store, "IWM")) == 3


def test_the_pointer_is_written_with_a_precondition_on_s3(s3_store, monkeypatch):
    sent = []
    real_put = store_module._s3_put

    def recording_put(fs, key, data, conditions):
        sent.append((key.rsplit("/", 2)[-2], dict(conditions)))
        return real_put(fs, key, data, conditions)

    monkeypatch.setattr(store_module, "_s3_put", recording_put)
    s3_store.write("SPY", make_series("SPY"), source="yahoo", origin="t")
    s3_store.write("SPY", make_series("SPY", periods=31), source="yahoo", origin="t")
    pointers = [c for where, c in sent if where == "current"]
    assert pointers[0] == {"IfNoneMatch": "*"}  # create only: no pointer existed
    assert set(pointers[1]) == {"IfMatch"}  # replace only the version we read
    assert all(c == {"IfNoneMatch": "*"} for where, c in sent if where == "SPY")


def test_a_missing_bucket_is_a_message_not_a_crash(moto_server):
    store = ObjectStore("s3://rr-no-such-bucket/team", options=s3_options(moto_server))
    health = store.health()
    assert not health.ok and "does not exist" in health.detail
    assert store.read("SPY") is None and store.manifest() == {}
    with pytest.raises(StoreError, match="bucket does not exist"):
        store.write("SPY", make_series("SPY"), source="yahoo", origin="t")


def test_an_unreachable_endpoint_is_a_store_error(monkeypatch):
    store = ObjectStore(
        "s3://rr-test/team",
        options={"key": ACCESS_KEY, "secret": SECRET_KEY, "endpoint_url": "http://127.0.0.1:9"},
        timeout=1.0,
    )
    with pytest.raises(StoreError) as caught:
        store.read_many(["SPY"])
    assert "s3://rr-test/team" in str(caught.value)
    assert ACCESS_KEY not in str(caught.value) and SECRET_KEY not in str(caught.value)
    assert not store.health().ok


def test_an_unknown_protocol_extra_is_named():
    store = ObjectStore("gs://rr-test/team")
    try:
        import gcsfs  # noqa: F401
    except ImportError:
        with pytest.raises(StoreError, match="pip install gcsfs"):
            store.read_many(["SPY"])
