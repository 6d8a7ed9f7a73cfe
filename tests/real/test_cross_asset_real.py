"""The cross-asset signals on the real histories in ../shared/market-data (skips without them)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dashboard.data import catalog
from dashboard.data.sources.csvdir import CsvDirSource
from dashboard.signals import events as ev
from dashboard.signals import rrg
from dashboard.signals.leadlag import cross_correlation

pytestmark = pytest.mark.realdata
IDS = ("IWM", "SPY", "ARKK", "BTC-USD", "GLD", "SLV", "XBI")


@pytest.fixture
def real(market_data):
    fetched = CsvDirSource(market_data).fetch([catalog.get(i) for i in IDS])
    return {i: fetched[i].series for i in IDS}


def test_iwm_all_time_high_event_study_on_the_full_history(real):
    iwm = real["IWM"]
    trig = ev.find_triggers(iwm, quiet=ev.DEFAULT_QUIET)
    assets = {k: real[k] for k in ("IWM", "ARKK", "BTC-USD", "GLD", "SLV", "XBI")}
    study = ev.event_study(trig, iwm, assets)
    table = study.table.set_index(["asset", "horizon"])
    print(f"\nIWM {iwm.index[0]:%Y-%m-%d}..{iwm.index[-1]:%Y-%m-%d}: {len(trig)} breakouts")
    print("dates:", ", ".join(f"{d:%Y-%m-%d}" for d in trig))
    cols = ["n_events", "mean", "ci_low", "ci_high", "baseline", "excess", "p_random"]
    print(table[cols].round(2).to_string())
    # plausible invariants
    assert 5 <= len(trig) <= 60
    assert (trig >= iwm.index[ev.DEFAULT_QUIET]).all()
    assert (np.diff(iwm.index.get_indexer(trig)) > ev.DEFAULT_QUIET).all()
    highs = ev.new_highs(iwm)
    assert highs[trig].all()
    n_iwm = table.loc[("IWM", 5), "n_events"]
    assert n_iwm in (len(trig), len(trig) - 1)  # the last may lack a +5 window
    assert table.loc[("IWM", 60), "n_events"] <= n_iwm
    # assets that start later see fewer episodes; XBI's file covers 2026 only
    assert table.loc[("ARKK", 5), "n_events"] < n_iwm
    assert table.loc[("XBI", 5), "n_events"] <= 1
    ok = table.dropna(subset=["mean"])
    assert (ok["ci_low"] <= ok["mean"]).all() and (ok["mean"] <= ok["ci_high"]).all()
    assert ((ok["p_random"] >= 0) & (ok["p_random"] <= 1)).all()
    # the baseline is on the same sessions: about the mean 20-session IWM return
    fwd = 100 * (iwm.shift(-20) / iwm - 1)
    assert table.loc[("IWM", 20), "baseline"] == pytest.approx(fwd.dropna().mean())
    assert table.loc[("IWM", 20), "baseline_n"] == len(iwm) - 20

    seq = ev.breakout_sequence(trig, iwm.index, assets)
    print(seq.summary.round(2).to_string())
    print("ARKK before BTC-USD:", seq.share_before("ARKK", "BTC-USD"))
    print("claimed order held:", seq.order_share, "of", seq.order_episodes)
    assert (seq.days["IWM"].dropna() == 0).all()


def test_rrg_and_lead_lag_on_real_prices(real):
    table = rrg.rrg_table({k: real[k] for k in ("IWM", "ARKK", "BTC-USD", "GLD")}, real["SPY"])
    print("\n", rrg.latest(table).drop(columns="date").round(2).to_string())
    assert set(table["asset"]) == {"IWM", "ARKK", "BTC-USD", "GLD"}
    assert table["quadrant"].isin(rrg.QUADRANTS).all()
    assert (table["date"].dt.day_of_week < 5).all()
    cc = cross_correlation(real["IWM"], real["SPY"])
    print("IWM/SPY peak lag", cc.peak_lag, round(cc.peak_correlation, 3))
    assert cc.peak_lag == 0 and cc.peak_correlation > 0.7
    btc = cross_correlation(real["IWM"], real["BTC-USD"])
    assert btc.profile["pairs"].max() < len(real["BTC-USD"])  # weekends dropped


def test_bundle_on_real_files_is_fast_enough_to_serve(real):
    import time

    assets = {k: real[k] for k in ("IWM", "ARKK", "BTC-USD", "XBI", "GLD", "SLV")}
    ev.cross_asset_bundle(assets, real["SPY"])
    start = time.perf_counter()
    bundle = ev.cross_asset_bundle(assets, real["SPY"])
    elapsed = time.perf_counter() - start
    print(f"\nbundle on real files: {elapsed * 1000:.0f} ms, {len(bundle.study.triggers)} triggers")
    assert "XBI" in bundle.short or "XBI" in set(bundle.rrg["asset"])
    assert isinstance(bundle.study.table, pd.DataFrame)
