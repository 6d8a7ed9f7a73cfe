"""Charts on the real public histories (../shared/market-data through the csvdir source; skipped
when the folder is absent), as of 2026-01-16, the thesis' week (issue 17).

What the files give (observed, asserted below):
* Philly Fed +14.2 and Empire State +6.9 against the recorded consensus for January 2026:
  solid, labelled bars as wide as a month; the claims file ends 2025-12-27 (model surprises).
* IWM against ^RUT moves in the fifth decimal of the ratio (about 0.0993): the ratio chart reads
  in percent since the window start.
* BTC-USD's +60-session mean after small caps' new highs is several times any other asset's,
  so each asset gets its own panel in the event study.
"""

from __future__ import annotations

import re
from datetime import date

import numpy as np
import pytest

from dashboard.charts import colors
from dashboard.data.load import load_series
from dashboard.signals import surprise as su
from dashboard.state import ViewState
from dashboard.views import macro, overview, small_caps
from tests.charts import consensus, view_charts

pytestmark = pytest.mark.realdata

DAY = date(2026, 1, 16)
MONTH_MS = 0.8 * 365.25 / 12 * 86_400_000


@pytest.fixture
def real(market_data, monkeypatch):
    monkeypatch.setenv("ROTATION_DATA_DIR", str(market_data))
    monkeypatch.setenv("ROTATION_SOURCES", "csvdir,demo")
    return load_series(overview.series_ids())


def test_the_thesis_prints_are_visible_bars_on_the_real_files(real):
    model = macro.build(real, ViewState(as_of=DAY), macro.Params(), DAY, consensus())
    panels = dict(macro.history_panels(model.history, "surprise"))
    for tab, label in (("Philly Fed", "+14.2"), ("Empire State", "+6.9")):
        bars = {t.name: t for t in panels[tab].figure.data}
        solid = bars["consensus surprise"]
        assert list(solid.text)[-1] == label
        assert solid.width == pytest.approx(MONTH_MS)
    claims = {t.name: t for t in panels["Jobless claims"].figure.data}
    assert len(claims["consensus surprise"].y) == 0  # the file ends before the 215k consensus
    assert claims["model surprise"].width == pytest.approx(0.8 * 7 * 86_400_000)


def test_iwm_against_the_russell_index_reads_in_percent(real):
    view = ViewState(benchmark="^RUT", range_preset="1M", as_of=DAY)
    model = small_caps.build(real, view, small_caps.Params(), DAY)
    raw = model.ratio.data["ratio"].dropna()
    assert 0.098 < raw.mean() < 0.101 and raw.max() - raw.min() < 0.0005
    line = np.asarray(model.ratio.figure.data[0].y, dtype="float64")
    assert line[0] == pytest.approx(0.0)
    assert model.ratio.figure.layout.yaxis.ticksuffix == "%"
    assert np.nanmax(np.abs(line)) == pytest.approx(
        100 * np.nanmax(np.abs(raw / raw.iloc[0] - 1)), rel=1e-9
    )
    card = dict((c.label, c.value) for c in model.cards)["20-session relative return"]
    assert re.search(r"[1-9]", card) and card.endswith("%"), card  # never "-0.00%"


def test_one_colour_per_ticker_and_a_panel_per_asset_on_the_real_files(real):
    charts = view_charts(real, DAY, ViewState(as_of=DAY))
    seen: dict[str, set[str]] = {}
    for chart in charts.values():
        for trace in chart.figure.data:
            color = getattr(getattr(trace, "line", None), "color", None)
            if trace.name in colors.TICKER_COLORS and isinstance(color, str):
                seen.setdefault(trace.name, set()).add(color)
    assert seen and all(c == {colors.ticker_color(n)} for n, c in seen.items()), seen
    study = charts["ca_events"]
    means = study.data.reset_index().set_index(["asset", "horizon"])["mean"]
    assert means.loc[("BTC-USD", 60)] > 3 * means.drop("BTC-USD", level="asset").abs().max()
    shown = means.dropna().index.get_level_values("asset").unique()
    axes = {t.name: t.yaxis for t in study.figure.data if t.type == "bar"}
    assert sorted(axes) == sorted(shown) and len(set(axes.values())) == len(shown)


def test_the_macro_series_are_the_files(real):
    assert {real.provenance[s].source for s in su.MACRO_IDS} == {"csvdir"}
