"""`rotation refresh` and `rotation doctor`: JSON output, per-series outcomes, real data folder."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest

from dashboard import cli
from dashboard.data import catalog
from dashboard.data.load import BACKOFF
from dashboard.data.sources.demo import DemoSource
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
    rows = {r["id"]: r for r in out["series"]}
    assert [r["id"] for r in out["series"]] == [s.id for s in catalog.CATALOG]
    files = {sid: r["csv_file"] for sid, r in rows.items()}
    assert files["IWM"] == "IWM.csv" and files["^RUT"] == "^RUT.csv" and files["ICSA"]
    assert files["NGDPRSAXDCGBQ"] == "CLVMNACSCAB1GQUK.csv"  # found under its alias
    assert not files["MMF_TOTAL"] and not files["DTWEXBGS"]  # not in the folder
    today = date.today()
    iwm = rows["IWM"]
    assert (iwm["source"], iwm["status"], iwm["rows"]) == ("csvdir", "cached", 6628)
    assert (iwm["first_date"], iwm["last_date"]) == ("2000-05-26", "2026-10-05")
    assert iwm["age_days"] == (today - date(2026, 10, 5)).days and iwm["limit_days"] == 10
    assert iwm["stale"] is (iwm["age_days"] > 10)
    uk = rows["NGDPRSAXDCGBQ"]  # the UK file ends in 2019: stale by the quarterly limit
    assert uk["last_date"] == "2019-10-01" and uk["limit_days"] == 300 and uk["stale"] is True
    assert rows["DTWEXBGS"]["source"] == "demo" and rows["DTWEXBGS"]["status"] == "synthetic"
    assert set(out["stale"]) == {sid for sid, r in rows.items() if r["stale"]}
    assert {f["name"] for f in out["skipped_files"]} == {
        "DIA.csv",
        "ETH-USD.csv",
        "PROVENANCE.md",
        "README.md",
        "SI=F.csv",
        "TLT.csv",
        "^VIX.csv",
        "alt",
    }


def test_doctor_follows_links_and_names_what_it_skips(monkeypatch, capsys, tmp_path):
    shared = tmp_path / "shared-drive"
    shared.mkdir()
    (shared / "iwm.csv").write_text("Date,Close\n2026-11-30,250.0\n2026-12-01,251.5\n")
    (shared / "bad.csv").write_text("Date,Close\n")
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "IWM.csv").symlink_to(shared / "iwm.csv")
    (folder / "SPY.csv").symlink_to(shared / "bad.csv")
    (folder / "QQQ.csv").symlink_to(shared / "gone.csv")
    monkeypatch.setenv("ROTATION_DATA_DIR", str(folder))
    monkeypatch.setenv("ROTATION_SOURCES", "csvdir,demo")

    code, out = run_json(capsys, "doctor", "--json")
    assert code == 0
    rows = {r["id"]: r for r in out["series"]}
    assert rows["IWM"]["source"] == "csvdir" and rows["IWM"]["rows"] == 2
    assert rows["IWM"]["last_date"] == "2026-12-01"
    assert rows["SPY"]["source"] == "demo"
    assert {f["name"]: f["reason"] for f in out["skipped_files"]} == {
        "QQQ.csv": f"broken link to {shared / 'gone.csv'}",
        "SPY.csv": "no data rows (header only)",
    }

    assert cli.main(["doctor"]) == 0
    text = capsys.readouterr().out
    assert "files in the data folder not read (2):" in text
    assert f"QQQ.csv  broken link to {shared / 'gone.csv'}" in text
    assert "IWM                    csvdir/cached" in text


def test_doctor_reports_the_stored_copy_without_fetching(monkeypatch, capsys):
    from dashboard.data.store import Store
    from dashboard.settings import get_settings

    yahoo = FakeSource("yahoo", data={"IWM": make_series("IWM", start="2026-11-02", periods=20)})
    monkeypatch.setenv("ROTATION_SOURCES", "yahoo,demo")
    monkeypatch.setattr(cli, "build_sources", lambda settings: [yahoo, DemoSource()])
    stored_at = datetime.now(UTC) - timedelta(hours=5)  # past the 1 h window of daily data
    Store(get_settings().cache_dir).write(
        "IWM", yahoo.data["IWM"], source="yahoo", origin="yfinance", fetched_at=stored_at
    )

    code, out = run_json(capsys, "doctor", "--json")
    assert code == 0 and yahoo.calls == []  # a health check never refreshes what it checks
    iwm = next(r for r in out["series"] if r["id"] == "IWM")
    assert (iwm["source"], iwm["status"], iwm["rows"]) == ("yahoo", "stale", 20)
    assert iwm["last_date"] == "2026-11-27" and iwm["cached_at"].startswith(
        f"{stored_at:%Y-%m-%dT%H}"
    )
    spy = next(r for r in out["series"] if r["id"] == "SPY")
    assert spy["source"] == "demo"  # no stored copy: the next source in the order


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
