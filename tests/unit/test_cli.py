"""``rotation signals``: all twelve ids, the JSON schema, point in time, real files when present."""

from __future__ import annotations

import json

import pytest

from dashboard.cli import main
from dashboard.signals import scorecard as rules

SCHEMA_KEYS = {"id", "title", "value", "status", "rule", "as_of", "sources"}


def run_json(capsys, *args) -> dict:
    assert main(["signals", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_signals_json_lists_all_twelve(capsys):
    payload = run_json(capsys, "--as-of", "2026-01-16")
    assert payload["as_of"] == "2026-01-16"
    ids = [s["id"] for s in payload["signals"]]
    assert ids == list(rules.SIGNAL_IDS) and len(ids) == 12
    for signal in payload["signals"]:
        assert set(signal) >= SCHEMA_KEYS
        assert signal["status"] in rules.SIGNAL_STATUSES
    by_id = {s["id"]: s for s in payload["signals"]}
    # demo story on 2026-01-16: Germany +0.2 and UK +0.3 in 2025Q3, real yields rising
    assert by_id["global_growth"]["status"] == "confirming"
    assert by_id["global_growth"]["value"] == pytest.approx(0.25, abs=1e-9)
    assert by_id["global_growth"]["as_of"] == "2025-07-01"
    assert by_id["real_yields"]["status"] == "confirming" and by_id["real_yields"]["value"] > 0
    assert all("demo/synthetic" in s for s in by_id["real_yields"]["sources"])
    assert sum(payload["tally"].values()) == 12


def test_signals_before_the_q3_release(capsys):
    payload = run_json(capsys, "--as-of", "2025-11-13")
    growth = next(s for s in payload["signals"] if s["id"] == "global_growth")
    assert growth["as_of"] == "2025-04-01"  # 2025Q3 is out on 2025-11-14, not before


def test_signals_text_output(capsys):
    assert main(["signals", "--as-of", "2026-01-16"]) == 0
    out = capsys.readouterr().out
    assert "of 12 confirming" in out and "global_growth" in out and "smallcap_streak" in out


def test_signals_bad_date_exits_2(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["signals", "--as-of", "2026-13-01"])
    assert exc.value.code == 2


def test_signals_use_the_real_files(capsys, monkeypatch, market_data):
    monkeypatch.setenv("ROTATION_DATA_DIR", str(market_data))
    monkeypatch.setenv("ROTATION_SOURCES", "csvdir,demo")
    payload = run_json(capsys, "--as-of", "2026-01-16")
    by_id = {s["id"]: s for s in payload["signals"]}
    assert [s["id"] for s in payload["signals"]] == list(rules.SIGNAL_IDS)
    real = by_id["real_yields"]
    assert real["sources"] and all(s.startswith("DFII10 csvdir/cached") for s in real["sources"])
    # DFII10.csv: 1.88 on 2026-01-15 vs 1.92 on 2025-12-16
    assert real["value"] == pytest.approx(-0.04, abs=1e-9) and real["status"] == "contradicting"
    growth = by_id["global_growth"]
    assert any(s.startswith("CLVMNACSCAB1GQDE csvdir") for s in growth["sources"])
    assert any(s.startswith("NGDPRSAXDCGBQ csvdir") for s in growth["sources"])
    # the UK file (alias CLVMNACSCAB1GQUK) ends in 2019: stale, so no average is passed off
    assert growth["status"] == "unavailable" and "UK 2019Q4" in growth["detail"]
    assert "Germany 2025Q3" in growth["detail"]
    for sid, signal in by_id.items():
        for source in signal["sources"]:
            name = source.split()[0]
            if (market_data / f"{name}.csv").is_file():
                assert " csvdir/" in source, (sid, source)
