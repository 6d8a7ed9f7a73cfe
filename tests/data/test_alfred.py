"""ALFRED vintages end to end: the point-in-time data model, first releases as the surprises'
actuals (hand-computed), the as-of replay, and the scorecard through the fake FRED server."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard import scoring
from dashboard.data import catalog, vintages
from dashboard.data.load import BACKOFF, fetch_series
from dashboard.data.release import release_dates
from dashboard.data.sources.fred import FredSource
from dashboard.settings import get_settings
from dashboard.signals import surprise as su
from dashboard.signals.scorecard.macro import PHILLY_FED_SURPRISE
from tests.data.fake_fred import API_KEY, FakeFred

PHILLY = su.PHILLY
SPEC = catalog.get(PHILLY)


def row(day, start, end, value):
    return {"date": day, "realtime_start": start, "realtime_end": end, "value": value}


def test_parse_reads_open_ends_and_missing_values():
    table = vintages.parse_alfred_rows(
        [
            row("2025-11-01", "2025-11-20", "2026-01-01", "-1.7"),
            row("2025-11-01", "2026-01-02", "9999-12-31", "-2.0"),
            row("2025-12-01", "2025-12-18", "2026-01-14", "."),
            row("bad", "2025-12-18", "9999-12-31", "1"),
        ]
    )
    assert len(table) == 3
    assert pd.isna(table["realtime_end"].iloc[1]) and pd.isna(table["value"].iloc[2])


@given(
    st.lists(st.floats(-50, 50, allow_nan=False), min_size=1, max_size=6),
    st.integers(0, 400),
    st.integers(0, 9),
)
def test_a_first_release_is_unknown_before_its_day_and_never_revised(revisions, day, late):
    """Whatever the revisions, the actual is the first published number, dated by the day ALFRED
    first shows it (``late`` days after the release rule's date), and a replay before that day
    does not see it at all."""
    rule = release_dates(pd.DatetimeIndex(["2025-01-01"]), SPEC.release, SPEC.frequency)[0]
    starts = pd.date_range(rule + pd.Timedelta(days=late), periods=len(revisions), freq="30D")
    rows = []
    for i, value in enumerate(revisions):
        end = (
            f"{starts[i + 1] - pd.Timedelta(days=1):%Y-%m-%d}"
            if i + 1 < len(starts)
            else "9999-12-31"
        )
        rows.append(row("2025-01-01", f"{starts[i]:%Y-%m-%d}", end, str(value)))
    table = vintages.parse_alfred_rows(rows)
    latest = pd.Series([revisions[-1]], index=pd.DatetimeIndex(["2025-01-01"]))
    seen = su.actuals(latest, PHILLY, table)
    assert seen["published"].tolist() == [starts[0]]
    assert seen["vintage"].tolist() == [vintages.FIRST_RELEASE]
    when = rule - pd.Timedelta(days=30) + pd.Timedelta(days=day)
    seen = seen[seen["published"] <= when]
    assert seen["actual"].tolist() == ([] if when < starts[0] else [revisions[0]])


def philly_case():
    """Five monthly prints; each first published on its release day (the rule's third
    Thursday), every one revised up by 0.5 a month later. Latest values = first + 0.5."""
    months = pd.date_range("2025-06-01", periods=5, freq="MS")
    first = [1.0, 2.0, 3.0, 4.0, 10.0]
    released = release_dates(months, SPEC.release, SPEC.frequency)
    rows = []
    for m, f, r in zip(months, first, released, strict=True):
        revised = r + pd.Timedelta(days=30)
        rows.append(
            row(
                f"{m:%Y-%m-%d}",
                f"{r:%Y-%m-%d}",
                f"{revised - pd.Timedelta(days=1):%Y-%m-%d}",
                str(f),
            )
        )
        rows.append(row(f"{m:%Y-%m-%d}", f"{revised:%Y-%m-%d}", "9999-12-31", str(f + 0.5)))
    latest = pd.Series([f + 0.5 for f in first], index=months, name=PHILLY)
    return latest, vintages.parse_alfred_rows(rows), released


def test_surprises_use_first_releases_and_earlier_first_releases():
    latest, table, released = philly_case()
    with_alfred = su.surprise_table(latest, PHILLY, vintages=table)
    last = with_alfred.iloc[-1]
    # by hand: actual = 10 (first release), model = mean(2, 3, 4) = 3 -> surprise 7
    assert last["actual"] == 10.0 and last["expected"] == pytest.approx(3.0)
    assert last["surprise"] == pytest.approx(7.0)
    assert last["vintage"] == vintages.FIRST_RELEASE
    assert last["published"] == released[-1]
    # without vintages: revised 10.5 against mean(2.5, 3.5, 4.5) = 3.5 -> 7.0, latest revision
    plain = su.surprise_table(latest, PHILLY)
    assert (
        plain.iloc[-1]["actual"] == 10.5 and plain.iloc[-1]["vintage"] == vintages.LATEST_REVISION
    )
    assert set(su.release_table({PHILLY: with_alfred})["vintage"]) == {vintages.FIRST_RELEASE}


def test_as_of_replay_sees_only_vintages_published_by_then():
    latest, table, released = philly_case()
    before = released[-1] - pd.Timedelta(days=1)
    replay = su.surprise_table(latest, PHILLY, vintages=table, as_of=before)
    assert replay.index[-1] == pd.Timestamp("2025-09-01")  # the fifth print is not out yet
    assert replay.iloc[-1]["actual"] == 4.0  # September's first release, not its revision
    on_the_day = su.surprise_table(latest, PHILLY, vintages=table, as_of=released[-1])
    assert on_the_day.index[-1] == pd.Timestamp("2025-10-01")


def test_a_print_older_than_the_archive_is_not_called_a_first_release():
    latest, table, _ = philly_case()
    late = table.copy()
    june = late["date"] == pd.Timestamp("2025-06-01")
    late.loc[june, "realtime_start"] += pd.Timedelta(days=400)  # archived a year later
    out = su.surprise_table(latest, PHILLY, vintages=late)
    assert out.loc["2025-06-01", "vintage"] == vintages.EARLIEST_VINTAGE
    rule = release_dates(pd.DatetimeIndex(["2025-06-01"]), SPEC.release, SPEC.frequency)[0]
    assert out.loc["2025-06-01", "published"] == rule  # dated by its release, not the archive


def test_a_print_newer_than_the_vintage_table_is_the_latest_revision():
    latest, table, _ = philly_case()
    newer = pd.concat([latest, pd.Series([12.0], index=[pd.Timestamp("2025-11-01")])])
    out = su.surprise_table(newer, PHILLY, vintages=table)
    assert out.iloc[-1]["actual"] == 12.0 and out.iloc[-1]["vintage"] == vintages.LATEST_REVISION


# --- through the fake FRED server and the scorecard -------------------------------------------


@pytest.fixture
def fred(monkeypatch):
    server = FakeFred().start()
    monkeypatch.setenv("ROTATION_SOURCES", "fred")
    monkeypatch.setenv("ROTATION_FRED_URL", f"{server.url}/fred")
    monkeypatch.setenv("ROTATION_FREDGRAPH_URL", f"{server.url}/graph/fredgraph.csv")
    monkeypatch.setenv("ROTATION_HTTP_TIMEOUT", "2")
    BACKOFF.reset()
    vintages.forget()
    yield server
    vintages.forget()
    BACKOFF.reset()
    server.stop()


def philly_reading(as_of="2026-01-16"):
    settings = get_settings()
    loaded = fetch_series([PHILLY], settings, sources=[FredSource(settings)])
    assert loaded.provenance[PHILLY].source == "fred"
    signal = scoring.compute(loaded, as_of, settings, specs=(PHILLY_FED_SURPRISE,))[0]
    return signal, loaded


def test_with_a_key_the_reading_is_the_first_release(fred, monkeypatch):
    monkeypatch.setenv("FRED_API_KEY", API_KEY)
    signal, loaded = philly_reading()
    # January 2026 first published 12.6 on 2026-01-15, against the bundled consensus -1.6
    assert signal.value == pytest.approx(14.2)
    assert "Actual: first release" in signal.detail
    alfred = [q for q in fred.queries if q.get("file_type") == ["json"]]
    assert alfred and alfred[0]["realtime_start"] == ["1776-07-04"]
    summary = su.vintage_summary(vintages.load_for(loaded.provenance, get_settings()), [PHILLY])
    assert summary.startswith("Actuals: Philly Fed: first releases (ALFRED")


def test_without_a_key_the_reading_says_latest_revision(fred):
    signal, loaded = philly_reading()
    assert "Actual: latest revision" in signal.detail and "no FRED_API_KEY" in signal.detail
    assert not any(q.get("file_type") == ["json"] for q in fred.queries)  # ALFRED not asked
    summary = su.vintage_summary(vintages.load_for(loaded.provenance, get_settings()), [PHILLY])
    assert "latest revised values (no FRED_API_KEY" in summary


def test_alfred_down_falls_back_to_latest_revision_and_says_why(fred, monkeypatch):
    monkeypatch.setenv("FRED_API_KEY", API_KEY)
    settings = get_settings()
    loaded = fetch_series([PHILLY], settings, sources=[FredSource(settings)])
    fred.mode = "500"
    got = vintages.load_for(loaded.provenance, settings)
    assert got.get(PHILLY) is None and "ALFRED unavailable" in got.missing[PHILLY]
    assert BACKOFF.active("fred")  # and FRED is left alone for a while
    again = vintages.load_for(loaded.provenance, settings)
    assert "ALFRED not asked" in again.missing[PHILLY]


def test_demo_and_files_get_no_vintages(monkeypatch):
    monkeypatch.setenv("FRED_API_KEY", API_KEY)
    loaded = fetch_series([PHILLY])  # the demo (tests run on it)
    got = vintages.load_for(loaded.provenance, get_settings())
    assert got.tables == {} and got.missing == {PHILLY: "data from demo, not FRED"}
    assert np.isfinite(scoring.compute(loaded, "2026-01-16", get_settings())[2].value)
