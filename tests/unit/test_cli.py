"""``rotation signals``: all twelve ids, the JSON schema, point in time, real files when present."""

from __future__ import annotations

import json
import re

import pytest

from dashboard.cli import main
from dashboard.data.sources.demo import demo_series
from dashboard.signals import scorecard as rules

SCHEMA_KEYS = {"id", "title", "value", "status", "rule", "as_of", "sources"}


def run_json(capsys, *args, code: int = 1) -> dict:
    """``rotation signals --json``; exit status 1 unless told otherwise: on the demo data every
    reading is synthetic, and on the real folder some signals have no data."""
    assert main(["signals", *args, "--json"]) == code
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
    assert main(["signals", "--as-of", "2026-01-16"]) == 1
    out = capsys.readouterr().out
    assert "of 12 confirming" in out and "global_growth" in out and "smallcap_streak" in out
    assert out.rstrip().endswith("(exit status 1)")
    assert "12 on synthetic data (smallcap_streak, smallcap_breakout," in out


@pytest.mark.parametrize("bad", ["2026-13-01", "yesterday", "1949-12-31", "2999-01-01", ""])
def test_signals_bad_date_exits_2_with_a_message_and_no_json(capsys, bad):
    with pytest.raises(SystemExit) as exc:
        main(["signals", "--as-of", bad, "--json"])
    assert exc.value.code == 2
    out, err = capsys.readouterr()
    assert out == "" and "--as-of" in err


def test_demo_scorecard_is_incomplete_market_evidence(capsys):
    payload = run_json(capsys, "--as-of", "2026-01-16")
    assert payload["complete"] is False and payload["unavailable"] == []
    assert payload["synthetic"] == list(rules.SIGNAL_IDS)


def write_demo_folder(folder, skip=()) -> None:
    """The demo series as date,value files: market-data-like files every signal can score on."""
    folder.mkdir()
    for sid in rules.required_series():
        if sid not in skip:
            body = "".join(f"{d:%Y-%m-%d},{v!r}\n" for d, v in demo_series(sid).items())
            (folder / f"{sid}.csv").write_text("date,value\n" + body)


def test_exit_status_0_when_all_twelve_score_on_files_1_when_one_is_missing(
    capsys, monkeypatch, tmp_path
):
    monkeypatch.setenv("ROTATION_SOURCES", "csvdir")
    monkeypatch.setenv("ROTATION_DATA_DIR", str(tmp_path / "all"))
    write_demo_folder(tmp_path / "all")
    payload = run_json(capsys, "--as-of", "2026-01-16", code=0)
    assert payload["complete"] is True
    assert payload["unavailable"] == [] and payload["synthetic"] == []
    assert payload["tally"]["unavailable"] == 0

    monkeypatch.setenv("ROTATION_DATA_DIR", str(tmp_path / "some"))
    write_demo_folder(tmp_path / "some", skip=("DFII10",))
    payload = run_json(capsys, "--as-of", "2026-01-16", code=1)
    assert payload["complete"] is False and payload["unavailable"] == ["real_yields"]
    # a replay long after the files end: every signal with a last reading is stale (its
    # value and the status it had are kept), the one without data stays unavailable
    payload = run_json(capsys, "--as-of", "2026-11-30", code=1)
    assert payload["complete"] is False and payload["unavailable"] == ["real_yields"]
    assert len(payload["stale"]) == 11 and payload["tally"]["stale"] == 11
    by_id = {s["id"]: s for s in payload["signals"]}
    streak = by_id["smallcap_streak"]
    assert streak["status"] == "stale" and streak["value"] is not None
    assert streak["last_status"] in ("confirming", "neutral", "contradicting")
    assert streak["as_of"] == "2026-01-16" and streak["age_days"] == 318
    assert streak["limit_days"] == 10


def test_replay_of_2008_names_no_later_date(capsys, monkeypatch, market_data):
    monkeypatch.setenv("ROTATION_DATA_DIR", str(market_data))
    monkeypatch.setenv("ROTATION_SOURCES", "csvdir")
    payload = run_json(capsys, "--as-of", "2008-06-06")
    assert payload["data_last_date"] == "2008-06-06"  # a Friday: IWM, SPY, GLD closes
    by_id = {s["id"]: s for s in payload["signals"]}
    assert by_id["smallcap_streak"]["sources"] == [
        "IWM csvdir/cached to 2008-06-06",
        "SPY csvdir/cached to 2008-06-06",
    ]
    # the surveys dated by month: May 2008, released 2008-05-15
    assert by_id["empire_surprise"]["sources"] == ["GACDISA066MSFRBNY csvdir/cached to 2008-05-01"]
    assert by_id["real_yields"]["sources"] == ["DFII10 csvdir/cached to 2008-06-05"]
    # no data date after the as-of anywhere (2022-01-01 is the breakout rule's cut-off, a
    # parameter the rule and detail name, not data)
    said = json.dumps([[s["as_of"], s["sources"], s["detail"]] for s in payload["signals"]])
    later = {d for d in re.findall(r"\d{4}-\d{2}-\d{2}", said) if d > "2008-06-06"}
    assert later == {"2022-01-01"}, later
    assert payload["unavailable"] == [
        "smallcap_breakout",  # ^RUT has no close above its 2021 peak yet
        "mmf_trend",
        "crypto_vs_gold",  # bitcoin starts 2014-09-17
        "growth_vs_smallcaps",  # ARKK starts 2014-10-31
    ]


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
    # the UK file (alias CLVMNACSCAB1GQUK) ends in 2019: stale, its last reading the newest
    # quarter both countries published, never passed off as current
    assert growth["status"] == "stale" and "UK 2019Q4" in growth["detail"]
    assert growth["as_of"] == "2019-10-01" and "newest quarter both published" in growth["detail"]
    assert payload["stale"] == ["global_growth"] and payload["complete"] is False
    assert "Germany 2025Q3" in growth["detail"]
    for sid, signal in by_id.items():
        for source in signal["sources"]:
            name = source.split()[0]
            if (market_data / f"{name}.csv").is_file():
                assert " csvdir/" in source, (sid, source)
