"""`rotation refresh` and `rotation doctor`: JSON output, per-series outcomes, real data folder."""

from __future__ import annotations

import json

import pytest

from dashboard import cli
from dashboard.data.load import BACKOFF
from dashboard.errors import SeriesNotFound
from tests.fakes import FakeSource, make_series


@pytest.fixture(autouse=True)
def clear_backoff():
    BACKOFF.reset()
    yield
    BACKOFF.reset()


def run_json(capsys, *argv: str) -> tuple[int, dict]:
    code = cli.main(list(argv))
    return code, json.loads(capsys.readouterr().out)


def test_refresh_reports_each_series_and_only_new_rows_the_second_time(monkeypatch, capsys):
    yahoo = FakeSource(
        "yahoo",
        data={"IWM": make_series("IWM", periods=30), "SPY": make_series("SPY", periods=30)},
        per_series={"ARKK": SeriesNotFound("ARKK: possibly delisted", source="yahoo")},
    )
    monkeypatch.setenv("ROTATION_SOURCES", "yahoo")
    monkeypatch.setattr(cli, "build_sources", lambda settings: [yahoo])

    code, out = run_json(capsys, "refresh", "--json", "--only", "IWM", "SPY", "ARKK")
    assert code == 1  # a failed series makes the exit code non-zero (cron notices)
    rows = {r["id"]: r for r in out["series"]}
    assert (out["ok"], out["failed"]) == (2, 1)
    assert rows["IWM"]["ok"] and rows["IWM"]["rows"] == 30 and rows["IWM"]["rows_added"] == 30
    assert not rows["ARKK"]["ok"] and "possibly delisted" in rows["ARKK"]["why"]
    assert len(yahoo.calls) == 1  # one batched request for the Yahoo group

    yahoo.per_series.clear()
    yahoo.data["ARKK"] = make_series("ARKK", periods=5)
    code, out = run_json(capsys, "refresh", "--json", "--only", "IWM", "SPY", "ARKK")
    assert code == 0
    rows = {r["id"]: r for r in out["series"]}
    assert rows["IWM"]["rows_added"] == 0 and rows["IWM"]["rows"] == 30
    assert rows["ARKK"]["rows_added"] == 5


def test_refresh_rejects_unknown_ids_before_any_fetch(monkeypatch, capsys):
    monkeypatch.setattr(cli, "build_sources", lambda settings: pytest.fail("no fetch"))
    assert cli.main(["refresh", "--only", "../etc/passwd"]) == 2
    assert "not catalog ids" in capsys.readouterr().err


def test_refresh_without_a_network_source_says_so(capsys):
    code, out = run_json(capsys, "refresh", "--json")  # tests run with ROTATION_SOURCES=demo
    assert code == 0 and out["series"] == [] and "nothing to refresh" in out["message"]


def test_doctor_json_with_the_real_data_folder(monkeypatch, capsys, market_data):
    monkeypatch.setenv("ROTATION_DATA_DIR", str(market_data))
    monkeypatch.setenv("ROTATION_SOURCES", "csvdir,demo")
    code, out = run_json(capsys, "doctor", "--json")
    assert code == 0
    assert out["settings"]["data_dir"] == str(market_data.resolve())
    assert out["settings"]["fred_api_key"] == "not set"
    assert {s["source"] for s in out["sources"]} == {"csvdir", "demo"}
    files = {r["id"]: r["csv_file"] for r in out["series"]}
    assert files["IWM"] and files["^RUT"] and files["ICSA"]
    assert files["NGDPRSAXDCGBQ"]  # found under its alias CLVMNACSCAB1GQUK.csv
    assert not files["MMF_TOTAL"] and not files["DTWEXBGS"]  # not in the folder


def test_doctor_never_prints_the_fred_key(monkeypatch, capsys):
    monkeypatch.setenv("FRED_API_KEY", "abcdef0123456789abcdef0123456789")
    cli.main(["doctor", "--json"])
    out = capsys.readouterr().out
    assert "abcdef0123456789" not in out
    assert json.loads(out)["settings"]["fred_api_key"] == "set"


def test_keyless_403_names_the_key_in_refresh_and_doctor(monkeypatch, capsys):
    from dashboard.data.sources.fred import KEY_REQUIRED
    from tests.data.fake_fred import FakeFred

    server = FakeFred().start()
    server.mode = "403"
    try:
        monkeypatch.setenv("ROTATION_SOURCES", "fred")
        monkeypatch.setenv("ROTATION_FREDGRAPH_URL", f"{server.url}/graph/fredgraph.csv")
        code = cli.main(["refresh", "--only", "ICSA", "GACDFSA066MSFRBPHI"])
        out = capsys.readouterr().out
        assert code == 1 and f"fix: {KEY_REQUIRED}" in out
        assert out.count(KEY_REQUIRED) == 3  # each failed series, then the fix once
        code, payload = run_json(capsys, "refresh", "--json", "--only", "ICSA")
        assert payload["hints"] == [KEY_REQUIRED]
        code = cli.main(["doctor"])
        assert code == 1 and f"DOWN fred    {KEY_REQUIRED}" in capsys.readouterr().out
    finally:
        server.stop()
