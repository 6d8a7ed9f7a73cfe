"""Offline behind a proxy that accepts connections and never answers: `rotation refresh` returns
within the fetch deadline, exits 1 and calls nothing live; stored copies stay stale, untouched.

Every provider goes through its real network layer (yfinance/curl_cffi for Yahoo, requests +
requests-cache for FRED and OFR, at their public HTTPS addresses) into the black hole.
"""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta

import pytest

from dashboard import cli
from dashboard.data import catalog
from dashboard.data.store import Store
from dashboard.settings import get_settings
from tests.data.fake_yahoo import black_holed
from tests.fakes import make_series

TIMEOUT = 1.5


@pytest.fixture
def black_hole(tmp_path, monkeypatch):
    monkeypatch.delenv("ROTATION_SOURCES")  # the defaults: yahoo, ofr, fred, demo
    with black_holed(tmp_path, monkeypatch, TIMEOUT) as proxy:
        yield proxy


def refresh(capsys) -> tuple[int, dict, float]:
    began = time.monotonic()
    code = cli.main(["refresh", "--json"])
    elapsed = time.monotonic() - began
    return code, json.loads(capsys.readouterr().out), elapsed


def test_refresh_of_everything_returns_within_the_deadline(black_hole, capsys):
    settings = get_settings()
    assert settings.sources == ("yahoo", "ofr", "fred", "demo")
    code, out, elapsed = refresh(capsys)
    # one deadline in all: the providers are asked side by side, a silent one costs the deadline
    assert elapsed < settings.fetch_deadline + 2.0, elapsed
    assert code == 1
    assert out["ok"] == 0 and out["failed"] == len(out["series"]) > 20
    assert not any(r["status"] == "live" for r in out["series"])
    reasons = {r["id"]: r["why"] for r in out["series"]}
    assert "did not answer within 1.5 s" in reasons["IWM"]
    assert "timed out" in reasons["ICSA"] and "timed out" in reasons["MMF-MMF_TOT-M"]
    assert black_hole.hits == {}  # nothing got through


def test_stored_copies_stay_stale_and_keep_their_time(black_hole, capsys):
    store = Store(get_settings().cache_dir)
    stored_at = (datetime.now(UTC) - timedelta(days=2)).replace(microsecond=0)
    for sid in ("IWM", "SPY", "ICSA"):
        spec = catalog.get(sid)
        freq = "W-SAT" if spec.frequency == "W" else "B"
        store.write(
            sid, make_series(sid, freq=freq), source=spec.provider, origin="x", fetched_at=stored_at
        )
    began = time.monotonic()
    code = cli.main(["refresh", "--json", "--only", "IWM", "SPY", "ICSA"])
    elapsed = time.monotonic() - began
    out = json.loads(capsys.readouterr().out)
    assert code == 1 and elapsed < get_settings().fetch_deadline + 2.0
    assert {r["status"] for r in out["series"]} == {"stale"}
    manifest = store.manifest()
    assert all(manifest[s].fetched_at == stored_at for s in ("IWM", "SPY", "ICSA"))


def test_doctor_returns_within_one_deadline(black_hole, capsys):
    """The sources' health checks run side by side: a silent network costs the slowest check
    (Yahoo's deadline), not the sum of every provider's timeout."""
    settings = get_settings()
    began = time.monotonic()
    code = cli.main(["doctor", "--json"])
    elapsed = time.monotonic() - began
    out = json.loads(capsys.readouterr().out)
    # sequential checks took the sum: 5.5 s here (Yahoo 3.5 s + FRED 1.5 s + OFR 1.5 s)
    assert elapsed < settings.fetch_deadline + 1.0, elapsed
    assert code == 1
    health = {row["source"]: row for row in out["sources"]}
    assert [row["source"] for row in out["sources"]] == ["yahoo", "ofr", "fred", "demo"]
    assert not health["yahoo"]["ok"] and not health["ofr"]["ok"] and not health["fred"]["ok"]
    assert health["demo"]["ok"]
