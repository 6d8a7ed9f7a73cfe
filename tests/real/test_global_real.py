"""Global signals and page on the real files (../shared/market-data): German GDP, the UK file
that ends in 2019, DFII10, copper; DTWEXBGS is absent there."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from dashboard import scoring
from dashboard.data.load import fetch_series
from dashboard.signals import macro_global as mg
from dashboard.signals import scorecard as rules
from dashboard.signals.scorecard import global_view as global_view_rules
from tests.app.helpers import assert_clean, run_app, texts

pytestmark = pytest.mark.realdata


@pytest.fixture
def real(market_data, monkeypatch):
    monkeypatch.setenv("ROTATION_DATA_DIR", str(market_data))
    monkeypatch.setenv("ROTATION_SOURCES", "csvdir")
    return fetch_series(
        (mg.GERMANY, mg.UK, mg.COPPER_MONTHLY, mg.COPPER_FUTURES, mg.DOLLAR, mg.REAL_YIELD)
    )


def test_real_files_load_and_dollar_is_missing(real):
    for sid in (mg.GERMANY, mg.UK, mg.COPPER_MONTHLY, mg.COPPER_FUTURES, mg.REAL_YIELD):
        assert real.provenance[sid].source == "csvdir", sid
    assert real.provenance[mg.UK].last_date == date(2019, 10, 1)  # via the alias file
    assert not real.provenance[mg.DOLLAR].available


def test_german_growth_hand_computed_from_the_file(real, market_data):
    raw = pd.read_csv(market_data / "CLVMNACSCAB1GQDE.csv", index_col=0, parse_dates=True)
    level = raw.iloc[:, 0]
    expected = 100 * (level.loc["2025-07-01"] / level.loc["2025-04-01"] - 1)
    assert mg.qoq_growth(real.get(mg.GERMANY)).loc["2025-07-01"] == pytest.approx(expected)


def test_scorecard_on_2026_01_16(real):
    signals = {s.id: s for s in scoring.compute(real, as_of=date(2026, 1, 16))}
    growth, yields = signals["global_growth"], signals["real_yields"]
    # UK ends 2019Q4: stale, its last reading the newest quarter both published (2019Q4), never
    # a two-country average of different quarters; Germany's 2025Q3 print is named
    assert growth.status == "stale" and "UK 2019Q4" in growth.detail
    assert growth.as_of == date(2019, 10, 1) and growth.last_status is not None
    assert "Germany 2025Q3" in growth.detail and "STALE" in growth.detail
    # DFII10: 1.88 on 2026-01-15 vs 1.92 on 2025-12-16
    assert yields.value == pytest.approx(-0.04, abs=1e-9)
    assert yields.status == "contradicting" and yields.as_of == date(2026, 1, 15)


def test_real_yield_history_has_both_signs(real):
    change = mg.level_change(real.get(mg.REAL_YIELD), 20).dropna()
    assert (change > 0).sum() > 1000 and (change < 0).sum() > 1000
    statuses = {
        rules.evaluate([global_view_rules.REAL_YIELDS], real.series, as_of=pd.Timestamp(d))[
            0
        ].status
        for d in ("2022-06-30", "2020-03-31", "2023-10-31", "2024-09-30")
    }
    assert {"confirming", "contradicting"} <= statuses


def test_page_on_real_files(market_data, monkeypatch):
    monkeypatch.setenv("ROTATION_DATA_DIR", str(market_data))
    monkeypatch.setenv("ROTATION_SOURCES", "csvdir")
    at = run_app({"asof": "2026-01-16", "range": "Max"}, page="global_view")
    assert_clean(at)
    text = texts(at)
    assert "Broad US dollar (DTWEXBGS) is not loaded" in text
    assert "Demo data" not in text
    assert {m.label for m in at.metric} >= {"Germany real GDP 2025Q3, q/q", "DFII10 on 2026-01-15"}


def test_overview_on_an_old_data_folder_offers_the_last_close(monkeypatch, market_data):
    monkeypatch.setenv("ROTATION_DATA_DIR", str(market_data))
    monkeypatch.setenv("ROTATION_SOURCES", "csvdir,demo")
    # the folder's prices end 2026-10-05: nothing scores today, so the Overview opens on the
    # last market close, says so, and offers today
    at = run_app()
    assert_clean(at)
    text = texts(at)
    assert "Scorecard as of 2026-10-05, the last market close in the data" in text
    assert "Nothing is fresh on today's date" in text
    assert text.count("enough to score") == 1  # said once, in the notice, not again below it
    button = next(b for b in at.button if b.label.startswith("Score as of "))
    assert button.label == f"Score as of today ({date.today():%Y-%m-%d})"
    button.click().run()
    assert_clean(at)
    assert at.date_input(key="asof").value == date.today()
    text = texts(at)
    assert "12 stale (last readings 2019-10-01 to 2026-10-05)" in text
    tally = next(m.value for m in at.markdown if m.value.startswith("### "))
    assert ":gray-badge[:material/help: 0 unavailable]" in tally
    # and back
    back = next(b for b in at.button if b.label.startswith("Score as of "))
    assert back.label == "Score as of 2026-10-05 (last market close)"
    back.click().run()
    assert_clean(at)
    assert "Scorecard as of 2026-10-05" in texts(at)


@pytest.mark.parametrize(
    ("page", "said"),
    [
        ("macro", "Latest releases as of 2026-10-05"),
        ("global_view", "2026-10-05, the last market close in the data"),
        ("small_caps", "IWM against SPY on 2026-10-05"),
    ],
)
def test_every_view_opens_on_the_overviews_day(monkeypatch, market_data, page, said):
    """A view of a few series stands on the Overview's day (the last market close when nothing
    is fresh today), not on today: going from a card to its view keeps the date. The Macro and
    Global views hold no market close of their own, so alone they would stand on today."""
    monkeypatch.setenv("ROTATION_DATA_DIR", str(market_data))
    monkeypatch.setenv("ROTATION_SOURCES", "csvdir,demo")
    at = run_app(page=page)
    assert_clean(at)
    text = "\n".join([texts(at), *(h.value for h in at.subheader)])
    assert said in text
    assert f"as of {date.today():%Y-%m-%d}" not in text
