"""Release rules: when an observation dated t becomes public (hand-checked calendar dates).

Every date below was checked against the publisher's own record or a dated news report of the
release (noted beside it); the properties at the end hold for every rule on any date."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard.data import catalog
from dashboard.data.release import (
    Z1_RELEASES,
    business_days,
    federal_holidays,
    published_as_of,
    release_dates,
    z1_rule,
)


def dates(*days: str) -> pd.DatetimeIndex:
    return pd.DatetimeIndex(list(days))


def released(rule: str, frequency: str, *days: str) -> list[str]:
    return [f"{d:%Y-%m-%d}" for d in release_dates(dates(*days), rule, frequency)]


def test_claims_come_out_on_the_thursday_after_the_week_or_the_day_before_a_closure():
    # 2026-01-15 Thursday; 2026-01-01 New Year's Day -> Wednesday 2025-12-31; 2025-11-27
    # Thanksgiving -> 2025-11-26; 2025-06-19 Juneteenth -> 2025-06-18; 2025-01-09, the national
    # day of mourning for President Carter -> Wednesday 2025-01-08
    assert released(
        "weekly_thursday", "W", "2026-01-10", "2025-12-27", "2025-11-22", "2025-06-14", "2025-01-04"
    ) == ["2026-01-15", "2025-12-31", "2025-11-26", "2025-06-18", "2025-01-08"]


def test_empire_state_rolls_over_weekends_and_federal_holidays():
    assert released(
        "mid_month", "M", "2026-02-01", "2024-01-01", "2023-01-01", "2023-10-01", "2026-01-01"
    ) == [
        "2026-02-17",  # 15th a Sunday, 16th Presidents' Day: Tuesday (Haver, 2026-02-17)
        "2024-01-16",  # 15th MLK Day
        "2023-01-17",  # 15th a Sunday, 16th MLK Day
        "2023-10-16",  # 15th a Sunday; Columbus Day was the 9th
        "2026-01-15",
    ]


def test_empire_state_holiday_months_since_2003_are_the_21_the_audit_found():
    months = pd.date_range("2003-01-01", "2026-07-01", freq="MS")
    weekend_only = months + pd.Timedelta(days=14) + pd.offsets.BDay(0)
    moved = months[release_dates(months, "mid_month", "M") != weekend_only]
    assert len(moved) == 21 and set(moved.month) == {1, 2}  # MLK Day, Presidents' Day


def test_philadelphia_fed_moves_off_juneteenth():
    # third Thursday of June 2025 was Juneteenth: out on Friday 2025-06-20 (RTTNews, that day)
    assert released("third_thursday", "M", "2025-06-01", "2026-01-01", "2024-06-01") == [
        "2025-06-20",
        "2026-01-15",
        "2024-06-20",  # a Thursday; Juneteenth 2024 was the Wednesday before
    ]


def test_h6_weekly_then_monthly_on_the_fourth_tuesday():
    assert released(
        "h6_weekly", "W", "2021-01-04", "2020-11-16", "2021-02-15", "2021-07-26", "2021-08-02"
    ) == [
        "2021-01-14",  # weekly era: the Thursday ten days after the week ending Monday
        "2020-11-27",  # ... the Friday when that Thursday is a holiday (Thanksgiving)
        "2021-03-23",  # monthly since 2021-02-23: weeks of February with March's release
        "2021-08-24",  # the DDP: "last released Tuesday, August 24, 2021"
        "2021-09-28",
    ]


def test_h6_weekly_values_come_out_three_to_eight_weeks_late_since_2021():
    weeks = pd.date_range("2021-03-01", "2026-06-29", freq="W-MON")
    lag_days = (release_dates(weeks, "h6_weekly", "W") - weeks).days
    assert lag_days.min() >= 21 and lag_days.max() <= 60


def test_z1_uses_its_verified_dates_and_a_rule_never_earlier_than_them():
    assert released(
        "z1_quarterly", "Q", "2019-04-01", "2025-01-01", "2025-07-01", "2025-04-01", "2023-10-01"
    ) == [
        "2019-09-20",  # the release's cover page
        "2025-06-12",  # "The next Z.1 release will be Thursday, June 12, 2025"
        "2025-12-11",  # rule: second Thursday of December
        "2025-09-25",  # rule: fourth Thursday of September (the annual revision)
        "2024-03-07",  # ALFRED vintage date
    ]
    # where the publication date is not known, the rule must never be earlier than it was
    quarters = pd.DatetimeIndex([pd.Period(q).start_time for q in Z1_RELEASES])
    verified = pd.DatetimeIndex(list(Z1_RELEASES.values()))
    assert (z1_rule(quarters) >= verified).all()
    lags = (verified - (quarters + pd.offsets.QuarterEnd(0))).days
    assert lags.min() == 67 and lags.max() == 82  # "about ten weeks": 70 days was too early


def test_next_day_and_lags_skip_holidays_and_weekends():
    assert released("next_day", "BD", "2026-01-16", "2026-01-15") == ["2026-01-20", "2026-01-16"]
    # Q3 2026 + 45 days is Saturday 2026-11-14: the next publishing day
    assert released("lag_45d", "Q", "2025-07-01", "2026-07-01") == ["2025-11-14", "2026-11-16"]


def test_every_catalog_rule_is_known():
    for spec in catalog.CATALOG:
        release_dates(dates("2020-01-01"), spec.release, spec.frequency)
    with pytest.raises(ValueError, match="unknown release rule"):
        release_dates(dates("2020-01-01"), "lag_soon", "M")


def test_published_as_of_cuts_what_was_not_out_yet():
    s = pd.Series([1.0, 2.0], index=dates("2025-12-27", "2026-01-03"))
    assert published_as_of(s, "weekly_thursday", "W", pd.Timestamp("2025-12-31")).tolist() == [1.0]
    assert published_as_of(s, "weekly_thursday", "W", pd.Timestamp("2026-01-07")).tolist() == [1.0]
    assert published_as_of(s, "weekly_thursday", "W", pd.Timestamp("2026-01-08")).tolist() == [
        1.0,
        2.0,
    ]


# --- properties -------------------------------------------------------------------------------

RULES = {
    "next_day": "BD",
    "third_thursday": "M",
    "mid_month": "M",
    "weekly_thursday": "W",
    "weekly_thursday_from_wednesday": "W",
    "h6_weekly": "W",
    "z1_quarterly": "Q",
    "lag_45d": "Q",
    "lag_40d": "M",
    "lag_7d": "BD",
}
HOLIDAYS = set(federal_holidays())


@given(
    rule=st.sampled_from(sorted(RULES)),
    days=st.lists(st.dates(date(1990, 1, 1), date(2035, 12, 31)), min_size=1, max_size=30),
)
def test_releases_fall_on_publishing_days_after_the_observation_in_order(rule, days):
    observed = pd.DatetimeIndex(sorted(set(days)))
    if RULES[rule] in ("M", "Q"):  # monthly and quarterly values are dated by period start
        observed = observed.to_period(RULES[rule]).unique().to_timestamp()
    out = release_dates(observed, rule, RULES[rule])
    assert len(out) == len(observed)
    assert (out >= observed).all()
    assert out.is_monotonic_increasing  # a later observation is never out earlier
    assert (out.day_of_week < 5).all() and not HOLIDAYS.intersection(out)
    assert np.is_busday(out.values.astype("datetime64[D]"), busdaycal=business_days()).all()
