"""Release rules: when an observation dated t becomes public (hand-checked calendar dates)."""

from __future__ import annotations

import pandas as pd

from dashboard.data.release import published_as_of, release_dates


def dates(*days: str) -> pd.DatetimeIndex:
    return pd.DatetimeIndex(list(days))


def test_claims_come_out_on_the_thursday_after_the_week_or_the_wednesday_before_a_holiday():
    weeks = dates("2026-01-10", "2025-12-27", "2025-11-22")
    # 2026-01-15 Thursday; 2026-01-01 is New Year's Day -> Wednesday 2025-12-31;
    # 2025-11-27 is Thanksgiving -> Wednesday 2025-11-26
    assert list(release_dates(weeks, "weekly_thursday", "W")) == list(
        dates("2026-01-15", "2025-12-31", "2025-11-26")
    )


def test_surveys_and_lags():
    month = dates("2026-01-01")
    assert release_dates(month, "third_thursday", "M")[0] == pd.Timestamp("2026-01-15")
    assert release_dates(month, "mid_month", "M")[0] == pd.Timestamp("2026-01-15")
    quarter = dates("2025-07-01")
    assert release_dates(quarter, "lag_45d", "Q")[0] == pd.Timestamp("2025-11-14")
    assert release_dates(dates("2026-01-16"), "next_day", "BD")[0] == pd.Timestamp("2026-01-19")


def test_published_as_of_cuts_what_was_not_out_yet():
    s = pd.Series([1.0, 2.0], index=dates("2025-12-27", "2026-01-03"))
    assert published_as_of(s, "weekly_thursday", "W", pd.Timestamp("2025-12-31")).tolist() == [1.0]
    assert published_as_of(s, "weekly_thursday", "W", pd.Timestamp("2026-01-07")).tolist() == [1.0]
    assert published_as_of(s, "weekly_thursday", "W", pd.Timestamp("2026-01-08")).tolist() == [
        1.0,
        2.0,
    ]
