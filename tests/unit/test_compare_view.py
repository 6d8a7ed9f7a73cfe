"""The Compare view model on series with known answers: returns, excess returns, drawdowns,
relative strength, the common window and what is left out. No Streamlit involved."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from dashboard.data.load import Loaded
from dashboard.data.provenance import Failure, Provenance
from dashboard.state import ViewState
from dashboard.views import compare
from dashboard.views.compare import Params

TODAY = date(2026, 3, 2)
DAYS = pd.bdate_range("2025-01-01", periods=10)
PRICES = {
    "SPY": [100, 101, 102, 103, 104, 105, 106, 107, 108, 110],
    "AAA": [50, 55, 60, 45, 50, 55, 60, 65, 70, 75],
    "BBB": [20, 19, 18, 17, 16, 15, 14, 13, 12, 10],
}


def loaded_from(prices: dict[str, list[float]], days=DAYS, lost: dict | None = None) -> Loaded:
    series, provenance = {}, {}
    for sid, values in prices.items():
        s = pd.Series(values, index=days[: len(values)], name=sid, dtype="float64")
        series[sid] = s
        provenance[sid] = Provenance(
            sid, sid, "csvdir", f"{sid}.csv", "cached", first_date=s.index[0].date(),
            last_date=s.index[-1].date(), rows=len(s),
        )  # fmt: skip
    for sid, failures in (lost or {}).items():
        provenance[sid] = Provenance(sid, sid, "", "", "unavailable", failures=failures)
    return Loaded(series=series, provenance=provenance, ids=tuple(provenance))


def view(*tickers: str, **kw) -> ViewState:
    return ViewState(tickers=tickers, benchmark="SPY", range_preset=kw.pop("range", "Max"), **kw)


def test_cards_say_return_excess_return_and_drawdown_over_the_window():
    model = compare.build(loaded_from(PRICES), view("AAA", "BBB"), Params(), TODAY)
    assert model.stop is None and model.missing is None
    got = {c.card.label: (c.card.value, c.card.delta, c.drawdown) for c in model.cards}
    # AAA 50 -> 75 (+50%), SPY 100 -> 110 (+10%): +40 pp; its high is the last close
    assert got["AAA"] == ("+50.00%", "+40.00 pp vs SPY", "At its window high (max drawdown -25.0%)")
    # BBB 20 -> 10 (-50%): -60 pp, 50% below its first (highest) close
    assert got["BBB"] == (
        "-50.00%",
        "-60.00 pp vs SPY",
        "Drawdown -50.0% from 2025-01-01 (max -50.0%)",
    )
    assert got["SPY"] == ("+10.00%", "the benchmark", "At its window high (max drawdown 0.0%)")
    spark = next(c.spark for c in model.cards if c.card.label == "AAA")
    assert spark[0] == 100.0 and spark[-1] == 150.0


def test_charts_are_rebased_to_100_on_the_first_common_session():
    model = compare.build(loaded_from(PRICES), view("AAA", "BBB"), Params(), TODAY)
    rebased = model.performance.data
    assert list(rebased.columns) == ["AAA", "BBB", "SPY"]
    assert rebased.iloc[0].tolist() == [100.0, 100.0, 100.0]
    assert rebased.iloc[-1].tolist() == pytest.approx([150.0, 50.0, 110.0])
    strength = model.strength.data
    assert list(strength.columns) == ["AAA", "BBB"]
    # ratio to SPY, 100 at the start: 100 * (75/50) / (110/100)
    assert strength["AAA"].iloc[-1] == pytest.approx(100 * 1.5 / 1.1)
    assert strength["BBB"].iloc[-1] == pytest.approx(100 * 0.5 / 1.1)
    names = [t.name for t in model.performance.figure.data]
    assert names == ["AAA", "BBB", "SPY"]
    assert model.window_note.startswith(
        "2025-01-01 to 2025-01-14: 10 common sessions of AAA, BBB and SPY, rebased to 100 on "
        "2025-01-01."
    )


def test_the_table_holds_the_same_figures_and_the_relative_strength_trend():
    model = compare.build(loaded_from(PRICES), view("AAA", "BBB"), Params(rs_ma=5), TODAY)
    table = model.table.frame.set_index("ticker")
    assert table.loc["AAA", "return_pct"] == pytest.approx(50.0)
    assert table.loc["BBB", "vs_bench_pp"] == pytest.approx(-60.0)
    assert pd.isna(table.loc["SPY", "vs_bench_pp"]) and pd.isna(table.loc["SPY", "rs_vs_ma_pct"])
    assert table.loc["AAA", "max_drawdown_pct"] == pytest.approx(-25.0)
    assert table.loc["AAA", "max_drawdown_date"] == pd.Timestamp("2025-01-06")
    # AAA/SPY against its 5-session average on the last session
    last_five = [55 / 105, 60 / 106, 65 / 107, 70 / 108, 75 / 110]
    expected = 100 * ((75 / 110) / (sum(last_five) / 5) - 1)
    assert table.loc["AAA", "rs_vs_ma_pct"] == pytest.approx(expected)
    assert "RS vs its 5-session average" in model.table.columns["rs_vs_ma_pct"].label


def test_the_equal_weight_average_is_the_mean_of_the_rebased_lines():
    model = compare.build(loaded_from(PRICES), view("AAA", "BBB"), Params(average=True), TODAY)
    average = model.performance.data[compare.AVERAGE]
    assert average.iloc[0] == 100.0 and average.iloc[-1] == pytest.approx((150 + 50) / 2)


def test_one_window_counts_back_from_the_last_common_session():
    """A ticker whose data ends earlier ends the window for all, and the note names it."""
    prices = {**PRICES, "CCC": [10, 11, 12, 13, 14, 15, 16, 17]}  # ends 2025-01-10
    model = compare.build(loaded_from(prices), view("AAA", "CCC"), Params(), TODAY)
    rebased = model.performance.data
    assert rebased.index[-1] == pd.Timestamp("2025-01-10")
    assert "The window ends on 2025-01-10, the last session CCC has (others run to " in (
        model.window_note
    )
    # a preset counts back from that session: 1 week before 2025-01-10 is 2025-01-03
    short = compare.build(loaded_from(prices), view("AAA", "CCC", range="Custom",
                          start=date(2025, 1, 3)), Params(), TODAY)  # fmt: skip
    assert short.performance.data.index[0] == pd.Timestamp("2025-01-03")
    assert short.performance.data.iloc[0].tolist() == [100.0, 100.0, 100.0]


def test_a_symbol_no_source_has_is_left_out_and_a_later_one_is_named():
    unknown = Failure("yahoo", "not_found", "Yahoo has no data for ZZZZ: unknown symbol")
    loaded = loaded_from(PRICES, lost={"ZZZZ": (unknown,)})
    model = compare.build(loaded, view("AAA", "ZZZZ"), Params(), TODAY)
    # the page's provenance says "Could not load ZZZZ" and why: not said twice
    assert model.missing is None
    assert [c.card.label for c in model.cards] == ["AAA", "SPY"]
    # BBB's first close comes after the as-of day: nothing of it was published then
    later = {**PRICES, "BBB": [None] * 6 + PRICES["BBB"][6:]}
    model = compare.build(
        loaded_from(later), view("AAA", "BBB", as_of=date(2025, 1, 7)), Params(), TODAY
    )
    assert model.missing.text == (
        "Left out of every chart: nothing published by 2025-01-07 for BBB."
    )


def test_nothing_to_compare_says_why():
    loaded = loaded_from({"AAA": PRICES["AAA"]})
    model = compare.build(loaded, view("AAA"), Params(), TODAY)
    assert model.stop.text.startswith("No prices for the benchmark SPY")
    model = compare.build(loaded_from(PRICES), view(), Params(), TODAY)
    assert model.stop.text == "Add tickers in the sidebar to compare them."


def test_the_as_of_date_cuts_every_series():
    model = compare.build(loaded_from(PRICES), view("AAA", as_of=date(2025, 1, 8)), Params(), TODAY)
    assert model.performance.data.index[-1] == pd.Timestamp("2025-01-08")
    got = {c.card.label: c.card.value for c in model.cards}
    assert got["AAA"] == "+10.00%"  # 50 -> 55 on 2025-01-08, the 6th session
