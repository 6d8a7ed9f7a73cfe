"""The liquidity page in Streamlit's AppTest: which series is the total, cards, charts, bad data.

Data comes from small CSV files written into a temporary data folder (the csvdir source) or
from the demo source, so every expectation is known in advance.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.data import catalog
from dashboard.data.sources.csvdir import CsvDirSource
from dashboard.signals import liquidity as liq
from dashboard.ui.page import VIEW_KEY
from tests.app.helpers import event_marker_dates

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGE = "pages/liquidity.py"
WEEKS = pd.date_range("2023-01-04", "2026-01-14", freq="7D")  # Wednesdays, ICI's dates


def wall_of_cash() -> pd.Series:
    """Rises to 7,800 on 2025-11-19, then holds 1-2% below it: a turn confirmed in December."""
    n_up = WEEKS.get_loc(pd.Timestamp("2025-11-19")) + 1
    up = np.linspace(5200.0, 7800.0, n_up)
    down = np.array([7790, 7770, 7740, 7720, 7715, 7718, 7716, 7712], dtype=float)
    return pd.Series(np.r_[up, down], index=WEEKS)


def prices(seed: int, drift: float) -> pd.Series:
    days = pd.bdate_range("2022-06-01", "2026-01-16")
    rng = np.random.default_rng(seed)
    return pd.Series(100 * np.exp(np.cumsum(rng.normal(drift, 0.01, len(days)))), index=days)


def write_csv(folder: Path, name: str, values: pd.Series, header=("date", "value")) -> None:
    frame = pd.DataFrame({header[0]: values.index.strftime("%Y-%m-%d"), header[1]: values.values})
    frame.to_csv(folder / f"{name}.csv", index=False)


def write_prices(folder: Path) -> None:
    for name, seed in (("IWM", 1), ("SPY", 2)):
        close = prices(seed, 0.0003)
        frame = pd.DataFrame(
            {
                "Date": close.index.strftime("%Y-%m-%d"),
                "Open": close.values,
                "High": close.values * 1.01,
                "Low": close.values * 0.99,
                "Close": close.values,
                "Volume": 1000,
            }
        )
        frame.to_csv(folder / f"{name}.csv", index=False)


def quarterly_total_mn() -> pd.Series:
    idx = pd.date_range("2022-01-01", "2025-07-01", freq="QS")
    return pd.Series(np.linspace(5.0e6, 7.3e6, len(idx)), index=idx)


def retail_weekly() -> pd.Series:
    idx = pd.date_range("2023-01-02", "2026-01-12", freq="7D")  # H.6 weeks end on Mondays
    return pd.Series(np.linspace(1500.0, 2100.0, len(idx)), index=idx)


def use_folder(monkeypatch, folder: Path, sources: str = "csvdir") -> None:
    monkeypatch.setenv("ROTATION_DATA_DIR", str(folder))
    monkeypatch.setenv("ROTATION_SOURCES", sources)


def open_page(query: dict[str, str] | None = None) -> AppTest:
    """Open the liquidity page from a link carrying ``query``."""
    at = AppTest.from_file(APP, default_timeout=60)
    for name, value in (query or {}).items():
        at.query_params[name] = value
    at.switch_page(PAGE).run()  # the link opens this page: its own parameters are read here
    assert not at.exception, [e.value for e in at.exception]
    assert [t.value for t in at.title] == ["Money-market-fund liquidity"]
    return at


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [e.value for e in at.info] + [e.value for e in at.error]
    return "\n".join(str(p) for p in parts)


def charts(at: AppTest) -> int:
    return len(at.get("plotly_chart"))


# --- a user-supplied MMF_TOTAL.csv --------------------------------------------------------------
def test_user_file_takes_precedence_and_is_labelled(tmp_path, monkeypatch):
    write_csv(tmp_path, "MMF_TOTAL", wall_of_cash(), header=("date", "total"))
    write_csv(tmp_path, "MMMFFAQ027S", quarterly_total_mn(), ("observation_date", "MMMFFAQ027S"))
    write_prices(tmp_path)
    use_folder(monkeypatch, tmp_path, "csvdir,demo")
    at = open_page()

    page = texts(at)
    assert "Total: MMF_TOTAL · weekly · user-supplied" in page
    assert f"user-supplied file (csv (two-column layout): {tmp_path / 'MMF_TOTAL.csv'})" in page
    assert "not used as the total: MMMFFAQ027S" in page
    got = metrics(at)
    assert got["Total MMF assets"] == "$7.71T"  # 7,712 on 2026-01-14, from the file
    assert got["4-week change"] == f"{100 * (7712 / 7720 - 1):+.2f}%"
    assert got["Weeks since peak"] == "8"
    assert got["Turn"] == "detected 2026-01-14"
    # real data (a user file and prices) ending 2026-01-16: nothing scores today, so the page
    # stands on the last market close, where the user's total still scores
    assert "As of 2026-01-16, the last market close in the data" in page
    assert "mmf_trend: confirming" in page
    assert charts(at) == 4  # level, flows, overlay, lead-lag


def test_selection_reads_the_user_file_through_csvdir(tmp_path):
    write_csv(tmp_path, "MMF_TOTAL", wall_of_cash(), header=("date", "total"))
    fetched = CsvDirSource(tmp_path).fetch([catalog.get("MMF_TOTAL")])["MMF_TOTAL"]
    synthetic_quarterly = quarterly_total_mn()
    chosen = liq.select_series(
        {"MMF_TOTAL": fetched.series, "MMMFFAQ027S": synthetic_quarterly},
        synthetic={"MMMFFAQ027S"},
        origins={"MMF_TOTAL": fetched.origin},
    )
    assert chosen.total.series_id == "MMF_TOTAL" and not chosen.total.synthetic
    assert str(tmp_path / "MMF_TOTAL.csv") in chosen.total.description
    assert chosen.total.values.iloc[-1] == 7712.0


# --- FRED-style data only: quarterly total plus the retail proxy ---------------------------------
def test_quarterly_total_with_retail_flows(tmp_path, monkeypatch):
    write_csv(tmp_path, "MMMFFAQ027S", quarterly_total_mn(), ("observation_date", "MMMFFAQ027S"))
    write_csv(tmp_path, "WRMFNS", retail_weekly(), ("observation_date", "WRMFNS"))
    write_prices(tmp_path)
    use_folder(monkeypatch, tmp_path)
    at = open_page()

    page = texts(at)
    assert "Total: MMMFFAQ027S · quarterly · FRED" in page
    assert "Weekly flows: WRMFNS · weekly · FRED" in page
    assert "a proxy and not the total" in page
    got = metrics(at)
    assert got["Total MMF assets"] == "$7.30T"  # USD mn converted to USD bn
    assert "13-week change" in got
    assert charts(at) == 4


def test_retail_proxy_alone_is_never_called_the_total(tmp_path, monkeypatch):
    write_csv(tmp_path, "WRMFNS", retail_weekly(), ("observation_date", "WRMFNS"))
    use_folder(monkeypatch, tmp_path)
    at = open_page()

    assert "Total MMF assets" not in metrics(at)
    assert "Retail MMF assets (proxy)" in metrics(at)
    assert [s.value for s in at.subheader][0] == "Retail money funds (proxy, not the total)"
    page = texts(at)
    assert "No total is available" in page
    assert "mmf_trend: unavailable" in page
    assert "Needs IWM and SPY prices" in page


def test_no_mmf_data_stops_with_a_message(tmp_path, monkeypatch):
    write_prices(tmp_path)
    use_folder(monkeypatch, tmp_path)
    at = open_page()
    assert any("No money-market-fund series could be loaded" in e.value for e in at.error)
    assert not at.metric and charts(at) == 0


def test_short_history_explains_the_missing_lead_lag(tmp_path, monkeypatch):
    write_csv(tmp_path, "MMF_TOTAL", wall_of_cash().iloc[-12:], header=("date", "total"))
    write_prices(tmp_path)
    use_folder(monkeypatch, tmp_path)
    at = open_page()
    assert "Too little overlapping history" in texts(at)
    assert charts(at) == 3


# --- settings and shared state -------------------------------------------------------------------
def test_turn_rule_settings_change_the_detection(tmp_path, monkeypatch):
    write_csv(tmp_path, "MMF_TOTAL", wall_of_cash(), header=("date", "total"))
    use_folder(monkeypatch, tmp_path)
    at = open_page()
    assert metrics(at)["Turn"] == "detected 2026-01-14"
    at.number_input(key="liq_min_decline").set_value(2.0).run()
    assert not at.exception
    assert metrics(at)["Turn"] == "not detected"
    at.number_input(key="liq_min_decline").set_value(1.0)
    at.number_input(key="liq_min_weeks").set_value(2).run()
    assert metrics(at)["Turn"] == "detected 2025-12-31"
    # the same rule from a link (the settings are bound to the URL)
    linked = open_page({"liq_min_decline": "1.0", "liq_min_weeks": "2"})
    assert metrics(linked)["Turn"] == "detected 2025-12-31"


def test_range_from_a_link_applies_to_the_page(tmp_path, monkeypatch):
    write_csv(tmp_path, "MMF_TOTAL", wall_of_cash(), header=("date", "total"))
    use_folder(monkeypatch, tmp_path)
    at = open_page({"range": "3M"})
    assert at.session_state[VIEW_KEY].range_preset == "3M"
    assert "The running peak" not in texts(at)  # 2025-11-19 is inside the 3 months
    at = open_page({"range": "1M"})
    assert at.session_state[VIEW_KEY].range_preset == "1M"
    assert "The running peak (2025-11-19) is before this window" in texts(at)


# --- demo mode -----------------------------------------------------------------------------------
def test_demo_mode_shows_the_synthetic_total_labelled():
    at = open_page()
    assert any("Demo data: synthetic" in w.value for w in at.warning)
    page = texts(at)
    assert "Total: MMF_TOTAL · weekly · synthetic" in page
    assert "synthetic demo series" in page
    got = metrics(at)
    assert {"Total MMF assets", "4-week change", "Weeks since peak", "Turn"} <= set(got)
    assert charts(at) == 4


@pytest.mark.parametrize("preset", ["1M", "Max"])
def test_demo_mode_every_range_renders(preset):
    at = open_page({"range": preset})
    assert charts(at) >= 3


def test_demo_mode_event_timeline_on_the_dated_charts():
    at = open_page({"events": "true", "range": "Max"})
    # the weekly demo series ends on Wednesday 2026-01-14: the two events of that day fall in
    # the window, the five of 2026-01-15 do not
    notes = [c.value for c in at.caption if "Events marked: 2" in c.value]
    assert len(notes) == 3  # level, weekly flows, flows vs small caps; not the lead-lag bars
    assert event_marker_dates(at) == [{"2026-01-14"}] * 3 + [set()]
