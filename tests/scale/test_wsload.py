"""The server-side load generator against a real local cluster (moto's S3, one publish pass, two
read-only replicas): every session walks every view over the websocket protocol, split between
the replicas, with no exception; the protocol message is what a browser sends."""

from __future__ import annotations

import pytest
from streamlit.proto.BackMsg_pb2 import BackMsg

from bench import cluster
from bench.wsload import QUERY, rerun_message, run_ws_load
from tests.views import view, views


def test_the_rerun_message_names_the_page_and_carries_the_query():
    msg = BackMsg()
    msg.ParseFromString(rerun_message(view("small_caps"), "range=Max&bench=QQQ"))
    assert msg.WhichOneof("type") == "rerun_script"
    assert msg.rerun_script.page_name == "small_caps"
    assert msg.rerun_script.query_string == "range=Max&bench=QQQ"
    home = BackMsg()
    home.ParseFromString(rerun_message(next(v for v in views() if v.default)))
    assert home.rerun_script.page_name == "" and home.rerun_script.query_string == QUERY


@pytest.fixture(scope="module")
def two_replicas(tmp_path_factory):
    pytest.importorskip("s3fs")
    running = cluster.start(2, logs=tmp_path_factory.mktemp("cluster"))
    try:
        yield running
    finally:
        running.stop()


def test_sessions_split_over_two_replicas_walk_every_view(two_replicas):
    assert two_replicas.published["ok"] > 20 and two_replicas.published["failed"] == 0
    result = run_ws_load(two_replicas.replica_urls, sessions=4, timeout_s=240)
    assert result.failures == [] and result.exceptions == []
    assert result.completed == 4
    assert result.per_replica == {url: 2 for url in two_replicas.replica_urls}
    for v in views():
        expected = 8 if v.default else 4  # the walk starts and ends on the default page
        assert len(result.times[v.key]) == expected, v.key
    assert result.sessions_per_s > 0 and result.bytes_received > 100_000


def test_an_unknown_page_is_a_failure_not_a_hang(two_replicas):
    from bench import wsload
    from tests.views import View

    ghost = View(key="ghost", file="pages/ghost.py", title="Ghost", url_path="ghost")
    original = wsload.views
    wsload.views = lambda: (original()[0], ghost)
    try:
        result = run_ws_load(two_replicas.replica_urls[0], sessions=1, timeout_s=60)
    finally:
        wsload.views = original
    assert result.completed == 0
    assert len(result.failures) == 1 and "page not found" in result.failures[0]


def test_stop_ends_exactly_the_started_processes(tmp_path):
    running = cluster.start(1, logs=tmp_path)
    pids = [p.pid for p in running.procs]
    assert all(cluster._runs(p) for p in running.procs)
    done = running.stop()
    assert [line.rsplit(": ", 1)[1] for line in done] == ["stopped", "stopped"]
    assert not any(cluster._runs(p) for p in running.procs) and len(pids) == 2
    assert running.stop() == [f"{p.role} pid {p.pid}: not running" for p in sorted(
        running.procs, key=lambda p: p.role != "replica")]  # fmt: skip
