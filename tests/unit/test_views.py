"""View models on the demo data (its story is documented): exact values, what each view shows,
and that every view honours the shared as-of date. No Streamlit involved."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from dashboard import state
from dashboard.data import usertables
from dashboard.data.load import fetch_series
from dashboard.signals import scorecard as rules
from dashboard.state import ViewState
from dashboard.views import cross_asset, global_view, liquidity, macro, overview, small_caps
from dashboard.views.model import Chart, Notice

TODAY = date(2026, 3, 2)  # any day after the demo's end: the default is still the demo's last day
DEMO_END = date(2026, 1, 16)


@pytest.fixture(scope="module")
def demo():
    return fetch_series(overview.series_ids())  # conftest: the demo source only


def cards(model) -> dict[str, tuple[str, str | None]]:
    return {c.label: (c.value, c.delta) for c in model.cards}


def last_day(panel: Chart) -> pd.Timestamp:
    return pd.Timestamp(panel.data.index.get_level_values(0).max())


# --- Overview ------------------------------------------------------------------------------------
def test_overview_on_demo_data_stands_on_the_demos_last_day(demo):
    model = overview.build(demo, ViewState(), TODAY)
    assert model.day.day == DEMO_END and not model.day.replay
    assert model.day_note.startswith(
        "Scorecard as of the last day of the synthetic demo data (2026-01-16). "
    )
    ids = [c.signal.id for g in model.groups for c in g.cards]
    assert ids == list(rules.SIGNAL_IDS)
    assert [g.title for g in model.groups] == [
        "Small caps",
        "Macro surprises",
        "Liquidity",
        "Cross-asset",
        "Global",
    ]
    assert model.headline.endswith("of 12 confirming on synthetic demo data (not market data)")
    assert sum(model.tally.values()) == 12
    assert model.jumps == () and model.notices == ()
    status = overview.data_status(demo, TODAY, None)
    assert status.counts == {"synthetic": len(demo.ids)} and status.skipped is None
    assert list(status.table.frame["series"]) == list(demo.ids)
    assert list(model.table.frame["id"]) == list(rules.SIGNAL_IDS)
    first = model.groups[0].cards[0]
    assert (first.value, first.age) == ("10 sessions", "data as of 2026-01-16")
    assert (first.status, first.date) == ("confirming", "2026-01-16")
    assert model.groups[0].page == ("pages/small_caps.py", "Small caps")


def test_overview_on_a_day_far_past_the_data_offers_the_last_close(demo):
    # 45 days after the demo's end: daily signals (limit 10 days) and weekly ones (35) are
    # stale, the monthly surveys (110) and the quarterly GDP (450) still count
    model = overview.build(demo, ViewState(as_of=TODAY), TODAY)
    assert model.day.replay and model.tally["stale"] == 8 and model.tally["unavailable"] == 0
    stale = [s.id for s in model.signals if s.status == "stale"]
    assert stale == [
        "smallcap_streak",
        "smallcap_breakout",
        "claims_surprise",
        "mmf_trend",
        "gold_vs_smallcaps",
        "crypto_vs_gold",
        "growth_vs_smallcaps",
        "real_yields",
    ]
    assert [j.day for j in model.jumps] == [DEMO_END]
    assert model.jumps[0].label == "Score as of 2026-01-16 (last market close)"
    assert model.notices[0].text.startswith(
        "The newest market close in the loaded data is 2026-01-16, 45 days before"
    )


# --- Small caps ----------------------------------------------------------------------------------
def test_small_caps_cards_tell_the_demo_story(demo):
    model = small_caps.build(demo, ViewState(), small_caps.Params(), TODAY)
    assert model.stop is None
    assert model.heading == "IWM against SPY on 2026-01-16"
    got = cards(model)
    assert got["Current outperformance streak"] == (
        "10 sessions",
        "longest since 2000 (whole history)",
    )
    value, delta = got["IWM vs peak before 2022"]
    assert value.startswith("+") and delta.startswith("above since 2026-01")
    assert [s.id for s in model.signals] == ["smallcap_streak", "smallcap_breakout"]
    assert model.scorecard_note.startswith("Scorecard as of 2026-01-16:")
    charts = [model.ratio, model.breakout, model.rebased, model.relative]
    assert [c.key for c in charts] == ["sc_ratio", "sc_breakout", "sc_rebased", "sc_relative"]
    assert all(c.note and "Events marked" not in c.note for c in charts)
    assert model.streaks.frame["length"].iloc[0] == 10


def test_small_caps_pair_checks_and_stops(demo):
    view = ViewState()
    assert small_caps.pair_options(view) == ["IWM", "^RUT", "SPY", "QQQ", "ARKK", "BTC-USD", "GLD"]
    check = state.validate_query(
        {"pair": ["<script>alert(1)</script>"]}, today=TODAY, page=small_caps.LINK_PARAMS
    )
    assert "pair" not in check.kept
    assert check.notices[0].startswith("Ignored pair='<script>alert(1)</script…': not offered")
    same = small_caps.build(demo, view, small_caps.Params(pair="SPY"), TODAY)
    assert "both SPY" in same.stop.text and same.cards == ()
    assert small_caps.natural_benchmark("^RUT", "SPY") == (
        "^GSPC",
        "^RUT pairs naturally with ^GSPC (index against index); SPY is the current benchmark.",
    )
    assert small_caps.natural_benchmark("IWM", "SPY") is None


def test_small_caps_replays_the_shared_as_of_date(demo):
    model = small_caps.build(demo, ViewState(as_of=date(2026, 1, 9)), small_caps.Params(), TODAY)
    assert model.heading == "IWM against SPY on 2026-01-09"
    assert cards(model)["Current outperformance streak"][0] == "5 sessions"
    assert last_day(model.ratio) == pd.Timestamp("2026-01-09")


# --- Macro ---------------------------------------------------------------------------------------
def test_macro_gauges_show_the_thesis_prints(demo):
    model = macro.build(demo, ViewState(), macro.Params(), TODAY, _consensus())
    surprises = [g.cards[0] for g in model.gauges]
    assert [(c.label, c.value) for c in surprises] == [
        ("Surprise", "+14.2"),
        ("Surprise", "+6.9"),
        ("Surprise", "+17.0"),
    ]
    assert [g.expectation.label for g in model.gauges] == ["consensus · bundled row"] * 3
    assert model.gauges[0].signal.id == "philly_fed_surprise"
    assert "decay" in model.formula and "previous **3** print(s)" in model.formula
    assert model.composite.signal.id == "macro_surprise_index"
    claims = model.releases.frame.query("series == 'ICSA'").iloc[0]
    assert (claims["actual"], claims["expected"]) == (198.0, 215.0)
    assert model.consensus.bundled_count == 3 and model.consensus.team_count == 0


@pytest.mark.parametrize("days_after", [0, 20, 60])
def test_macro_composite_card_is_the_scorecards_value_on_the_day(demo, days_after):
    """Days after the last release but inside the composite's 90-day window, the card shows the
    composite on the day (the scorecard's value), not on the last release: the two differ as
    the decay runs on."""
    day = DEMO_END + pd.Timedelta(days=days_after)
    model = macro.build(demo, ViewState(as_of=day), macro.Params(), TODAY, _consensus())
    headline = model.composite.cards[0]
    assert headline.label == "Composite"
    assert headline.value == f"{model.composite.signal.value:+.2f} sd"
    assert headline.help.startswith(f"On {day:%Y-%m-%d}:")
    chart = model.composite.chart
    assert last_day(chart) == pd.Timestamp(day)


def test_macro_the_day_before_the_prints_has_model_surprises_only(demo):
    model = macro.build(
        demo, ViewState(as_of=date(2026, 1, 14)), macro.Params(), TODAY, _consensus()
    )
    assert [g.cards[0].label for g in model.gauges] == ["Model surprise"] * 3
    assert model.releases.frame["release_date"].max() <= pd.Timestamp("2026-01-14")


def test_macro_history_panels_per_unit(demo):
    model = macro.build(demo, ViewState(), macro.Params(), TODAY, _consensus())
    units = macro.history_panels(model.history, "surprise")
    zs = macro.history_panels(model.history, "z")
    assert [name for name, _ in units] == ["Philly Fed", "Empire State", "Jobless claims"]
    assert all(isinstance(p, Chart) for _, p in units + zs)


# --- Liquidity -----------------------------------------------------------------------------------
def test_liquidity_on_demo_data(demo):
    model = liquidity.build(demo, ViewState(), liquidity.Params(), TODAY)
    assert [r.label for r in model.roles] == ["Total: MMF_TOTAL · weekly · synthetic"]
    assert model.day.reason == "the last day of the synthetic demo data (2026-01-16)"
    assert list(cards(model)) == ["Total MMF assets", "4-week change", "Weeks since peak", "Turn"]
    assert model.signal.id == "mmf_trend"
    assert [p.key for p in (model.level, model.flows, model.overlay, model.leadlag.panel)] == [
        "mmf_level",
        "mmf_flows",
        "mmf_vs_smallcaps",
        "mmf_leadlag",
    ]


def test_liquidity_honours_the_shared_as_of_date(demo):
    day = date(2025, 10, 1)
    model = liquidity.build(
        demo, ViewState(as_of=day, range_preset="Max"), liquidity.Params(), TODAY
    )
    # weekly totals as of Wednesday are out on Thursday: 2025-10-01's is not yet published
    assert last_day(model.level) == pd.Timestamp("2025-09-24")
    assert "as of 2025-09-24" in next(c.help for c in model.cards if c.label == "Total MMF assets")
    assert model.signal.as_of is not None and model.signal.as_of <= day


# --- Cross-asset ---------------------------------------------------------------------------------
def test_cross_asset_on_demo_data(demo):
    model = cross_asset.build(demo, ViewState(), cross_asset.Params(), TODAY)
    assert [s.status for s in model.signals] == ["confirming"] * 3
    assert cards(model)["Small caps beating gold"][0].endswith(" pp")
    panels = (
        model.performance,
        model.rotation,
        model.leadlag,
        model.study.chart,
        model.study.sequence,
    )
    assert all(isinstance(p, Chart) for p in panels)
    assert "over the full history of IWM" in model.study.summary


def test_cross_asset_honours_the_shared_as_of_date(demo):
    day = date(2025, 6, 30)
    model = cross_asset.build(demo, ViewState(as_of=day), cross_asset.Params(), TODAY)
    assert model.day.reason.startswith("2025-06-30: only what was published by that day counts")
    assert last_day(model.performance) <= pd.Timestamp(day)
    assert all(s.as_of is None or s.as_of <= day for s in model.signals)


def test_cross_asset_link_parameters():
    query = {"assets": ["GLD", "NOTOFFERED"], "trigger": ["drop table"]}
    check = state.validate_query(query, today=TODAY, page=cross_asset.LINK_PARAMS)
    assert check.kept["assets"] == ["GLD"]
    assert check.notices == [
        "Ignored assets=NOTOFFERED: not offered here (offered: IWM, ARKK, BTC-USD, XBI, GLD, SLV "
        "and the sidebar's tickers); add it to the sidebar's tickers first.",
        "Ignored trigger='drop table': choose one of ath, streak.",
    ]


# --- Global --------------------------------------------------------------------------------------
def test_global_on_the_demos_last_day(demo):
    model = global_view.build(demo, ViewState(as_of=DEMO_END, range_preset="3M"), TODAY)
    got = {c.card.label: c.card.value for c in model.countries}
    assert got == {"Germany real GDP 2025Q3, q/q": "+0.20%", "UK real GDP 2025Q3, q/q": "+0.30%"}
    yields = {c.label: c.value for c in model.levels[1].cards}
    assert yields == {"DFII10 on 2026-01-15": "1.95%", "20-session change, pp": "+0.12 pp"}
    assert [s.id for s in model.signals] == ["global_growth", "real_yields"]


def test_global_before_the_q3_release(demo):
    model = global_view.build(demo, ViewState(as_of=date(2025, 11, 13)), TODAY)
    assert model.countries[0].card.label == "Germany real GDP 2025Q2, q/q"


def _consensus() -> pd.DataFrame:
    return usertables.load(usertables.CONSENSUS).frame


def test_every_view_names_a_missing_series_instead_of_failing():
    empty = fetch_series(())
    assert isinstance(
        macro.build(empty, ViewState(), macro.Params(), TODAY, _consensus()).stop, Notice
    )
    assert isinstance(liquidity.build(empty, ViewState(), liquidity.Params(), TODAY).stop, Notice)
    assert isinstance(global_view.build(empty, ViewState(), TODAY).stop, Notice)
    assert isinstance(
        cross_asset.build(empty, ViewState(), cross_asset.Params(), TODAY).stop, Notice
    )
    assert "No prices" in small_caps.build(empty, ViewState(), small_caps.Params(), TODAY).stop.text


@pytest.mark.parametrize("module", [small_caps, macro, liquidity, cross_asset])
def test_each_setting_fills_a_params_field_with_its_default(module):
    defaults = module.Params()
    for setting in module.SETTINGS:
        assert getattr(defaults, setting.name) == setting.default, setting.name
    assert len({s.key for s in module.SETTINGS}) == len(module.SETTINGS)
