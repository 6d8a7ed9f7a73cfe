"""The app as a read-only replica of a bucket: a refresh writes into moto's S3, a separate app
process reads it under AppTest; with every socket but loopback blocked, no view opens a
connection to a provider."""

from __future__ import annotations

import ipaddress
import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest

from dashboard import cli
from dashboard.data.load import BACKOFF, build_sources
from dashboard.data.store import ObjectStore
from dashboard.settings import get_settings, store_credentials
from tests.app.helpers import texts
from tests.fakes import FakeSource, make_series
from tests.scale.conftest import ACCESS_KEY, SECRET_KEY
from tests.scale.replica_app import every_view
from tests.views import views

ROOT = Path(__file__).resolve().parents[2]
REFRESHED = ("IWM", "SPY", "^RUT", "QQQ")


def recent(sid: str, seed: int) -> pd.Series:
    """A year of business days ending yesterday, so the scorecard reads it as current."""
    end = pd.Timestamp(datetime.now(UTC).date()) - pd.offsets.BDay(1)
    return make_series(sid, start=end - pd.offsets.BDay(251), periods=252, seed=seed)


@pytest.fixture
def refreshed_bucket(bucket, monkeypatch, capsys):
    """`rotation refresh` (a fake Yahoo, the real CLI and loader) into the bucket."""
    yahoo = FakeSource("yahoo", data={sid: recent(sid, n) for n, sid in enumerate(REFRESHED)})
    monkeypatch.setenv("ROTATION_SOURCES", "yahoo")
    monkeypatch.setattr(cli, "build_sources", lambda settings: [yahoo])
    BACKOFF.reset()
    assert cli.main(["refresh", "--json", "--only", *REFRESHED]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["ok"] == len(REFRESHED)
    return bucket


def test_refresh_writes_the_bucket_and_doctor_reads_it(refreshed_bucket, capsys):
    store = ObjectStore(f"s3://{refreshed_bucket}/team", options=store_credentials())
    assert set(store.manifest()) == set(REFRESHED)
    assert store.read("IWM").entry.source == "yahoo"
    code = cli.main(["doctor", "--json"])
    out = json.loads(capsys.readouterr().out)
    assert out["store"]["ok"] and out["store"]["location"] == f"s3://{refreshed_bucket}/team"
    assert "conditional PUT" in out["store"]["guarantee"]
    assert {r["id"] for r in out["series"] if r["cached_at"]} == set(REFRESHED)
    assert code == 0


def test_a_replica_process_serves_the_bucket_under_apptest(refreshed_bucket, moto_server):
    # one series is old: the replica must say the refresh job is late
    writer = ObjectStore(f"s3://{refreshed_bucket}/team", options=store_credentials())
    writer.write("QQQ", recent("QQQ", 9), source="yahoo", origin="yfinance",
                 fetched_at=datetime.now(UTC) - timedelta(hours=5))  # fmt: skip
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ROTATION_", "AWS_"))}
    env.update(
        moto_server.env(),
        ROTATION_CACHE_DIR=f"s3://{refreshed_bucket}/team",
        ROTATION_READ_ONLY="1",
        ROTATION_SOURCES="yahoo,fred,demo",
    )
    proc = subprocess.run(
        [sys.executable, "-m", "tests.scale.replica_app"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    pages = json.loads(proc.stdout)
    assert set(pages) == {v.key for v in views()}
    for key, page in pages.items():
        assert page["exceptions"] == [], key
        assert ACCESS_KEY not in page["text"] and SECRET_KEY not in page["text"]
    small_caps = pages["small_caps"]
    assert "Could not load" not in small_caps["text"]
    # the pair and benchmark come from the bucket, on time: an info caption, no late warning
    assert f"data from the shared store (s3://{refreshed_bucket}/team)" in small_caps["text"]
    # QQQ (5 h old, hourly job) appears on the overview's status: the job is late there
    late = [w for w in pages["overview"]["warnings"] if w.startswith("The refresh job is late")]
    assert late and "QQQ" in late[0] and "every 1 h" in late[0]
    # what the bucket lacks comes from the labelled demo, never from a provider
    assert "Demo data: synthetic" in pages["macro"]["text"]


# --- no provider connection ----------------------------------------------------------------------
_ATTEMPTS: list[tuple[str, str]] = []
_GUARD = {"on": False}


def _loopback(host) -> bool:
    if host in ("localhost", "", None):
        return True
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False  # any other host name


def _audit(event: str, args) -> None:
    """Sees every connect and name lookup any Python code makes (aiohttp, requests, urllib)."""
    if not _GUARD["on"]:
        return
    if event == "socket.connect":
        address = args[1]
        if isinstance(address, tuple):
            _ATTEMPTS.append(("connect", str(address[0])))
            if not _loopback(address[0]):
                raise OSError(f"blocked: a non-loopback connection to {address[0]}")
    elif event == "socket.getaddrinfo":
        _ATTEMPTS.append(("lookup", str(args[0])))
        if not _loopback(args[0]):
            raise OSError(f"blocked: a name lookup of {args[0]}")


sys.addaudithook(_audit)  # audit hooks cannot be removed; _GUARD switches this one on and off


def test_a_read_only_replica_never_opens_a_provider_connection(bucket, monkeypatch):
    writer = ObjectStore(f"s3://{bucket}/team", options=store_credentials())
    for n, sid in enumerate(REFRESHED):
        writer.write(sid, recent(sid, n), source="yahoo", origin="yfinance")
    monkeypatch.setenv("ROTATION_READ_ONLY", "1")
    monkeypatch.setenv("ROTATION_SOURCES", "yahoo,fred,demo")
    monkeypatch.setenv("FRED_API_KEY", "0123456789abcdef0123456789abcdef")
    built = []
    from dashboard.data.sources import fred, yahoo

    for cls in (yahoo.YahooSource, fred.FredSource):
        monkeypatch.setattr(cls, "__init__", lambda self, *a, **k: built.append(type(self)))
    import curl_cffi.requests
    import requests

    monkeypatch.setattr(requests.Session, "send", lambda *a, **k: built.append("requests"))
    monkeypatch.setattr(
        curl_cffi.requests.Session, "request", lambda *a, **k: built.append("curl_cffi")
    )
    assert get_settings().read_only
    _ATTEMPTS.clear()
    _GUARD["on"] = True
    try:
        for view, at in every_view():
            assert not at.exception, (view.key, [e.value for e in at.exception])
            assert "blocked" not in texts(at), view.key
    finally:
        _GUARD["on"] = False
    assert built == []  # no provider adapter, no HTTP client call
    hosts = {host for _, host in _ATTEMPTS}
    assert hosts and all(_loopback(h) for h in hosts), hosts  # moto, on loopback, only
    assert any(kind == "connect" for kind, _ in _ATTEMPTS)  # the guard saw the S3 reads


def test_doctor_on_a_replica_reports_what_it_serves_and_probes_no_provider(
    refreshed_bucket, monkeypatch, capsys
):
    monkeypatch.setenv("ROTATION_READ_ONLY", "1")
    monkeypatch.setenv("ROTATION_SOURCES", "yahoo,fred,demo")
    monkeypatch.setattr(cli, "build_sources", build_sources)  # the real one, not the fixture's
    assert cli.main(["doctor", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [s["source"] for s in out["sources"]] == ["demo"]  # no provider probed
    assert out["settings"]["read_only"] and out["store"]["ok"]
    rows = {r["id"]: r for r in out["series"]}
    assert {sid for sid, r in rows.items() if r["source"] == "yahoo"} == set(REFRESHED)
    assert rows["IWM"]["status"] == "cached" and rows["ICSA"]["status"] == "synthetic"
