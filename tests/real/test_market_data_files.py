"""Every real export in ../shared/market-data parses, and the spot checks of its PROVENANCE.md
hold: the csvdir source against the files users actually have, dirt included."""

from __future__ import annotations

import dataclasses
import time
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from dashboard.data import catalog
from dashboard.data.catalog import SeriesSpec
from dashboard.data.sources.base import Fetched
from dashboard.data.sources.csvdir import POSITIVE_KINDS, CsvDirSource, read_csv_series
from dashboard.errors import SeriesNotFound

pytestmark = pytest.mark.realdata

#: The snapshot's newest row is 2026-10-05; a fixed "today" keeps these checks reproducible.
TODAY = date(2026, 11, 23)
LAYOUTS = {
    "Yahoo layout",
    "Yahoo layout, Adj Close not used",
    "lowercase OHLCV layout",
    "lowercase OHLCV layout, newest first",
    "fredgraph layout",
    "date,value layout",
}


def spec_for(path: Path) -> SeriesSpec:
    """The catalog entry a file stands for: by id, by alias, by the ticker before the first
    underscore (alt/IWM_recent_2026.csv), or a generic macro spec."""
    stem = path.stem
    for spec in catalog.CATALOG:
        if stem == spec.id or stem in spec.csv_aliases:
            return spec
    try:
        return catalog.get(stem.split("_")[0])
    except KeyError:
        return dataclasses.replace(catalog.BY_ID["ICSA"], id=stem, symbol=stem, frequency="D")


def all_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.csv")) + sorted(folder.glob("alt/*.csv"))


def parse(folder: Path, name: str):
    path = folder / name
    return read_csv_series(path, spec_for(path), today=TODAY)


def close_on(series: pd.Series, day: str) -> float:
    """The value on ``day``, to the cent (the files hold float32 noise like 242.55999755859375)."""
    return round(float(series.loc[pd.Timestamp(day)]), 2)


def test_every_file_parses_into_a_clean_series(market_data):
    files = all_files(market_data)
    assert len(files) == 41
    problems = {}
    for path in files:
        spec = spec_for(path)
        try:
            got = read_csv_series(path, spec, today=TODAY)
        except SeriesNotFound as err:
            problems[path.name] = str(err)
            continue
        s = got.series
        checks = {
            "empty": s.empty,
            "not float64": s.dtype != "float64",
            "unsorted or duplicated": not (s.index.is_monotonic_increasing and s.index.is_unique),
            "NaN": bool(s.isna().any()),
            "after today": s.index[-1] > pd.Timestamp(TODAY),
            "non-positive price": spec.kind in POSITIVE_KINDS and bool((s <= 0).any()),
            f"unknown layout {got.layout!r}": got.layout not in LAYOUTS,
            "wrong name": s.name != spec.id,
        }
        failed = [what for what, bad in checks.items() if bad]
        if failed:
            problems[path.name] = failed
    assert problems == {}


def test_iwm_raw_close_and_stitched_end(market_data):
    got = parse(market_data, "IWM.csv")
    s = got.series
    assert close_on(s, "2021-11-08") == 242.56
    assert close_on(s, "2023-12-29") == 200.71
    assert s.index[0] == pd.Timestamp("2000-05-26")
    assert s.index[-1] == pd.Timestamp("2026-10-05") and close_on(s, "2026-10-05") == 283.38
    assert len(s) == 6628
    assert got.layout == "Yahoo layout" and got.notes == ()


#: ^RUT.csv's sessions with volume 0: complete sessions (the index prints no volume on them),
#: plus its last row, which PROVENANCE.md calls an intraday partial.
RUT_ZERO_VOLUME = [
    "2023-07-25",
    "2023-10-13",
    "2024-10-18",
    "2025-07-14",
    "2025-08-11",
    "2025-08-12",
    "2025-08-18",
    "2025-08-19",
    "2025-08-20",
    "2025-08-21",
    "2025-08-27",
    "2025-08-28",
    "2025-08-29",
    "2025-09-08",
    "2025-09-10",
    "2025-09-15",
    "2026-02-23",
]


def test_rut_zero_volume_sessions_are_kept(market_data):
    got = parse(market_data, "^RUT.csv")
    s = got.series
    assert close_on(s, "1987-10-19") == 133.60
    assert close_on(s, "2021-11-08") == 2442.74
    assert close_on(s, "2025-08-11") == 2216.51  # volume 0, a complete session
    assert len(s) == 9686 and all(pd.Timestamp(d) in s.index for d in RUT_ZERO_VOLUME)
    # the file's own timestamp is all that can tell a partial last bar: saved long after
    # 2026-02-23, so that bar is kept and named
    assert s.index[-1] == pd.Timestamp("2026-02-23") and close_on(s, "2026-02-23") == 2620.99
    saved = (market_data / "^RUT.csv").stat().st_mtime
    assert got.notes == (
        "17 rows with volume 0 kept (2023-07-25 to 2026-02-23): a bar is final once its "
        "session has closed, whatever its volume; the last one (2026-02-23) is intraday only if "
        "the file was exported during that session (it was saved "
        f"{pd.Timestamp(saved, unit='s', tz='UTC'):%Y-%m-%d %H:%M} UTC)",
    )


def test_rut_saved_during_its_last_session_drops_that_bar(market_data):
    during = pd.Timestamp("2026-02-23 14:00", tz="America/New_York").to_pydatetime()
    got = read_csv_series(
        market_data / "^RUT.csv", catalog.BY_ID["^RUT"], today=TODAY, saved_at=during
    )
    assert got.series.index[-1] == pd.Timestamp("2026-02-20")
    assert close_on(got.series, "2026-02-20") == 2663.78 and len(got.series) == 9686 - 1


def test_spy_anchor_values_and_parse_speed(market_data):
    path = market_data / "SPY.csv"
    s = parse(market_data, "SPY.csv").series
    assert close_on(s, "2023-12-29") == 475.31
    assert close_on(s, "2024-12-31") == 586.08
    assert len(s) == 8478
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        read_csv_series(path, catalog.BY_ID["SPY"], today=TODAY)
        timings.append(time.perf_counter() - started)
    assert min(timings) < 0.1, f"SPY.csv took {min(timings) * 1000:.0f} ms at best"


def test_btc_history_starts_where_the_catalog_says(market_data):
    got = parse(market_data, "BTC-USD.csv")
    s = got.series
    assert s.index[0] == pd.Timestamp("2014-09-17") == pd.Timestamp(catalog.BY_ID["BTC-USD"].start)
    assert close_on(s, "2023-12-31") == 42265.19  # a Sunday
    assert close_on(s, "2021-11-08") == 67566.83
    assert len(s) == 5848 - 1491
    assert got.notes == (
        "dropped 1,491 rows before 2014-09-17, where BTC-USD's history starts at Yahoo "
        "(2010-08-18 to 2014-09-16: a backfill from another feed)",
        "trades 7 days a week (1,244 weekend days included)",
    )


def test_xbi_newest_first_is_sorted(market_data):
    got = parse(market_data, "XBI.csv")
    s = got.series
    assert len(s) == 100 and s.index.is_monotonic_increasing
    assert s.index[0] == pd.Timestamp("2026-05-13") and close_on(s, "2026-05-13") == 135.85
    assert s.index[-1] == pd.Timestamp("2026-10-05") and close_on(s, "2026-10-05") == 156.19
    assert got.layout == "lowercase OHLCV layout, newest first" and got.notes == ()


def test_fred_series(market_data):
    icsa = parse(market_data, "ICSA.csv")
    assert icsa.layout == "date,value layout"
    assert icsa.series.loc["2025-12-27"] == 199000.0
    assert icsa.series.loc["2020-04-04"] == 6137000.0
    assert len(icsa.series) == 2400

    philly = parse(market_data, "GACDFSA066MSFRBPHI.csv")
    assert philly.layout == "fredgraph layout"
    assert philly.series.loc["2020-04-01"] == -58.7
    assert philly.series.loc["2026-07-01"] == 41.4
    assert len(philly.series) == 699

    copper = parse(market_data, "PCOPPUSDM.csv")
    assert close_on(copper.series, "2008-04-01") == 8714.18
    assert copper.series.index[0] == pd.Timestamp("1990-01-01") and len(copper.series) == 426
    assert copper.notes == (
        "dropped 120 rows with missing values (blank or '.') (1980-01-01 to 1989-12-01)",
    )

    tips = parse(market_data, "DFII10.csv")
    assert tips.series.loc["2021-08-03"] == -1.19 and len(tips.series) == 5919


def test_adj_close_files_use_the_raw_close(market_data):
    gspc = parse(market_data, "^GSPC.csv")
    assert close_on(gspc.series, "2020-03-23") == 2237.40
    assert gspc.notes == (
        "Adj Close present and not used: values are the raw Close",
        "7 rows with volume 0 kept (2022-07-12 to 2022-11-04): a bar is final once its session "
        "has closed, whatever its volume",
    )
    iwm_xjc = parse(market_data, "alt/IWM_xjcarter_raw_2000_2022.csv")
    assert close_on(iwm_xjc.series, "2021-11-08") == 242.56  # the Adj Close column says less


def test_source_serves_the_folder(market_data):
    source = CsvDirSource(market_data)
    out = source.fetch(catalog.CATALOG)
    missing = {k for k, v in out.items() if isinstance(v, SeriesNotFound)}
    assert missing == {"WRMFNS", "MMMFFAQ027S", "MMF_TOTAL", "MMF-MMF_TOT-M", "DTWEXBGS"}
    assert str(out["MMF_TOTAL"]) == "no file for MMF_TOTAL (looked for MMF_TOTAL.csv)"
    uk = out["NGDPRSAXDCGBQ"]
    assert isinstance(uk, Fetched)
    assert uk.origin == f"csv (fredgraph layout): {market_data / 'CLVMNACSCAB1GQUK.csv'}"
    assert uk.series.index[-1] == pd.Timestamp("2019-10-01") and uk.series.iloc[-1] == 473515.9
    assert len(uk.series) == 180
    assert out["HG=F"].origin == f"csv (Yahoo layout): {market_data / 'HG=F.csv'}"
    recent = source.fetch([catalog.BY_ID["IWM"]], start=date(2026, 10, 1))["IWM"]
    assert [f"{d:%Y-%m-%d}" for d in recent.series.index] == [
        "2026-10-01",
        "2026-10-02",
        "2026-10-05",
    ]
    health = source.health()
    assert health.ok
    assert health.detail == (
        f"{market_data}: CSV files for 19 of {len(catalog.CATALOG)} catalog series; "
        "8 other entries not read (see the data status)"
    )
    skipped = {f.name: f.reason for f in source.scan().skipped}
    assert skipped == {
        "DIA.csv": "not a catalog series: read when DIA is added as a ticker",
        "ETH-USD.csv": "not a catalog series: read when ETH-USD is added as a ticker",
        "PROVENANCE.md": "not a .csv file",
        "README.md": "not a .csv file",
        "SI=F.csv": "not a catalog series: read when SI=F is added as a ticker",
        "TLT.csv": "not a catalog series: read when TLT is added as a ticker",
        "^VIX.csv": "not a catalog series: read when ^VIX is added as a ticker",
        "alt": "a folder: only files directly in the data folder are read",
    }
