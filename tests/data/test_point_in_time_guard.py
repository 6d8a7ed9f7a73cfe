"""The guard that keeps the scorecard point in time: on any date, the scorecard computed from
the full files equals the scorecard computed from copies of the files cut at that date, field by
field (values, statuses, the status a stale reading had, its age and limit, details, dates,
sources, data_last_date, tally), and so does the thesis timeline of the weeks before it.

A cut copy is the file as it stood on that date; the full file has every later row too. Any
rule that looks at what comes after a row (a last row judged unfinished by its volume), any
signal that reads past its date, and any metadata naming a later date make the two differ. Both
sides load through the real csvdir source. The dates cover release days, federal holidays,
weekends, the zero-volume sessions of ^RUT.csv and ARKK.csv, and hypothesis draws more.

Runtime: the full files are loaded once per module; each date costs one cut (written to a tmp
folder), one load, two scorecards and two five-week timelines (a timeline costs about what a
scorecard does): about 35 s for the module on an idle 2-core machine before the timelines were
compared, 82 s with them on the same machine shared with other work (load average 6).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.data.sources.demo import DEMO_END, demo_series
from dashboard.signals import scorecard as rules
from tests.conftest import MARKET_DATA
from tests.pit import (
    csvdir_settings,
    cut_folder,
    differences,
    load,
    record,
    scorecard_files,
    write_series,
)

#: Dates on the real files, each with why it is here.
REAL_DATES: dict[str, str] = {
    # release days
    "2026-01-15": "Philly and Empire January 2026, claims for the week to 2026-01-10",
    "2026-02-17": "Empire February 2026: the 15th a Sunday, the 16th Presidents' Day",
    "2025-06-20": "Philly June 2025, moved off Juneteenth",
    "2024-01-16": "Empire January 2024, the 15th MLK Day",
    "2025-12-11": "Z.1 for 2025Q3",
    "2025-11-14": "German GDP 2025Q3 (45 days)",
    "2008-06-05": "claims Thursday",
    # federal holidays
    "2026-01-19": "MLK Day 2026",
    "2026-02-16": "Presidents' Day 2026",
    "2025-06-19": "Juneteenth 2025",
    "2025-11-27": "Thanksgiving 2025",
    "2025-01-09": "national day of mourning (markets and government closed)",
    "2023-10-09": "Columbus Day: markets open, the Fed closed",
    "2025-11-11": "Veterans Day: markets open, the Fed closed",
    # weekends
    "2026-01-17": "Saturday",
    "2026-01-18": "Sunday",
    "2008-06-07": "Saturday after 2008-06-06",
    # ^RUT.csv sessions with volume 0 (each the first of its run, then inside a run)
    "2023-07-25": "^RUT volume 0",
    "2023-10-13": "^RUT volume 0",
    "2024-10-18": "^RUT volume 0",
    "2025-07-14": "^RUT volume 0",
    "2025-08-11": "^RUT volume 0 (growth_vs_smallcaps flipped here)",
    "2025-08-12": "^RUT volume 0, the second of a run",
    "2025-08-18": "^RUT volume 0",
    "2025-08-27": "^RUT volume 0",
    "2025-09-08": "^RUT volume 0",
    "2025-09-10": "^RUT volume 0",
    "2025-09-15": "^RUT volume 0",
    "2026-02-23": "^RUT's last row, volume 0",
    # ARKK.csv sessions with volume 0
    "2016-03-23": "ARKK volume 0",
    "2016-03-28": "ARKK volume 0",
    "2016-04-01": "ARKK volume 0",
    "2016-04-11": "ARKK volume 0",
    "2016-08-15": "ARKK volume 0",
    "2016-09-12": "ARKK volume 0",
    "2016-09-16": "ARKK volume 0",
    "2016-11-16": "ARKK volume 0",
    # history
    "2008-06-06": "the 13-session IWM streak",
    "2011-08-08": "a BTC-USD backfill day (before the catalog start)",
    "2014-09-17": "BTC-USD's first catalog day",
    "2020-03-23": "the COVID low",
    "2026-10-05": "the newest row of the files",
}

DEMO_DATES: dict[str, str] = {
    "2026-01-16": "the demo's last day",
    "2026-01-15": "Philly, Empire and claims release day",
    "2026-01-17": "Saturday after the demo ends",
    "2026-01-19": "MLK Day, after the demo ends",
    "2025-12-23": "the H.6 with November's weeks",
    "2025-12-11": "Z.1 for 2025Q3",
    "2025-11-27": "Thanksgiving",
    "2025-12-25": "Christmas",
    "2025-06-19": "Juneteenth",
    "2025-06-20": "Philly after Juneteenth",
    "2024-01-15": "MLK Day",
    "2024-01-16": "Empire after MLK Day",
    "2020-03-23": "the COVID low",
    "2008-06-06": "2008",
}


def assert_same_as_cut(full, folder: Path, cut_dir: Path, files, day: date) -> None:
    cut_folder(files, cut_dir, day)
    cut_settings = csvdir_settings(cut_dir, full["settings"].cache_dir)
    expected = record(full["loaded"], day, full["settings"])
    got = record(load(cut_settings), day, cut_settings)
    assert not differences(expected, got), (day, differences(expected, got))
    # and the replay names no later date anywhere
    last = expected["data_last_date"]
    assert last is None or last <= day.isoformat()
    for signal in expected["signals"]:
        assert signal["as_of"] is None or signal["as_of"] <= day.isoformat()
        for text in signal["sources"]:
            if " to " in text:
                assert text.rsplit(" to ", 1)[1] <= day.isoformat(), text


# --- the real folder ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    if not MARKET_DATA.is_dir():
        pytest.skip(f"real market data folder not found: {MARKET_DATA}")
    cache = tmp_path_factory.mktemp("cache")
    config = csvdir_settings(MARKET_DATA, cache)
    return {
        "settings": config,
        "loaded": load(config),
        "files": scorecard_files(MARKET_DATA),
        "cut": tmp_path_factory.mktemp("cut"),
    }


@pytest.mark.realdata
@pytest.mark.parametrize("day", sorted(REAL_DATES), ids=lambda d: f"{d} {REAL_DATES[d]}")
def test_real_scorecard_from_full_files_equals_files_cut_at_the_date(real, day):
    assert_same_as_cut(real, MARKET_DATA, real["cut"], real["files"], date.fromisoformat(day))


@pytest.mark.realdata
@settings(max_examples=8, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(day=st.dates(date(2005, 1, 1), date(2026, 10, 5)))
def test_real_scorecard_point_in_time_on_any_date(real, day):
    assert_same_as_cut(real, MARKET_DATA, real["cut"], real["files"], day)


@pytest.mark.realdata
def test_the_guard_sees_what_the_real_files_hold(real):
    """The spread is not vacuous: on these dates the scorecard scores, and the zero-volume
    sessions are in the data (an empty or all-unavailable scorecard would compare equal)."""
    loaded = real["loaded"]
    assert {"^RUT", "ARKK", "IWM", "ICSA"} <= set(real["files"])
    rut = loaded.series["^RUT"]
    for day in ("2025-08-11", "2023-07-25", "2026-02-23"):
        assert pd.Timestamp(day) in rut.index
    on_the_day = record(loaded, date(2025, 8, 11), real["settings"])
    by_id = {s["id"]: s for s in on_the_day["signals"]}
    assert by_id["smallcap_breakout"]["as_of"] == "2025-08-11"
    assert by_id["growth_vs_smallcaps"]["status"] == "confirming"
    assert on_the_day["tally"]["unavailable"] < 12
    assert {s for points in on_the_day["timeline"].values() for s, *_ in points} >= {
        "confirming",
        "contradicting",
    }
    # stale readings are compared too: ^RUT ends 2026-02-23, so on the files' last day the
    # breakout keeps its last reading, its date, age and the status it had
    last_day = record(loaded, date(2026, 10, 5), real["settings"])
    rut = {s["id"]: s for s in last_day["signals"]}["smallcap_breakout"]
    assert (rut["status"], rut["last_status"], rut["as_of"]) == (
        "stale",
        "confirming",
        "2026-02-23",
    )
    assert (rut["age_days"], rut["limit_days"]) == (224, 10) and rut["value"] > 7
    assert last_day["timeline"]["smallcap_breakout"][-1][0] == "stale"


# --- the demo data, written as files --------------------------------------------------------


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo-full")
    files = write_series(folder, {sid: demo_series(sid) for sid in rules.required_series()})
    config = csvdir_settings(folder, tmp_path_factory.mktemp("cache"))
    return {
        "settings": config,
        "loaded": load(config),
        "files": files,
        "folder": folder,
        "cut": tmp_path_factory.mktemp("demo-cut"),
    }


@pytest.mark.parametrize("day", sorted(DEMO_DATES), ids=lambda d: f"{d} {DEMO_DATES[d]}")
def test_demo_scorecard_from_full_files_equals_files_cut_at_the_date(demo, day):
    assert_same_as_cut(demo, demo["folder"], demo["cut"], demo["files"], date.fromisoformat(day))


@settings(max_examples=6, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(day=st.dates(date(2000, 1, 1), DEMO_END))
def test_demo_scorecard_point_in_time_on_any_date(demo, day):
    assert_same_as_cut(demo, demo["folder"], demo["cut"], demo["files"], day)


def test_demo_files_score_like_the_demo_source(demo):
    """Writing the demo to files loses nothing: the same values and statuses (only the sources
    and the synthetic flag say where the data came from)."""
    from dashboard import scoring
    from dashboard.data.load import fetch_series

    direct = scoring.compute(fetch_series(rules.required_series()), as_of=DEMO_END)
    from_files = scoring.compute(demo["loaded"], as_of=DEMO_END, settings=demo["settings"])
    assert [(s.id, s.value, s.status, s.as_of) for s in direct] == [
        (s.id, s.value, s.status, s.as_of) for s in from_files
    ]
    assert sum(s.status != "unavailable" for s in from_files) == 12
