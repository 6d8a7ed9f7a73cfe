"""Issue 17 in AppTest on the real data folder (skipped when absent): stale series flagged on the
page badges with their age, the composite never "undefined" above a number, no finding from
synthetic flows and real prices; and the Overview's cards and timeline on the demo."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard.signals import scorecard as rules
from tests.app.helpers import assert_clean, run_app, texts


@pytest.fixture
def real_folder(market_data, monkeypatch):
    monkeypatch.setenv("ROTATION_DATA_DIR", str(market_data))
    monkeypatch.setenv("ROTATION_SOURCES", "csvdir,demo")
    return market_data


def badges(at) -> dict[str, tuple[str, str]]:
    """Provenance badges (st.badge is badge markdown): series id -> (markdown, help)."""
    found = {}
    for m in at.markdown:
        if m.value.startswith(":") and "-badge[:material/" in m.value and " · " in m.value:
            sid = m.value.split("] ", 1)[0].split(": ", 1)[1].split(" · ")[0]
            found[sid] = (m.value, m.proto.help)
    return found


def test_page_badges_flag_series_past_their_age_limit(real_folder):
    at = run_app(page="small_caps")
    assert_clean(at)
    found = badges(at)
    label, help_text = found["^RUT"]
    age = (date.today() - date(2026, 2, 23)).days
    assert label == (
        f":orange-badge[:material/history: ^RUT · csvdir · cached · as of 2026-02-23 · "
        f"{age:,} days old]"
    )
    assert help_text.startswith(f"**Stale:** the newest observation is {age:,} days old")
    assert "the limit for this frequency is 10 days" in help_text
    iwm_age = (date.today() - date(2026, 10, 5)).days
    assert found["IWM"][0].endswith(f"as of 2026-10-05 · {iwm_age:,} days old]")


def test_macro_composite_on_today_is_stale_never_undefined_above_a_number(real_folder):
    at = run_app({"asof": date.today().isoformat()}, page="macro")
    assert_clean(at)
    composite = next(m for m in at.metric if m.label.startswith("Composite"))
    assert composite.label == "Composite: stale"
    assert composite.value.startswith(":gray[") and composite.value.endswith(" sd]")
    notice = next(i.value for i in at.info if "composite is undefined" in i.value)
    assert "it is stale" in notice and "Shown greyed below: its last reading" in notice
    page = texts(at)
    assert "macro_surprise_index: stale (was " in page


def test_liquidity_refuses_synthetic_flows_against_real_prices(real_folder):
    at = run_app(page="liquidity")
    assert_clean(at)
    refusal = next(w.value for w in at.warning if w.value.startswith("Not computed:"))
    assert "MMF_TOTAL is synthetic demo data and IWM, SPY are market data" in refusal
    page = texts(at)
    assert "lag 12 weeks" not in page and "Strongest" not in page
    assert len(at.get("plotly_chart")) == 2  # the level and the flows; no overlay, no lead-lag


def test_overview_cards_are_short_with_a_sparkline_and_details_one_click_away():
    at = run_app()
    assert_clean(at)
    cards = [m for m in at.metric if m.label in rules.SIGNAL_IDS]
    assert [m.label for m in cards] == list(rules.SIGNAL_IDS)
    for metric in cards:
        assert len(metric.value) <= 14, metric.value  # "+14.2 pts", "10 sessions", "+0.25% q/q"
        assert metric.proto.delta in rules.SIGNAL_STATUSES
        assert metric.proto.chart_data, metric.label  # the recent history, a sparkline
    philly = next(m for m in cards if m.label == "philly_fed_surprise")
    assert (philly.value, philly.proto.delta) == ("+14.2 pts", "confirming")
    assert philly.proto.delta_description == "2026-01-15 · 1 day old"
    # the rule and the detail live in the card's popover, not on its face
    details = [m.value for m in at.markdown if "(`philly_fed_surprise`)" in m.value]
    assert len(details) == 1 and "**Rule:**" in details[0] and "12.6" in details[0]


def test_overview_timeline_follows_the_sidebar_range():
    at = run_app({"range": "6M"})
    assert_clean(at)
    charts = at.get("plotly_chart")
    import json

    spec = json.loads(charts[0].proto.spec)
    strip = spec["data"][0]
    assert strip["type"] == "heatmap" and len(strip["y"]) == 12
    assert len(strip["x"]) == 27  # 6 months, weekly, ending on the scorecard's day
    assert str(strip["x"][-1]).startswith("2026-01-16")
    at = run_app({"range": "1M"})
    strip = json.loads(at.get("plotly_chart")[0].proto.spec)["data"][0]
    assert len(strip["x"]) == 5
