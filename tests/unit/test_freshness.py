"""The data status every view and ``rotation doctor`` share: ages, limits, skipped files, and
which copy serves a series when no provider is contacted (hand-computed expectations)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from dashboard.data import catalog
from dashboard.data.freshness import (
    MAX_AGE_DAYS,
    data_status,
    series_freshness,
    served_offline,
    unreadable_files,
)
from dashboard.data.provenance import Provenance
from dashboard.data.sources.csvdir import FolderScan, SkippedFile
from dashboard.data.store import Entry
from dashboard.signals import scorecard as rules
from tests.fakes import FakeSource

TODAY = date(2026, 12, 4)


def prov(sid: str, last: str | None, status="cached", source="csvdir", notes=()) -> Provenance:
    spec = catalog.BY_ID[sid]
    return Provenance(
        series_id=sid,
        label=spec.label,
        source=source if status != "unavailable" else "",
        origin="",
        status=status,
        frequency=spec.frequency,
        first_date=date(2000, 1, 3) if last else None,
        last_date=date.fromisoformat(last) if last else None,
        rows=10 if last else 0,
        notes=tuple(notes),
    )


def test_one_set_of_limits_for_the_doctor_and_the_scorecard():
    assert MAX_AGE_DAYS is catalog.MAX_AGE_DAYS is rules.MAX_AGE_DAYS
    assert MAX_AGE_DAYS == {"B": 10, "D": 10, "BD": 10, "W": 35, "M": 110, "Q": 300}


@pytest.mark.parametrize(
    ("sid", "last", "age", "limit", "stale"),
    [
        ("IWM", "2026-10-05", 60, 10, True),
        ("IWM", "2026-11-24", 10, 10, False),  # exactly the limit is still fresh
        ("IWM", "2026-11-23", 11, 10, True),
        ("ICSA", "2026-10-31", 34, 35, False),
        ("GACDFSA066MSFRBPHI", "2026-08-16", 110, 110, False),
        ("GACDFSA066MSFRBPHI", "2026-08-15", 111, 110, True),
        ("NGDPRSAXDCGBQ", "2019-10-01", 2621, 300, True),
    ],
)
def test_age_and_stale_by_frequency(sid, last, age, limit, stale):
    row = series_freshness(prov(sid, last), TODAY)
    assert (row.age_days, row.limit_days, row.stale) == (age, limit, stale)


def test_an_unavailable_series_has_no_age():
    row = series_freshness(prov("DTWEXBGS", None, status="unavailable"), TODAY)
    assert row.age_days is None and row.stale is None and row.rows == 0


def test_files_found_but_unusable_are_skipped_with_the_loaders_reason():
    scan = FolderScan(
        Path("/data"),
        files={"SPY": "SPY.csv", "IWM": "IWM.csv"},
        skipped=(SkippedFile("notes.txt", "not a .csv file"),),
    )
    served = [
        prov("IWM", "2026-12-03"),
        prov(
            "SPY",
            "2026-01-16",
            status="synthetic",
            source="demo",
            notes=("csvdir: SPY.csv: no data rows (header only)",),
        ),
    ]
    assert unreadable_files(served, scan) == [SkippedFile("SPY.csv", "no data rows (header only)")]
    status = data_status(served, TODAY, scan)
    assert [f.name for f in status.skipped] == ["SPY.csv", "notes.txt"]
    assert status.stale == ("SPY",) and status.unavailable == ()
    assert status.files == {"SPY": "SPY.csv", "IWM": "IWM.csv"}
    payload = status.to_json()
    assert payload["skipped_files"][0] == {
        "name": "SPY.csv",
        "reason": "no data rows (header only)",
    }
    assert payload["series"][0]["age_days"] == 1 and payload["series"][0]["stale"] is False
    assert list(status.frame().columns[:10]) == [
        "series",
        "label",
        "status",
        "source",
        "rows",
        "first",
        "last",
        "age (days)",
        "limit (days)",
        "stale",
    ]


def test_served_offline_follows_the_source_order_and_never_fetches():
    yahoo, fred = FakeSource("yahoo", data={"IWM": None, "SPY": None}), FakeSource("fred")
    csvdir = FakeSource("csvdir", data={"IWM": None, "SPY": None})
    specs = [catalog.BY_ID[s] for s in ("IWM", "SPY", "ICSA")]
    entry = Entry(
        "IWM",
        "yahoo",
        "yfinance",
        datetime(2026, 12, 4, 9, tzinfo=UTC),
        date(2000, 5, 26),
        date(2026, 12, 3),
        6600,
    )
    local = {
        "IWM": prov("IWM", "2026-10-05"),
        "SPY": prov("SPY", "2026-10-05"),
        "ICSA": prov("ICSA", None, status="unavailable", notes=("csvdir: no file for ICSA",)),
    }
    served = served_offline(
        specs, [yahoo, fred, csvdir], local, {"IWM": entry}, is_fresh=lambda spec, e: False
    )
    assert (served["IWM"].source, served["IWM"].status, served["IWM"].rows) == (
        "yahoo",
        "stale",
        6600,
    )
    assert served["SPY"].source == "csvdir"  # no stored copy from yahoo: the next source
    assert served["ICSA"].status == "unavailable"
    assert served["ICSA"].notes == (
        "csvdir: no file for ICSA",
        "no stored copy (doctor does not contact the network)",
    )
    assert yahoo.calls == fred.calls == csvdir.calls == []
