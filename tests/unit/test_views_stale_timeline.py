"""Issue 17, view models: stale shown as stale (not unavailable) with its last reading, date
and age; the Overview opening on the last market close when nothing is fresh today; the thesis
timeline; synthetic flows never combined with market prices into a finding; the lead-lag text
naming both directions as the bars show them; the composite never "undefined" above a number.
Exact values on the demo, on planted files and on the real folder (skipped when absent)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dashboard.data import usertables
from dashboard.data.load import fetch_series
from dashboard.settings import Settings
from dashboard.signals import scorecard as rules
from dashboard.state import ViewState
from dashboard.views import liquidity, macro, overview
from dashboard.views.model import Chart, Notice

DEMO_END = date(2026, 1, 16)
REAL_TODAY = date(2026, 12, 4)  # the real folder's prices end 2026-10-05


@pytest.fixture(scope="module")
def demo():
    return fetch_series(overview.series_ids())  # conftest: the demo source only


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    from tests.conftest import MARKET_DATA

    if not MARKET_DATA.is_dir():
        pytest.skip(f"real market data folder not found: {MARKET_DATA}")
    settings = Settings(
        cache_dir=tmp_path_factory.mktemp("cache"),
        data_dir=MARKET_DATA,
        sources=("csvdir", "demo"),
    )
    return fetch_series(overview.series_ids(), settings)


def consensus() -> pd.DataFrame:
    return usertables.load(usertables.CONSENSUS).frame


def card(model, sid: str) -> overview.SignalCard:
    return next(c for g in model.groups for c in g.cards if c.signal.id == sid)


# --- 4. stale is a status, with its own count ----------------------------------------------------
def test_a_replay_past_the_demo_keeps_every_last_reading_as_stale(demo):
    day = date(2026, 6, 30)
    model = overview.build(demo, ViewState(as_of=day), day, consensus())
    assert model.tally == {
        "confirming": 0,
        "neutral": 0,
        "contradicting": 0,
        "stale": 12,
        "unavailable": 0,
    }
    assert model.headline == "0 confirming, 12 stale (last readings 2025-07-01 to 2026-01-16)"
    streak = card(model, "smallcap_streak")
    assert (streak.value, streak.status, streak.date) == (
        "10 sessions",
        "stale (was confirming)",
        "2026-01-16 · 165 days old",
    )
    assert streak.signal.value == 10.0 and streak.signal.last_status == "confirming"
    philly = card(model, "philly_fed_surprise")
    assert (philly.value, philly.full_value) == ("+14.2 pts", "+14.20 index points")
    assert philly.date == "2026-01-15 · 166 days old"
    claims = card(model, "claims_surprise")
    assert claims.value == "+17.0k"  # 198k against 215k: the short unit fits a card
    # the CSV carries the status, the status the last reading had, its age and limit
    row = model.table.frame.set_index("id").loc["smallcap_streak"]
    assert (row["status"], row["last status"], row["value"]) == ("stale", "confirming", 10.0)
    assert (row["age (days)"], row["limit (days)"]) == (165, 10)


def test_the_real_folder_today_opens_on_the_last_close_and_says_so(real):
    model = overview.build(real, ViewState(), REAL_TODAY, consensus())
    assert model.day.day == date(2026, 10, 5) and not model.day.replay
    assert model.day.reason == (
        "2026-10-05, the last market close in the data: on today's date (2026-12-04) no "
        "signal has data fresh enough to score"
    )
    assert model.notices[0].text.startswith(
        "Nothing is fresh on today's date (2026-12-04): the newest market close in the data "
        "is 2026-10-05, 60 days earlier"
    )
    assert [(j.label, j.day) for j in model.jumps] == [
        ("Score as of today (2026-12-04)", REAL_TODAY)
    ]
    assert model.tally["unavailable"] == 0 and model.tally["stale"] == 7
    assert model.headline == (
        "4 confirming, 1 contradicting, 7 stale (last readings 2019-10-01 to 2026-08-28)"
    )
    rut = card(model, "smallcap_breakout")
    assert (rut.value, rut.status, rut.date) == (
        "+7.30%",
        "stale (was confirming)",
        "2026-02-23 · 224 days old",
    )


def test_the_real_folder_on_today_is_stale_not_unavailable(real):
    model = overview.build(real, ViewState(as_of=REAL_TODAY), REAL_TODAY, consensus())
    assert model.day.replay and model.tally["stale"] == 12 and model.tally["unavailable"] == 0
    assert model.headline == "0 confirming, 12 stale (last readings 2019-10-01 to 2026-10-05)"
    assert [(j.label, j.day) for j in model.jumps] == [
        ("Score as of 2026-10-05 (last market close)", date(2026, 10, 5))
    ]
    assert all(c.value != "n/a" for g in model.groups for c in g.cards)
    claims = card(model, "claims_surprise")
    assert (claims.value, claims.status) == ("+26.3k", "stale (was confirming)")


def test_rotation_signals_json_and_exit_status_on_the_real_folder(real, monkeypatch, capsys):
    import json

    from dashboard import cli
    from tests.conftest import MARKET_DATA

    monkeypatch.setenv("ROTATION_DATA_DIR", str(MARKET_DATA))
    monkeypatch.setenv("ROTATION_SOURCES", "csvdir,demo")
    code = cli.main(["signals", "--as-of", "2026-12-01", "--json"])
    payload = json.loads(capsys.readouterr().out)
    assert code == 1 and payload["complete"] is False
    assert payload["unavailable"] == [] and len(payload["stale"]) == 12
    rut = next(s for s in payload["signals"] if s["id"] == "smallcap_breakout")
    assert rut["status"] == "stale" and rut["last_status"] == "confirming"
    # ^RUT.csv: Close 2620.988525390625 on 2026-02-23 vs 2442.739990234375 on 2021-11-08
    assert rut["value"] == pytest.approx(100 * (2620.988525390625 / 2442.739990234375 - 1))
    assert (rut["as_of"], rut["age_days"], rut["limit_days"]) == ("2026-02-23", 281, 10)


# --- the thesis timeline -------------------------------------------------------------------------
def test_the_timeline_follows_the_date_range_and_ends_on_the_scorecard(demo):
    model = overview.build(demo, ViewState(range_preset="3M"), date(2026, 3, 2), consensus())
    assert isinstance(model.timeline, Chart) and model.timeline.key == "thesis_timeline"
    data = model.timeline.data
    assert data.index[-1] == pd.Timestamp(DEMO_END)  # the scorecard's day is the last column
    assert data.index[0] >= pd.Timestamp("2025-10-16") and len(data) == 14  # 3 months weekly
    assert (data.index[1:] - data.index[:-1]).unique().tolist() == [pd.Timedelta(days=7)]
    assert {s.id: s.status for s in model.signals} == data.iloc[-1][
        list(rules.SIGNAL_IDS)
    ].to_dict()
    assert model.timeline_note.startswith(
        "Each cell is what the scorecard said on that date, from data published by then"
    )
    # each card's sparkline is its signal's value on those dates
    streak = card(model, "smallcap_streak")
    assert len(streak.history) == 14 and streak.history[-1] == 10.0
    assert list(streak.history) == data["smallcap_streak value"].tolist()
    # rows named in words (the CSV keeps the ids the JSON uses), each marked as demo data here
    rows = list(model.timeline.figure.data[0].y)
    assert rows[:3] == [
        "Small-cap streak (synthetic)",
        "Russell 2000 breakout (synthetic)",
        "Philly Fed surprise (synthetic)",
    ]
    assert len(rows) == len(rules.SIGNAL_IDS) and not any("_" in r for r in rows)


def test_the_timeline_over_max_is_thinned_not_truncated(demo):
    model = overview.build(demo, ViewState(range_preset="Max"), date(2026, 3, 2), consensus())
    data = model.timeline.data
    assert len(data) <= overview.TIMELINE_MAX_POINTS and data.index[-1] == pd.Timestamp(DEMO_END)
    step = (data.index[1] - data.index[0]).days
    assert step % 7 == 0 and step > 7
    assert f"every {step // 7} weeks" in model.timeline_note


def test_stale_weeks_are_gaps_in_the_sparkline(real):
    model = overview.build(real, ViewState(as_of=REAL_TODAY), REAL_TODAY, consensus())
    rut = card(model, "smallcap_breakout")
    strip = model.timeline.data["smallcap_breakout"].tolist()
    assert strip[-1] == "stale" and "confirming" in strip
    assert [v is None for v in rut.history] == [
        s != "confirming" and s != "contradicting" and s != "neutral" for s in strip
    ]


# --- 6. the composite: never "undefined" above a number ------------------------------------------
def test_the_composite_on_a_day_without_releases_is_its_stale_last_reading(demo):
    day = date(2026, 6, 30)
    model = macro.build(demo, ViewState(as_of=day), macro.Params(), day, consensus())
    box = model.composite
    assert box.undefined is not None and "it is stale" in box.undefined.text
    first = box.cards[0]
    assert first.label == "Composite: stale"
    assert first.value.startswith(":gray[") and first.delta == "last reading, 2026-01-15"
    # the same last reading as the scorecard's, which calls it stale too
    signal = box.signal
    assert signal.status == "stale" and signal.as_of == date(2026, 1, 15)
    assert first.value == f":gray[{signal.value:+.2f} sd]"


# --- 5. synthetic flows and market prices are never one finding ----------------------------------
def _folder(tmp_path: Path, flows: pd.Series | None, iwm: pd.Series, spy: pd.Series) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    if flows is not None:
        level = 7000.0 * np.cumprod(1 + flows / 100.0)
        pd.DataFrame({"date": level.index.strftime("%Y-%m-%d"), "total": level.values}).to_csv(
            folder / "MMF_TOTAL.csv", index=False
        )
    for name, close in (("IWM", iwm), ("SPY", spy)):
        pd.DataFrame({"Date": close.index.strftime("%Y-%m-%d"), "Close": close.values}).to_csv(
            folder / f"{name}.csv", index=False
        )
    return folder


def _liquidity(folder: Path, tmp_path: Path, day: date) -> liquidity.LiquidityView:
    settings = Settings(cache_dir=tmp_path / "cache", data_dir=folder, sources=("csvdir", "demo"))
    loaded = fetch_series(liquidity.IDS, settings)
    return liquidity.build(loaded, ViewState(as_of=day), liquidity.Params(), day)


WEEKS = pd.date_range(end="2025-12-31", periods=420, freq="7D")  # Wednesdays, ICI's dates


def test_synthetic_flows_against_market_prices_are_refused(tmp_path):
    rng = np.random.default_rng(3)
    iwm = pd.Series(100 * np.exp(np.cumsum(rng.normal(0, 0.02, len(WEEKS)))), WEEKS)
    model = _liquidity(_folder(tmp_path, None, iwm, iwm * 0 + 100), tmp_path, date(2025, 12, 31))
    assert isinstance(model.overlay, Notice) and model.leadlag is None
    assert model.overlay.text.startswith(
        "Not computed: MMF_TOTAL is synthetic demo data and IWM, SPY are market data."
    )


def test_the_real_folder_refuses_the_demo_flows_against_real_prices(real):
    model = liquidity.build(real, ViewState(), liquidity.Params(), REAL_TODAY)
    assert isinstance(model.overlay, Notice) and model.leadlag is None
    assert "synthetic demo data" in model.overlay.text


def test_the_demo_lead_lag_is_an_illustration_never_highlighted(demo):
    model = liquidity.build(demo, ViewState(), liquidity.Params(), date(2026, 3, 2))
    assert model.leadlag.text.startswith("**Illustration on synthetic demo data, not evidence:**")
    bars = model.leadlag.panel.figure.data[0]
    assert len(set(bars.marker.color)) == 1  # no bar singled out


# --- 6. the lead-lag text says what the bars show, in both directions ----------------------------
def _planted(tmp_path: Path, lead: int, weight: float) -> liquidity.LiquidityView:
    """IWM's weekly return against SPY's (flat) = weight x the flow ``lead`` weeks earlier
    (``lead`` < 0: the flow follows the return) plus noise."""
    rng = np.random.default_rng(5)
    n = len(WEEKS)
    if lead > 0:
        flows = rng.normal(0, 1, n)
        returns = np.r_[rng.normal(0, 1, lead), flows[:-lead]] * weight + rng.normal(0, 0.5, n)
    else:
        returns = rng.normal(0, 1, n)
        flows = np.r_[rng.normal(0, 1, -lead), returns[:lead]] * weight + rng.normal(0, 0.5, n)
    flows_s = pd.Series(flows, WEEKS)
    iwm = pd.Series(100 * np.cumprod(1 + returns / 100), WEEKS)
    spy = pd.Series(100.0, WEEKS)
    return _liquidity(_folder(tmp_path, flows_s, iwm, spy), tmp_path, date(2025, 12, 31))


def test_flows_leading_small_caps_is_said_as_the_bars_show_it(tmp_path):
    model = _planted(tmp_path, 3, 1.0)
    profile = model.leadlag.panel.data
    assert list(profile.index) == list(range(-13, 14))  # both directions are computed
    strongest = profile["correlation"].abs().idxmax()
    assert strongest == 3 and profile.loc[3, "correlation"] > 0.8
    text = model.leadlag.text
    assert text.startswith(
        f"Strongest correlation: **flows lead small caps by 3 weeks**, "
        f"{profile.loc[3, 'correlation']:+.3f} over {int(profile.loc[3, 'pairs'])} weekly pairs"
    )
    assert (
        f"flows lead small caps by 3 weeks ({profile.loc[3, 'correlation']:+.3f}: inflows "
        "came before outperformance)" in text
    )
    # positive: inflows before outperformance, the opposite of the thesis, and said so
    assert "the thesis needs outflows before small-cap outperformance" in text.lower()
    assert "no such lag crosses the band" in text
    # the strongest bar, outside the band, is the one highlighted
    bars = model.leadlag.panel.figure.data[0]
    colors = dict(zip(bars.x, bars.marker.color, strict=True))
    assert [lag for lag, c in colors.items() if c != colors[0]] == [3]


def test_small_caps_leading_flows_is_named_as_such(tmp_path):
    model = _planted(tmp_path, -2, -1.0)
    profile = model.leadlag.panel.data
    assert profile["correlation"].abs().idxmax() == -2
    text = model.leadlag.text
    assert text.startswith("Strongest correlation: **small caps lead flows by 2 weeks**, -0.")
    assert "small caps lead flows by 2 weeks (-0." in text
    assert "outperformance came before outflows" in text


def named_lags(text: str) -> set[int]:
    """The lags the text's "Outside the band:" sentence names."""
    if "Outside the band: " not in text:
        return set()
    section = text.split("Outside the band: ", 1)[1].split(". The thesis", 1)[0]
    lags: set[int] = set()
    for part in section.split("; "):
        found = re.match(
            r"(flows lead small caps|small caps lead flows) by (\d+)(?:-(\d+))? week", part
        )
        if part.startswith("same week"):
            lags.add(0)
        elif found:
            low, high = int(found[2]), int(found[3] or found[2])
            sign = 1 if found[1].startswith("flows") else -1
            lags.update(sign * k for k in range(low, high + 1))
        else:
            span = re.match(r"lags (-?\d+) to (-?\d+) weeks", part)
            lags.update(range(int(span[1]), int(span[2]) + 1))
    return lags


@pytest.mark.parametrize(("lead", "weight"), [(3, 1.0), (-2, -1.0), (1, 0.2)])
def test_the_text_names_exactly_the_lags_whose_bars_cross_the_band(tmp_path, lead, weight):
    model = _planted(tmp_path, lead, weight)
    profile = model.leadlag.panel.data.dropna(subset=["correlation"])
    crossing = {int(k) for k in profile.index[profile["correlation"].abs() > profile["band"]]}
    assert crossing and named_lags(model.leadlag.text) == crossing
