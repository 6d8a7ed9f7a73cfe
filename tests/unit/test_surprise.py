"""Surprise signal library: expectations, signs, z-scores from past surprises, decay, composite."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.data import catalog, usertables
from dashboard.signals import surprise as su


def monthly(values, start="2025-01-01") -> pd.Series:
    return pd.Series(
        values, index=pd.date_range(start, periods=len(values), freq="MS"), dtype=float
    )


def weekly(values, start="2025-11-01") -> pd.Series:  # Saturdays, as FRED dates claims
    return pd.Series(
        values, index=pd.date_range(start, periods=len(values), freq="7D"), dtype=float
    )


def consensus(*rows) -> pd.DataFrame:
    return pd.DataFrame(
        rows, columns=["indicator", "reference_period", "release_date", "consensus", "source_note"]
    ).assign(
        reference_period=lambda f: pd.to_datetime(f["reference_period"]),
        release_date=lambda f: pd.to_datetime(f["release_date"]),
    )


def test_indicators_match_the_catalog_and_the_consensus_choices():
    assert su.MACRO_IDS == ("GACDFSA066MSFRBPHI", "GACDISA066MSFRBNY", "ICSA")
    assert set(usertables.CONSENSUS.choices["indicator"]) == set(su.MACRO_IDS)
    assert all(catalog.get(s).group == "macro" for s in su.MACRO_IDS)
    assert su.indicator("ICSA").direction == -1 and su.indicator(su.PHILLY).direction == 1
    assert su.DEFAULT_WEIGHTS == {su.PHILLY: 1.0, su.EMPIRE: 1.0, su.CLAIMS: 12 / 52}


def test_model_expectation_is_the_mean_of_previous_prints():
    s = monthly([1.0, 2.0, 6.0, 4.0])
    assert su.model_expectation(s, 2).tolist()[2:] == [1.5, 4.0]
    assert su.model_expectation(s, 2).iloc[:2].isna().all()
    assert su.model_expectation(s, 1).tolist()[1:] == [1.0, 2.0, 6.0]  # the prior print


def test_hand_computed_model_surprises_and_z_scores():
    s = monthly([0.0, 2.0, 1.0, 5.0, 3.0, 10.0])
    t = su.surprise_table(s, su.PHILLY, model_window=1, z_window=3, z_min_periods=2)
    # prior-print expectations, surprises = differences
    assert t["expected"].tolist()[1:] == [0.0, 2.0, 1.0, 5.0, 3.0]
    assert t["surprise"].tolist()[1:] == [2.0, -1.0, 4.0, -2.0, 7.0]
    assert (t["expectation"].iloc[1:] == "model").all() and pd.isna(t["expectation"].iloc[0])
    # z_t = s_t / sd(previous up to 3 surprises), at least 2: first z at the 4th print
    sd_2 = np.std([2.0, -1.0], ddof=1)
    sd_3 = np.std([2.0, -1.0, 4.0], ddof=1)
    sd_4 = np.std([-1.0, 4.0, -2.0], ddof=1)
    assert t["z"].iloc[:3].isna().all()
    assert t["z"].iloc[3] == pytest.approx(4.0 / sd_2)
    assert t["z"].iloc[4] == pytest.approx(-2.0 / sd_3)
    assert t["z"].iloc[5] == pytest.approx(7.0 / sd_4)


def test_z_uses_only_past_surprises():
    base = monthly([0.0, 2.0, 1.0, 5.0, 3.0, 10.0])
    bumped = base.copy()
    bumped.iloc[-1] = 100.0  # a huge last print changes its own z, but not its own scale
    a = su.surprise_table(base, su.PHILLY, model_window=1, z_window=3, z_min_periods=2)
    b = su.surprise_table(bumped, su.PHILLY, model_window=1, z_window=3, z_min_periods=2)
    scale = np.std([-1.0, 4.0, -2.0], ddof=1)
    assert b["z"].iloc[-1] == pytest.approx(97.0 / scale)
    pd.testing.assert_series_equal(a["z"].iloc[:-1], b["z"].iloc[:-1])


def test_claims_sign_is_flipped_and_consensus_wins_over_the_model():
    s = weekly([225_000, 220_000, 210_000, 205_000, 198_000], start="2025-12-13")
    rows = consensus(("ICSA", "2026-01-10", "2026-01-15", 215_000, "the note"))
    t = su.surprise_table(s, "ICSA", consensus=rows, model_window=3, z_min_periods=2, z_window=3)
    last = t.iloc[-1]
    assert t.index[-1] == pd.Timestamp("2026-01-10")
    assert last["expectation"] == "consensus" and last["expected"] == 215_000
    assert last["raw_surprise"] == -17_000 and last["surprise"] == 17_000  # fewer = better
    assert last["model_expected"] == pytest.approx((220_000 + 210_000 + 205_000) / 3)
    assert last["source_note"] == "the note"
    assert last["published"] == pd.Timestamp("2026-01-15")  # Thursday after the week
    # the week before has no consensus row: a model surprise, labelled as such
    prior = t.iloc[-2]
    assert prior["expectation"] == "model" and pd.isna(prior["consensus"])
    assert prior["expected"] == pytest.approx((225_000 + 220_000 + 210_000) / 3)
    assert prior["surprise"] == pytest.approx(prior["expected"] - 205_000)


def test_consensus_rows_are_matched_by_indicator_and_reference_period():
    s = monthly([1.0, 2.0, 3.0, 12.6], start="2025-10-01")
    rows = consensus(
        ("GACDISA066MSFRBNY", "2026-01-01", "2026-01-15", 0.8, "other indicator"),
        (su.PHILLY, "2025-12-01", "2025-12-18", 10.0, "december"),
        (su.PHILLY, "2026-01-01", "2026-01-15", -1.6, "january"),
    )
    t = su.surprise_table(s, su.PHILLY, consensus=rows)
    assert t["expectation"].iloc[:2].isna().all()  # no consensus, too few prints for the model
    assert t["expectation"].iloc[2:].tolist() == ["consensus", "consensus"]
    assert t.loc["2026-01-01", "surprise"] == pytest.approx(14.2)
    assert t.loc["2025-12-01", "surprise"] == pytest.approx(3.0 - 10.0)


def test_as_of_hides_unpublished_prints_and_consensus_rows():
    s = monthly([1.0, 2.0, 3.0, 12.6], start="2025-10-01")
    rows = consensus((su.PHILLY, "2026-01-01", "2026-01-15", -1.6, ""))
    before = su.surprise_table(s, su.PHILLY, consensus=rows, as_of="2026-01-14")
    assert before.index[-1] == pd.Timestamp("2025-12-01")  # January is out on the 15th
    on = su.surprise_table(s, su.PHILLY, consensus=rows, as_of="2026-01-15")
    assert on.index[-1] == pd.Timestamp("2026-01-01")
    assert on["expectation"].iloc[-1] == "consensus"


def test_a_late_consensus_row_is_a_model_surprise_until_its_release_date():
    s = monthly([1.0, 2.0, 3.0, 12.6], start="2025-10-01")
    rows = consensus((su.PHILLY, "2026-01-01", "2026-01-20", -1.6, "entered late"))
    early = su.surprise_table(s, su.PHILLY, consensus=rows, as_of="2026-01-16")
    assert early["expectation"].iloc[-1] == "model"
    assert early["expected"].iloc[-1] == pytest.approx(2.0)
    later = su.surprise_table(s, su.PHILLY, consensus=rows, as_of="2026-01-20")
    assert later["expectation"].iloc[-1] == "consensus"
    assert later["published"].iloc[-1] == pd.Timestamp("2026-01-20")  # the later of the two
    checks = su.consensus_checks(rows, {su.PHILLY: s})
    assert checks == [
        "GACDFSA066MSFRBPHI 2026-01-01: release date 2026-01-20 is 5 days from the release "
        "rule's 2026-01-15; the surprise counts from the later."
    ]


def test_consensus_checks_flag_rows_without_a_print():
    rows = consensus(("ICSA", "2026-01-10", "2026-01-15", 215_000, ""))
    notes = su.consensus_checks(rows, {"ICSA": weekly([200_000.0], start="2025-12-27")})
    assert notes == [
        "ICSA 2026-01-10: no print loaded for this reference period yet (consensus 215000, "
        "release 2026-01-15)."
    ]


# --- composite ---------------------------------------------------------------------------------
def table_of(published: list[str], z: list[float]) -> pd.DataFrame:
    index = pd.DatetimeIndex(published) - pd.Timedelta(days=14)
    return pd.DataFrame(
        {"published": pd.to_datetime(published), "z": z, "expectation": "model"}, index=index
    )


def test_decay_weights_and_composite_by_hand():
    a = table_of(["2026-01-01", "2026-01-31"], [1.0, 2.0])
    b = table_of(["2026-01-16"], [-1.0])
    out = su.composite_index(
        {"A": a, "B": b},
        ["2026-01-31"],
        weights={"A": 1.0, "B": 2.0},
        half_life_days=15,
        window_days=90,
    )
    # ages 30, 0 (A) and 15 (B) days: decay 0.25, 1, 0.5; masses 0.25, 1, 2 * 0.5 = 1
    numerator = 0.25 * 1.0 + 1.0 * 2.0 + 1.0 * -1.0
    total = 0.25 + 1.0 + 1.0
    row = out.iloc[0]
    assert row["composite"] == pytest.approx(numerator / total)
    assert row["A"] == pytest.approx((0.25 + 2.0) / total)
    assert row["B"] == pytest.approx(-1.0 / total)
    assert row["A"] + row["B"] == pytest.approx(row["composite"])
    assert row["releases"] == 3 and row["indicators"] == 2


def test_window_and_publication_date_bound_the_composite():
    a = table_of(["2026-01-01", "2026-02-15"], [1.0, 3.0])
    out = su.composite_index(
        {"A": a},
        ["2025-12-31", "2026-01-01", "2026-02-14", "2026-03-31", "2026-04-02"],
        half_life_days=30,
        window_days=90,
    )
    assert math.isnan(out["composite"].iloc[0])  # nothing published yet
    assert out["composite"].iloc[1] == pytest.approx(1.0)
    assert out["composite"].iloc[2] == pytest.approx(1.0)  # Feb 15 print not yet out
    both = (0.5 ** (89 / 30) * 1.0 + 0.5 ** (44 / 30) * 3.0) / (0.5 ** (89 / 30) + 0.5 ** (44 / 30))
    assert out["composite"].iloc[3] == pytest.approx(both)  # 2026-01-01 is 89 days old
    assert out["composite"].iloc[4] == pytest.approx(3.0)  # 91 days: out of the window


def test_nan_z_scores_are_skipped_and_zero_weights_drop_an_indicator():
    a = table_of(["2026-01-01", "2026-01-10"], [np.nan, 2.0])
    b = table_of(["2026-01-05"], [-4.0])
    out = su.composite_at({"A": a, "B": b}, "2026-01-10", weights={"B": 0.0})
    assert out["composite"] == pytest.approx(2.0) and out["releases"] == 1


def test_invalid_parameters_fail_loudly():
    a = table_of(["2026-01-01"], [1.0])
    with pytest.raises(ValueError, match="half_life"):
        su.composite_index({"A": a}, half_life_days=0)
    with pytest.raises(ValueError, match="weight"):
        su.composite_index({"A": a}, weights={"A": -1.0})
    with pytest.raises(ValueError, match="at least one weight"):
        su.composite_index({"A": a}, weights={"A": 0.0})
    with pytest.raises(ValueError, match="z_min_periods"):
        su.surprise_table(monthly([1.0, 2.0]), su.PHILLY, z_window=3, z_min_periods=5)


zs = st.lists(st.floats(-5, 5, allow_nan=False), min_size=1, max_size=12)


@settings(max_examples=60, deadline=None)
@given(
    za=zs,
    zb=zs,
    wa=st.floats(0.01, 10),
    wb=st.floats(0.01, 10),
    scale=st.floats(0.001, 1000),
    half_life=st.floats(1, 120),
)
def test_composite_is_unchanged_when_all_weights_scale_together(za, zb, wa, wb, scale, half_life):
    start = pd.Timestamp("2025-10-01")
    a = table_of([start + pd.Timedelta(days=7 * i) for i in range(len(za))], za)
    b = table_of([start + pd.Timedelta(days=10 * i + 3) for i in range(len(zb))], zb)
    dates = pd.date_range("2025-10-01", "2026-03-01", freq="9D")
    one = su.composite_index(
        {"A": a, "B": b}, dates, weights={"A": wa, "B": wb}, half_life_days=half_life
    )
    many = su.composite_index(
        {"A": a, "B": b},
        dates,
        weights={"A": wa * scale, "B": wb * scale},
        half_life_days=half_life,
    )
    np.testing.assert_allclose(one["composite"], many["composite"], rtol=1e-9, atol=1e-12)


@settings(max_examples=40, deadline=None)
@given(
    values=st.lists(st.floats(-60, 60, allow_nan=False), min_size=20, max_size=40),
    extra=st.lists(st.floats(-60, 60, allow_nan=False), min_size=1, max_size=6),
)
def test_appending_later_releases_never_changes_past_values(values, extra):
    rows = consensus((su.PHILLY, "2025-06-01", "2025-06-19", 0.0, ""))
    past = monthly(values, start="2024-01-01")
    full = monthly(values + extra, start="2024-01-01")
    params = dict(model_window=2, z_window=8, z_min_periods=3)
    t_past = su.surprise_table(past, su.PHILLY, consensus=rows, **params)
    t_full = su.surprise_table(full, su.PHILLY, consensus=rows, **params)
    pd.testing.assert_frame_equal(t_past, t_full.loc[t_past.index], check_freq=False)
    last = t_past["published"].max()
    dates = pd.date_range("2024-01-01", last, freq="5D")
    c_past = su.composite_index({su.PHILLY: t_past}, dates)
    c_full = su.composite_index({su.PHILLY: t_full}, dates)
    pd.testing.assert_frame_equal(c_past, c_full)


def test_release_table_shows_claims_in_thousands_newest_first():
    claims = su.surprise_table(
        weekly([220_000, 210_000, 205_000, 198_000], start="2025-12-20"),
        "ICSA",
        consensus=consensus(("ICSA", "2026-01-10", "2026-01-15", 215_000, "note")),
    )
    philly = su.surprise_table(monthly([1.0, 2.0, 3.0, 12.6], start="2025-10-01"), su.PHILLY)
    out = su.release_table({"ICSA": claims, su.PHILLY: philly})
    assert out["release_date"].iloc[0] == pd.Timestamp("2026-01-15")
    first = out[out["series"] == "ICSA"].iloc[0]
    assert (first["series"], first["actual"], first["expected"]) == ("ICSA", 198.0, 215.0)
    assert first["surprise"] == 17.0 and first["expectation"] == "consensus"
    assert first["unit"] == "thousand claims"
    assert out["release_date"].is_monotonic_decreasing
    assert set(out["expectation"]) == {"consensus", "model"}


def test_formula_text_names_the_parameters():
    text = su.formula_markdown(model_window=4, z_window=30, half_life_days=45, window_days=120)
    assert "previous **4** print(s)" in text and "previous 30 surprises" in text
    assert "half-life 45 days" in text and "last 120 days" in text
