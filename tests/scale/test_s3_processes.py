"""Several processes against one bucket, as several refresh hosts would be: no lost rows, no torn
series, and a writer killed mid-write leaves readers on the previous version."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.scale import writers

ROOT = Path(__file__).resolve().parents[2]


def child(moto_server, url: str, *argv: str, **popen) -> subprocess.Popen:
    """A second host: its own process and S3 client, the store at ``url``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ROTATION_", "AWS_"))}
    env.update(moto_server.env(), ROTATION_SOURCES="demo", ROTATION_CACHE_DIR=url)
    return subprocess.Popen([sys.executable, *argv], cwd=ROOT, env=env, text=True, **popen)


@pytest.fixture
def url(bucket) -> str:
    return f"s3://{bucket}/team"


def test_two_concurrent_writers_lose_no_rows(moto_server, url):
    rounds = 12
    procs = [
        child(moto_server, url, "-m", "tests.scale.writers", "merge", url, str(w), str(rounds))
        for w in (1, 2)
    ]
    for p in procs:
        assert p.wait(240) == 0
    store = writers.open_store(url)
    for sid in ("IWM", "SPY"):
        got = store.read(sid).series
        # every date either worker wrote is there, with the value that worker wrote
        assert len(got) == 2 * rounds, sid
        workers = (got.to_numpy() // 1000).astype(int)
        assert sorted(set(workers)) == [1, 2]
        assert all(day.weekday() == w - 1 for day, w in zip(got.index, workers, strict=True))
    assert set(store.manifest()) == {"IWM", "SPY"}
    assert store.quarantined() == []


def test_two_concurrent_publish_processes_leave_every_series_whole(moto_server, url):
    publish = ("-m", "dashboard.cli", "publish", "--from", "demo", "--json")
    procs = [child(moto_server, url, *publish, stdout=subprocess.PIPE) for _ in range(2)]
    outs = [json.loads(p.communicate(timeout=240)[0]) for p in procs]
    assert [p.returncode for p in procs] == [0, 0]
    store = writers.open_store(url)
    manifest = store.manifest()
    assert set(manifest) == {r["id"] for r in outs[0]["series"]}
    for sid, entry in manifest.items():
        got = store.read(sid)
        assert got is not None and len(got.series) == entry.rows, sid


def test_a_writer_killed_before_the_pointer_leaves_readers_on_the_previous_version(
    moto_server, url, monkeypatch
):
    store = writers.open_store(url)
    store.write("IWM", writers.constant(1), source="yahoo", origin="gen", merge=False)
    proc = child(moto_server, url, "-m", "tests.scale.writers", "killed", url, "2")
    assert proc.wait(120) == -signal.SIGKILL
    got = store.read("IWM")
    assert got is not None and set(got.series.unique()) == {1.0}
    assert len(got.series) == writers.ROWS
    versions = store._list(store._objects_dir("IWM"))
    assert len(versions) == 2  # the complete, never published version of the killed writer
    # the next refresh makes its own version current and collects the orphan once it is old
    from dashboard.data import store as store_module

    monkeypatch.setattr(store_module, "_GRACE", store_module.timedelta(0))
    store.write("IWM", writers.constant(3), source="yahoo", origin="gen", merge=False)
    assert set(store.read("IWM").series.unique()) == {3.0}
    assert len(store._list(store._objects_dir("IWM"))) == 2  # current and previous only


def test_sigkill_at_random_moments_never_tears_a_series(moto_server, url):
    store = writers.open_store(url)
    store.write("IWM", writers.constant(0), source="yahoo", origin="gen", merge=False)
    rng = random.Random(16)
    generation, seen = 1, set()
    for _ in range(5):
        proc = child(
            moto_server,
            url,
            "-m",
            "tests.scale.writers",
            "endless",
            url,
            str(generation),
            stdout=subprocess.PIPE,
        )
        line = proc.stdout.readline()  # one version written: the child is mid-loop from now
        assert line.startswith("wrote"), line
        time.sleep(rng.uniform(0.0, 0.4))
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
        got = store.read("IWM")
        values = set(got.series.unique())
        assert len(values) == 1 and len(got.series) == writers.ROWS  # one whole generation
        (value,) = values
        assert value >= generation  # at least the version the child said it finished
        seen.add(value)
        generation = int(value) + 100
    assert len(seen) == 5
    assert store.quarantined() == []
