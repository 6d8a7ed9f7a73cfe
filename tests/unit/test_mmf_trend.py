"""The ``mmf_trend`` scorecard signal: value, status, detail, choice of total, point in time."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dashboard.data.provenance import Provenance
from dashboard.signals import scorecard as rules
from dashboard.signals.scorecard import PROVENANCE_TABLE, evaluate, provenance_table
from dashboard.signals.scorecard.liquidity import MMF_TREND


def weekly(values, start="2025-05-28") -> pd.Series:
    return pd.Series(
        values, index=pd.date_range(start, periods=len(values), freq="7D"), dtype="float64"
    )


def wall_of_cash() -> pd.Series:
    """Up to 7,800 on 2025-11-19, then 1% below it from 2025-12-17 on, 7,712 on 2026-01-14."""
    up = list(np.linspace(7000, 7800, 26))
    return weekly(up + [7790, 7770, 7740, 7720, 7715, 7718, 7716, 7712])


def quarterly(values_mn, start="2024-01-01") -> pd.Series:
    return pd.Series(
        values_mn, index=pd.date_range(start, periods=len(values_mn), freq="QS"), dtype="float64"
    )


#: The day after the last ICI week (Wednesday 2026-01-14): the day it is published.
PUBLISHED = "2026-01-15"


def table(**status) -> pd.DataFrame:
    return pd.DataFrame(
        {"status": status, "origin": {k: f"origin of {k}" for k in status}},
        columns=["status", "origin"],
    )


def test_spec_is_registered_in_the_liquidity_section():
    assert MMF_TREND in rules.LIQUIDITY and MMF_TREND in rules.SCORECARD
    assert MMF_TREND.view == "liquidity" and MMF_TREND.series == ()
    assert set(MMF_TREND.optional_series) == {"MMF_TOTAL", "MMF-MMF_TOT-M", "MMMFFAQ027S"}


def test_the_latest_week_counts_only_once_published():
    s = wall_of_cash()
    on_the_day = evaluate([MMF_TREND], {"MMF_TOTAL": s}, as_of="2026-01-14")[0]
    assert on_the_day.as_of == s.index[-2].date()  # 2026-01-14's total is out on the 15th


def test_weekly_total_four_week_change_confirms_when_negative():
    s = wall_of_cash()
    sig = evaluate([MMF_TREND], {"MMF_TOTAL": s}, as_of=PUBLISHED)[0]
    assert sig.value == pytest.approx(100 * (7712 / 7720 - 1))  # 2026-01-14 vs 2025-12-17
    assert sig.status == "confirming"
    assert sig.as_of == s.index[-1].date()
    assert "MMF_TOTAL" in sig.detail and "over 4 weeks" in sig.detail
    assert "$7,800bn on 2025-11-19" in sig.detail  # the peak, named with its date and level
    assert "turn confirmed on 2026-01-14" in sig.detail


def test_rising_total_contradicts():
    rising = weekly(np.linspace(7000, 7800, 30))
    sig = evaluate(
        [MMF_TREND], {"MMF_TOTAL": rising}, as_of=rising.index[-1] + pd.Timedelta(days=1)
    )[0]
    assert sig.value > 0 and sig.status == "contradicting"
    assert "no turn confirmed" in sig.detail


def test_quarterly_only_uses_the_thirteen_week_change_in_billions():
    q = quarterly([6.0e6, 6.4e6, 7.0e6, 7.2e6, 7.1e6])  # 2024-01-01 .. 2025-01-01
    sig = evaluate([MMF_TREND], {"MMMFFAQ027S": q}, as_of="2025-06-30")[0]
    assert sig.value == pytest.approx(100 * (7.1 / 7.2 - 1))
    assert sig.status == "confirming"
    assert "over 13 weeks" in sig.detail and "quarterly" in sig.detail
    assert "$7,100bn on 2025-01-01" in sig.detail and "$7,200bn on 2024-10-01" in sig.detail


def test_quarterly_respects_its_release_lag():
    q = quarterly([6.0e6, 6.4e6, 7.0e6, 7.2e6, 7.1e6])
    # Q1 2025 (dated 2025-01-01) came out with the Z.1 of Thursday 2025-06-12
    before = evaluate([MMF_TREND], {"MMMFFAQ027S": q}, as_of="2025-06-11")[0]
    assert before.as_of == pd.Timestamp("2024-10-01").date() and before.value > 0
    on_the_day = evaluate([MMF_TREND], {"MMMFFAQ027S": q}, as_of="2025-06-12")[0]
    assert on_the_day.as_of == pd.Timestamp("2025-01-01").date()


def test_real_quarterly_beats_a_synthetic_weekly_total():
    series = {"MMF_TOTAL": wall_of_cash(), "MMMFFAQ027S": quarterly([6.0e6, 6.4e6, 7.0e6, 7.2e6])}
    tables = {PROVENANCE_TABLE: table(MMF_TOTAL="synthetic", MMMFFAQ027S="live")}
    sig = evaluate([MMF_TREND], series, as_of="2025-06-30", tables=tables)[0]
    assert sig.detail.startswith("MMMFFAQ027S")
    assert "origin of MMMFFAQ027S" in sig.detail


def test_real_user_file_beats_the_quarterly_total_and_names_its_origin():
    series = {"MMF_TOTAL": wall_of_cash(), "MMMFFAQ027S": quarterly([6.0e6, 6.4e6, 7.0e6, 7.2e6])}
    tables = {PROVENANCE_TABLE: table(MMF_TOTAL="live", MMMFFAQ027S="cached")}
    sig = evaluate([MMF_TREND], series, as_of=PUBLISHED, tables=tables)[0]
    assert sig.detail.startswith("MMF_TOTAL")
    assert "user-supplied file (origin of MMF_TOTAL)" in sig.detail


def test_synthetic_total_says_so():
    tables = {PROVENANCE_TABLE: table(MMF_TOTAL="synthetic")}
    sig = evaluate([MMF_TREND], {"MMF_TOTAL": wall_of_cash()}, tables=tables)[0]
    assert "synthetic demo series" in sig.detail


def test_retail_proxy_alone_is_unavailable_with_a_reason():
    sig = evaluate([MMF_TREND], {"WRMFNS": weekly(np.linspace(1900, 2000, 20))})[0]
    assert sig.status == "unavailable" and sig.value is None
    assert "WRMFNS is retail only" in sig.detail


def test_missing_base_observation_is_unavailable():
    s = wall_of_cash()
    gapped = s.drop(s.index[-5])  # the observation four weeks before the last one
    sig = evaluate([MMF_TREND], {"MMF_TOTAL": gapped}, as_of=PUBLISHED)[0]
    assert sig.status == "unavailable" and "4 weeks before" in sig.detail


def test_appending_later_data_never_changes_a_past_reading():
    s = wall_of_cash()
    later = pd.concat([s, weekly([9000.0, 9500.0], start="2026-01-21")])
    assert s.index[-1] == pd.Timestamp("2026-01-14")
    past = evaluate([MMF_TREND], {"MMF_TOTAL": s}, as_of=PUBLISHED)
    assert past == evaluate([MMF_TREND], {"MMF_TOTAL": later}, as_of=PUBLISHED)
    assert past[0].as_of == s.index[-1].date()


def test_provenance_table_from_loaded_provenance():
    prov = {
        "MMF_TOTAL": Provenance("MMF_TOTAL", "l", "csvdir", "csv: /d/MMF_TOTAL.csv", "live"),
        "WRMFNS": Provenance("WRMFNS", "l", "demo", "synthetic", "synthetic"),
    }
    got = provenance_table(prov)
    assert got.loc["MMF_TOTAL", "origin"] == "csv: /d/MMF_TOTAL.csv"
    assert got.loc["WRMFNS", "status"] == "synthetic"


def monthly_ofr(values_bn, start="2025-06-30") -> pd.Series:
    """Month-end totals as the OFR dates them (USD bn, already converted)."""
    return pd.Series(
        values_bn, index=pd.date_range(start, periods=len(values_bn), freq="ME"), dtype="float64"
    )


def test_monthly_total_uses_the_one_month_change_and_says_so():
    m = monthly_ofr([7400.0, 7500.0, 7650.0, 7800.0, 7760.0])  # 2025-06-30 .. 2025-10-31
    # October is public 45 days after the month ends (2025-12-15), not before
    before = evaluate([MMF_TREND], {"MMF-MMF_TOT-M": m}, as_of="2025-12-14")[0]
    assert before.as_of == pd.Timestamp("2025-09-30").date()
    sig = evaluate([MMF_TREND], {"MMF-MMF_TOT-M": m}, as_of="2025-12-15")[0]
    assert sig.value == pytest.approx(100 * (7760 / 7800 - 1))  # October vs September, by hand
    assert sig.status == "confirming"
    assert "over 1 month" in sig.detail and "the rule for monthly data" in sig.detail
    assert sig.sources == ("MMF-MMF_TOT-M to 2025-10-31",)  # the last month known then


def test_weekly_user_total_outranks_the_ofr_monthly_which_outranks_z1():
    m = monthly_ofr([7400.0, 7500.0, 7650.0, 7800.0, 7760.0, 7750.0, 7700.0])
    q = quarterly([6.0e6, 6.4e6, 7.0e6, 7.2e6, 7.1e6, 7.3e6, 7.5e6])
    s = wall_of_cash()
    both = evaluate([MMF_TREND], {"MMF-MMF_TOT-M": m, "MMMFFAQ027S": q}, as_of=PUBLISHED)[0]
    assert [x.split(" to ")[0] for x in both.sources] == ["MMF-MMF_TOT-M"]
    three = evaluate(
        [MMF_TREND], {"MMF_TOTAL": s, "MMF-MMF_TOT-M": m, "MMMFFAQ027S": q}, as_of=PUBLISHED
    )[0]
    assert [x.split(" to ")[0] for x in three.sources] == [
        "MMF_TOTAL"
    ] and "over 4 weeks" in three.detail
