"""Bad data files through the whole loader: a clear notice in provenance, never an exception,
and never a lost cache entry.

tests/data/test_csvdir.py pins the parser's exact messages file by file; here each bad file is
dropped into a real data folder and loaded with :func:`dashboard.data.load.fetch_series`, the
way the app and ``rotation refresh`` do, next to a good copy already in the parquet store.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import numpy as np
import pandas as pd
import pytest

from dashboard.data.load import BACKOFF, fetch_series
from dashboard.data.sources.csvdir import CsvDirSource
from dashboard.data.sources.demo import DemoSource
from dashboard.data.store import Store
from dashboard.errors import SourceUnavailable
from dashboard.settings import get_settings
from tests.fakes import FakeSource, make_series

NOW = datetime(2026, 1, 16, 22, 0, tzinfo=UTC)
LATER = NOW + timedelta(days=1)
FUTURE = (date.today() + timedelta(days=400)).isoformat()

#: Files that give no usable series: (id, content, words the notice must contain).
UNUSABLE: list[tuple[str, bytes, str]] = [
    ("empty", b"", "empty file"),
    ("header-only", b"Date,Open,High,Low,Close,Volume\n", "header only"),
    ("blank-lines", b"\n\n\n", "empty file"),
    ("wrong-columns", b"Foo,Bar,Baz\n1,2,3\n", "no date column"),
    ("no-value-column", b"Date,Foo,Bar\n2025-01-02,1,2\n", "no value column"),
    ("non-numeric", b"Date,Close\n2025-01-02,abc\n2025-01-03,n/a!\n", "non-numeric"),
    ("all-future", f"Date,Close\n{FUTURE},10\n".encode(), "dated after today"),
    ("huge-numbers", b"Date,Close\n2025-01-02,1e300\n2025-01-03,5e16\n", "implausible"),
    ("nan-inf", b"Date,Close\n2025-01-02,inf\n2025-01-03,-inf\n2025-01-06,NaN\n", "no usable"),
    ("binary", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8, "not a text CSV"),
    ("utf16", "Date,Close\n2025-01-02,1\n".encode("utf-16"), "not a text CSV"),
    ("gzip-named-csv", b"\x1f\x8b\x08\x00" + bytes(200), "not a text CSV"),
    ("ragged", b"Date,Close\n2025-01-02,1\n2025-01-03,1,2,3\n", "malformed CSV"),
    ("us-dates", b"Date,Close\n01/02/2025,1\n01/03/2025,2\n", "no readable dates"),
    ("zero-prices", b"Date,Close\n2025-01-02,0\n2025-01-03,-4\n", "zero or negative"),
]

#: Files with some bad rows: the good rows are used, the bad ones are counted in a note.
PARTIAL: list[tuple[str, str, dict[str, float], str]] = [
    (
        "some-non-numeric",
        "Date,Close\n2025-01-02,10\n2025-01-03,oops\n2025-01-06,11\n",
        {"2025-01-02": 10.0, "2025-01-06": 11.0},
        "non-numeric",
    ),
    (
        "duplicate-dates",
        "Date,Close\n2025-01-02,10\n2025-01-02,12\n2025-01-03,11\n",
        {"2025-01-02": 12.0, "2025-01-03": 11.0},
        "duplicate",
    ),
    (
        "unsorted-dates",
        "Date,Close\n2025-01-06,12\n2025-01-02,10\n2025-01-03,11\n",
        {"2025-01-02": 10.0, "2025-01-03": 11.0, "2025-01-06": 12.0},
        "order",
    ),
    (
        "some-future",
        f"Date,Close\n2025-01-02,10\n{FUTURE},99\n",
        {"2025-01-02": 10.0},
        "dated after today",
    ),
    (
        "some-inf-and-huge",
        "Date,Close\n2025-01-02,10\n2025-01-03,inf\n2025-01-06,1e200\n",
        {"2025-01-02": 10.0},
        "infinite",
    ),
]


@pytest.fixture(autouse=True)
def clear_backoff():
    BACKOFF.reset()
    yield
    BACKOFF.reset()


@pytest.fixture
def folder(tmp_path):
    path = tmp_path / "data"
    path.mkdir()
    return path


@pytest.fixture
def good_copy():
    """A good IWM history stored by a (fake) network source, as `rotation refresh` leaves it."""
    settings = get_settings()
    good = make_series("IWM", periods=60)
    fetch_series(["IWM"], settings, sources=[FakeSource("yahoo", {"IWM": good})], now=NOW)
    path = Store(settings.cache_dir).path_for("IWM")
    return good, path, path.read_bytes()


def yahoo_down() -> FakeSource:
    return FakeSource(
        "yahoo",
        {"IWM": make_series("IWM")},
        fail=SourceUnavailable("connection refused", source="yahoo"),
    )


def test_the_corpus_is_big_enough():
    assert len(UNUSABLE) + len(PARTIAL) >= 10
    assert len({c[0] for c in UNUSABLE + PARTIAL}) == len(UNUSABLE) + len(PARTIAL)


@pytest.mark.parametrize(
    ("content", "words"), [c[1:] for c in UNUSABLE], ids=[c[0] for c in UNUSABLE]
)
def test_an_unusable_file_falls_back_to_the_stored_copy_and_says_why(
    folder, good_copy, content, words
):
    good, path, stored_bytes = good_copy
    (folder / "IWM.csv").write_bytes(content)
    got = fetch_series(
        ["IWM"], get_settings(), sources=[CsvDirSource(folder), yahoo_down()], now=LATER
    )
    prov = got.provenance["IWM"]
    assert prov.status == "stale" and prov.source == "yahoo"
    notes = " | ".join(prov.notes)
    assert "csvdir: IWM.csv:" in notes and words in notes, notes
    assert "connection refused" in notes
    pd.testing.assert_series_equal(got.get("IWM"), good, check_freq=False)
    assert path.read_bytes() == stored_bytes, "the good stored copy is untouched"
    assert got.degraded


@pytest.mark.parametrize(
    ("content", "words"), [c[1:] for c in UNUSABLE], ids=[c[0] for c in UNUSABLE]
)
def test_an_unusable_file_without_any_cache_falls_back_to_labelled_demo_data(
    folder, content, words
):
    (folder / "IWM.csv").write_bytes(content)
    got = fetch_series(["IWM"], get_settings(), sources=[CsvDirSource(folder), DemoSource()])
    prov = got.provenance["IWM"]
    assert prov.status == "synthetic" and prov.source == "demo"
    assert any(n.startswith("csvdir: IWM.csv:") and words in n for n in prov.notes), prov.notes


@pytest.mark.parametrize(
    ("content", "expected", "words"), [c[1:] for c in PARTIAL], ids=[c[0] for c in PARTIAL]
)
def test_a_partly_bad_file_is_used_cleaned_with_a_note_and_the_cache_is_untouched(
    folder, good_copy, content, expected, words
):
    _, path, stored_bytes = good_copy
    (folder / "IWM.csv").write_text(content)
    got = fetch_series(
        ["IWM"], get_settings(), sources=[CsvDirSource(folder), yahoo_down()], now=LATER
    )
    prov = got.provenance["IWM"]
    assert prov.status == "cached" and prov.source == "csvdir"  # a stored file, not live
    assert {f"{d:%Y-%m-%d}": v for d, v in got.get("IWM").items()} == expected
    assert any(words in n for n in prov.notes), prov.notes
    assert path.read_bytes() == stored_bytes


JUNK_REFRESH = {
    "all-nan": [float("nan")] * 5,
    "inf-and-huge": [float("inf"), -float("inf"), 1e300, float("nan"), 5e16],
}


@pytest.mark.parametrize("junk", list(JUNK_REFRESH.values()), ids=list(JUNK_REFRESH))
def test_a_junk_network_refresh_never_replaces_the_good_stored_copy(good_copy, junk):
    """A provider answering with NaN / inf / absurd values: the stored history is served as
    stale with the reason, and the parquet file is not rewritten."""
    good, path, stored_bytes = good_copy
    answer = pd.Series(junk, index=pd.date_range("2026-01-05", periods=len(junk)), name="IWM")
    got = fetch_series(
        ["IWM"], get_settings(), sources=[FakeSource("yahoo", {"IWM": answer})], now=LATER
    )
    prov = got.provenance["IWM"]
    assert prov.status == "stale"
    assert any("returned no usable values" in n for n in prov.notes), prov.notes
    pd.testing.assert_series_equal(got.get("IWM"), good, check_freq=False)
    assert path.read_bytes() == stored_bytes


def test_a_partly_junk_refresh_merges_only_the_finite_values(good_copy):
    good, _, _ = good_copy
    day = good.index[-1] + pd.offsets.BDay(1)
    answer = pd.Series(
        [float("nan"), float("inf"), 123.0],
        index=[day, day + pd.offsets.BDay(1), day + pd.offsets.BDay(2)],
    )
    got = fetch_series(
        ["IWM"], get_settings(), sources=[FakeSource("yahoo", {"IWM": answer})], now=LATER
    )
    prov = got.provenance["IWM"]
    assert prov.status == "live" and prov.rows == len(good) + 1
    assert any("dropped 2 missing, non-finite or implausible values" in n for n in prov.notes)
    stored = Store(get_settings().cache_dir).read("IWM").series
    assert np.isfinite(stored.to_numpy()).all() and stored.iloc[-1] == 123.0
    pd.testing.assert_series_equal(stored.iloc[:-1], good, check_freq=False)


def test_a_corrupt_parquet_and_a_bad_file_with_the_network_down(folder, good_copy):
    """Nothing usable anywhere: the series is unavailable and every step says why; the corrupt
    parquet is quarantined for inspection, not deleted, and nothing raises."""
    _, path, _ = good_copy
    path.write_bytes(b"PAR1 this is not parquet PAR1")
    (folder / "IWM.csv").write_bytes(b"")
    settings = get_settings()
    got = fetch_series(["IWM"], settings, sources=[CsvDirSource(folder), yahoo_down()], now=LATER)
    prov = got.provenance["IWM"]
    assert prov.status == "unavailable" and got.get("IWM") is None
    assert "csvdir: IWM.csv: empty file" in got.unavailable["IWM"]
    assert "yahoo: connection refused" in got.unavailable["IWM"]
    assert len(Store(settings.cache_dir).quarantined()) == 1


def test_a_corrupt_parquet_is_refetched_and_replaced(good_copy):
    good, path, _ = good_copy
    path.write_bytes(bytes(range(256)))
    settings = get_settings()
    yahoo = FakeSource("yahoo", {"IWM": good})
    got = fetch_series(["IWM"], settings, sources=[yahoo], now=LATER)
    assert got.provenance["IWM"].status == "live"
    pd.testing.assert_series_equal(
        Store(settings.cache_dir).read("IWM").series, good, check_freq=False
    )


def test_bad_files_through_the_configured_chain(folder, monkeypatch):
    """The app's own source list (ROTATION_DATA_DIR + ROTATION_SOURCES=csvdir,demo): one bad
    file among good ones affects only its own series."""
    (folder / "IWM.csv").write_bytes(b"\x00\x01binary")
    (folder / "SPY.csv").write_text("Date,Close\n2025-01-02,500\n2025-01-03,501\n")
    monkeypatch.setenv("ROTATION_DATA_DIR", str(folder))
    monkeypatch.setenv("ROTATION_SOURCES", "csvdir,demo")
    got = fetch_series(["IWM", "SPY"])
    assert got.provenance["SPY"].source == "csvdir" and got.provenance["SPY"].rows == 2
    assert got.provenance["IWM"].status == "synthetic"
    assert "csvdir: IWM.csv: not a text CSV" in got.provenance["IWM"].notes
