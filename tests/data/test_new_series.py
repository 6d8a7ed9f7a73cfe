"""One catalog line adds a series for every source: a throwaway Yahoo ETF (IWN) and a throwaway
FRED series (T10Y2Y) registered for the test, then loaded through the data folder, yfinance's
real download over a fake ticker, the fake FRED server, the parquet store and the demo."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pandas as pd
import pytest

from dashboard.data import load
from dashboard.data.catalog import SeriesSpec
from dashboard.data.load import fetch_series, load_series
from dashboard.data.sources.csvdir import CsvDirSource
from dashboard.data.sources.demo import GENERIC_NOTE, GENERIC_ORIGIN, DemoSource
from dashboard.data.sources.yahoo import YahooSource
from dashboard.settings import get_settings
from tests.data import fake_fred
from tests.data.fake_fred import FakeFred
from tests.data.test_fred import make_source
from tests.data.test_yahoo import AFTER_CLOSE, MARKET, NY, FakeTicker, Recorder, history_frame
from tests.fakes import register_series

IWN = SeriesSpec(
    id="IWN",
    label="iShares Russell 2000 Value ETF",
    kind="price",
    provider="yahoo",
    symbol="IWN",
    frequency="B",
    units="USD",
    start=date(2000, 7, 24),
    group="small caps",
)
SPREAD = SeriesSpec(
    id="T10Y2Y",
    label="10-year minus 2-year Treasury yield",
    kind="rate",
    provider="fred",
    symbol="T10Y2Y",
    frequency="BD",
    units="%",
    start=date(1976, 6, 1),
    release="next_day",
    group="global",
)
IDS = ["IWN", "T10Y2Y"]
NOW = datetime(2026, 1, 17, 1, 0, tzinfo=UTC)
#: What the fake providers serve: IWN closes 160, 161, ... and the spread as FRED writes it.
SPREAD_ROWS = [("2026-01-12", "0.62"), ("2026-01-13", "."), ("2026-01-14", "0.65")]


@pytest.fixture
def registered(monkeypatch, fresh_loader):
    register_series(monkeypatch, IWN, SPREAD)
    monkeypatch.setitem(
        MARKET, "IWN", history_frame(pd.bdate_range("2026-01-05", "2026-01-16", tz=NY), 160.0)
    )
    monkeypatch.setitem(fake_fred.OBSERVATIONS, "T10Y2Y", SPREAD_ROWS)
    monkeypatch.setattr("yfinance.multi.Ticker", FakeTicker)
    monkeypatch.setattr(FakeTicker, "behaviour", {})


@pytest.fixture
def fred():
    server = FakeFred().start()
    yield server
    server.stop()


def expected_spread() -> list[float]:
    return [float(v) for _, v in SPREAD_ROWS if v != "."]


def test_the_demo_gives_a_new_line_a_labelled_generic_history(registered):
    got = fetch_series(IDS, get_settings(), sources=[DemoSource()], now=NOW)
    for sid in IDS:
        prov = got.provenance[sid]
        assert prov.status == "synthetic" and prov.source == "demo"
        assert prov.origin == GENERIC_ORIGIN and GENERIC_NOTE in prov.notes
        assert prov.last_date is not None and prov.last_date <= date(2026, 1, 16)
    assert (got.get("IWN") > 0).all()


def test_the_data_folder_serves_a_new_line_from_its_file(registered, tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "IWN.csv").write_text(
        "Date,Open,High,Low,Close,Volume\n2026-01-14,159,161,158,160.5,100\n"
        "2026-01-15,160,162,159,161.25,100\n"
    )
    (folder / "T10Y2Y.csv").write_text("observation_date,T10Y2Y\n2026-01-14,0.65\n2026-01-15,\n")
    got = fetch_series(IDS, get_settings(), sources=[CsvDirSource(folder)], now=NOW)
    assert got.provenance["IWN"].source == "csvdir" and got.provenance["IWN"].status == "cached"
    assert got.get("IWN").tolist() == [160.5, 161.25]
    assert got.get("T10Y2Y").tolist() == [0.65]
    assert str(folder / "T10Y2Y.csv") in got.provenance["T10Y2Y"].origin


def test_yahoo_fred_and_the_store_serve_a_new_line(registered, fred, tmp_path):
    download = Recorder()
    sources = [
        YahooSource(download, now=lambda: AFTER_CLOSE),
        make_source(tmp_path, fred, key=False),
    ]
    settings = get_settings()
    live = fetch_series(IDS, settings, sources=sources, now=NOW)
    assert live.provenance["IWN"].source == "yahoo" and live.provenance["IWN"].status == "live"
    assert live.get("IWN").tolist() == MARKET["IWN"]["Close"].tolist()
    assert live.provenance["T10Y2Y"].source == "fred"
    assert live.provenance["T10Y2Y"].status == "live"
    assert live.get("T10Y2Y").tolist() == expected_spread()
    assert download.calls[0][0] == ["IWN"]
    hits = fred.total_hits

    stored = fetch_series(IDS, settings, sources=sources, now=NOW + timedelta(minutes=5))
    for sid in IDS:
        assert stored.provenance[sid].status == "cached"  # from the parquet store
        pd.testing.assert_series_equal(stored.get(sid), live.get(sid), check_freq=False)
    assert len(download.calls) == 1 and fred.total_hits == hits  # nobody was asked again


def test_the_pages_loader_serves_a_new_line_through_the_default_chain(
    registered, fred, tmp_path, monkeypatch
):
    folder = tmp_path / "data"
    folder.mkdir()  # the folder has neither file: the live sources serve them
    monkeypatch.setenv("ROTATION_DATA_DIR", str(folder))
    monkeypatch.delenv("ROTATION_SOURCES")
    by_name = {
        "csvdir": CsvDirSource(folder),
        "yahoo": YahooSource(Recorder(), now=lambda: AFTER_CLOSE),
        "fred": make_source(tmp_path, fred, key=False),
        "demo": DemoSource(),
    }
    order = get_settings().sources  # the default chain with a data folder
    assert order[0] == "csvdir" and order[-1] == "demo" and {"yahoo", "fred"} <= set(order)
    chain = [by_name[name] for name in order if name in by_name]  # no OFR series asked for
    monkeypatch.setattr(load, "build_sources", lambda settings: chain)
    got = load_series(["IWN", "T10Y2Y", "IWM"])
    assert got.provenance["IWN"].status == "live"
    assert got.provenance["T10Y2Y"].status == "live"
    assert got.provenance["IWM"].status == "live"  # the fake market has IWM too
    assert got.get("T10Y2Y").tolist() == expected_spread()
