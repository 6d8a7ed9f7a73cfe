"""The signal library on 12 series x 40 years of daily data.

``REGISTRY`` lists named callables per signal module; each takes the dict of synthetic series
(id -> daily pd.Series) and runs one function the way a view would. Adding a function to the
benchmark is one line here. The scorecard (``scorecard.evaluate`` over ``SCORECARD``) is timed as
a whole on the same series.

Inputs a function needs in another shape (weekly and monthly samples of a daily series, the
series side by side in one frame) are derived once per :class:`SeriesSet` by the helpers below
and reused: deriving them is pandas resampling, not the signal library (a W-WED resample of 40
years alone takes about 15 ms in pandas 3). :func:`run` reports that preparation separately,
and also the total with every input derived inside each timed call, as the benchmark measured
before.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable, Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from dashboard.data import catalog
from dashboard.signals import (
    breakout,
    events,
    leadlag,
    liquidity,
    macro_global,
    relative,
    rrg,
    scorecard,
    streaks,
    surprise,
)

YEARS = 40
N_SERIES = 12
Series = Mapping[str, pd.Series]


_NATIVE = {"W": "W-SAT", "M": "MS", "Q": "QS", "BD": "B", "D": "D", "B": "B"}


class SeriesSet(dict):
    """Series by id, and the inputs derived from them (see the module docstring)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.derived: dict[tuple, object] = {}


def _derive(s: Series, key: tuple, make: Callable[[], object]):
    """``make()`` once per SeriesSet (every call on a plain mapping)."""
    cache = getattr(s, "derived", None)
    if cache is None:
        return make()
    if key not in cache:
        cache[key] = make()
    return cache[key]


def synthetic_series(n: int = N_SERIES, years: int = YEARS, seed: int = 7) -> SeriesSet:
    """The ``n`` market series (the catalog's Yahoo entries) as positive random walks over
    ``years`` of business days ending 2026-01-16, first; then every other series the scorecard
    needs at its own catalog frequency over the same years (a monthly survey has ~480 prints in
    40 years, not 10,000), values scaled to its kind."""
    index = pd.bdate_range(end="2026-01-16", periods=years * 261)
    rng = np.random.default_rng(seed)
    market = [s.id for s in catalog.CATALOG if s.provider == "yahoo"][:n]
    others = [i for i in scorecard.required_series() if i not in market]
    out = SeriesSet()
    for sid in market + others:
        walk = 100.0 * np.exp(np.cumsum(rng.normal(0.0002, 0.01, len(index))))
        daily = pd.Series(walk, index=index, name=sid)
        spec = catalog.BY_ID[sid]
        if sid in market:
            out[sid] = daily
        elif spec.kind == "macro" and spec.frequency == "M":  # a diffusion index around 0
            out[sid] = (daily.resample("MS").last().pct_change(fill_method=None) * 300).dropna()
        else:
            out[sid] = daily.resample(_NATIVE[spec.frequency]).last().dropna()
    return out


def _first(s: Series, k: int = 0) -> pd.Series:
    return list(s.values())[k]


def _weekly(s: Series) -> pd.Series:
    return _derive(s, ("weekly",), lambda: _first(s).resample("W-WED").last().dropna())


def _monthly(s: Series, k: int = 0) -> pd.Series:
    """A survey-like monthly series (diffusion index around 0), dated at month starts."""

    def make() -> pd.Series:
        values = _first(s, k).resample("MS").last()
        return (values.pct_change(fill_method=None) * 1000).dropna().rename(f"m{k}")

    return _derive(s, ("monthly", k), make)


def _quarterly(s: Series) -> pd.Series:
    return _derive(s, ("quarterly",), lambda: _first(s).resample("QS").last().dropna())


def _frame(s: Series) -> pd.DataFrame:
    """Every series side by side (outer join on dates)."""
    return _derive(s, ("frame",), lambda: pd.DataFrame(s))


def prepare(s: SeriesSet) -> float:
    """Derive every input the registry uses (once); returns the seconds it took."""
    start = time.perf_counter()
    _weekly(s), _monthly(s, 0), _monthly(s, 1), _quarterly(s), _frame(s)
    return time.perf_counter() - start


#: module -> [(name, callable(series))]. One line per function.
REGISTRY: dict[str, list[tuple[str, Callable[[Series], object]]]] = {
    "relative": [
        ("align(12 series)", lambda s: relative.align(s)),
        ("rebase(12 series)", lambda s: relative.rebase(_frame(s))),
        ("ratio", lambda s: relative.ratio(_first(s), _first(s, 1))),
        ("period_return x12 (252d)", lambda s: [relative.period_return(v, 252) for v in s.values()]),
        ("excess_return (63d)", lambda s: relative.excess_return(_first(s), _first(s, 1), 63)),
        ("relative_return (63d)", lambda s: relative.relative_return(_first(s), _first(s, 1), 63)),
        ("moving_average x12 (200d)", lambda s: [relative.moving_average(v, 200) for v in s.values()]),
    ],
    "liquidity": [
        ("change_table (weekly)", lambda s: liquidity.change_table(_weekly(s))),
        ("flow_zscore (weekly)", lambda s: liquidity.flow_zscore(liquidity.change(_weekly(s)).dropna())),
        ("detect_turns (weekly)", lambda s: liquidity.detect_turns(_weekly(s))),
        ("lead_lag (weekly)", lambda s: liquidity.lead_lag(
            liquidity.pct_change(_weekly(s)).dropna(),
            liquidity.weekly_relative_return(_first(s, 1), _first(s, 2), _weekly(s).index))),
    ],
    "streaks": [
        ("compute_streaks (pair)", lambda s: streaks.compute_streaks(_first(s), _first(s, 1))),
    ],
    "breakout": [
        ("analyse (prior peak, drawdown)", lambda s: breakout.analyse(_first(s), "2022-01-01")),
    ],
    "surprise": [
        ("surprise_table x2 (monthly)", lambda s: [
            surprise.surprise_table(_monthly(s, k), sid)
            for k, sid in enumerate(("GACDFSA066MSFRBPHI", "GACDISA066MSFRBNY"))]),
        ("composite_index (monthly)", lambda s: surprise.composite_index({
            sid: surprise.surprise_table(_monthly(s, k), sid)
            for k, sid in enumerate(("GACDFSA066MSFRBPHI", "GACDISA066MSFRBNY"))})),
    ],
    "rrg": [
        ("rrg x6 (weekly)", lambda s: [rrg.rrg(_first(s, k), _first(s, 1)) for k in range(2, 8)]),
    ],
    "leadlag": [
        ("cross_correlation (daily, +-20)", lambda s: leadlag.cross_correlation(
            _first(s), _first(s, 1), max_lag=20)),
    ],
    "events": [
        ("event_study (ath, 6 assets)", lambda s: events.event_study(
            events.find_triggers(_first(s)), _first(s), {f"a{k}": _first(s, k) for k in range(1, 7)})),
    ],
    "macro_global": [
        ("qoq_growth (quarterly)", lambda s: macro_global.qoq_growth(_quarterly(s))),
        ("latest_change (20d)", lambda s: macro_global.latest_change(_first(s))),
    ],
}  # fmt: skip


def cross_asset_view(assets: int = 8, years: int = 25, repeats: int = 5) -> dict:
    """Everything the Cross-asset view computes (``events.cross_asset_bundle``: RRG tails,
    lead-lag matrix, event study with bootstrap, breakout sequence) for ``assets`` daily series
    of ``years`` years against a benchmark: the issue's 300 ms budget."""
    index = pd.bdate_range(end="2026-01-16", periods=years * 261)
    rng = np.random.default_rng(11)
    walks = {
        f"A{k}": pd.Series(100 * np.exp(np.cumsum(rng.normal(3e-4, 0.012, len(index)))), index)
        for k in range(assets)
    }
    bench = pd.Series(100 * np.exp(np.cumsum(rng.normal(2e-4, 0.01, len(index)))), index)
    seconds = median_time(
        lambda: events.cross_asset_bundle(
            walks, bench, trigger_asset="A0", trigger_prices=walks["A0"]
        ),
        repeats,
    )
    return {"assets": assets, "points": len(index), "seconds": seconds}


def thesis_timeline(years: int = 2, repeats: int = 5) -> dict:
    """The Overview's thesis timeline: every signal's status each week over ``years`` years,
    each point in time (``scorecard.history``), warm (after one run: imports and first-call
    costs paid, nothing of the result kept), on the 40-year synthetic series and on the demo
    data (what the app shows without a data folder). The issue's budget: 2 years weekly < 1 s."""
    from dashboard import scoring
    from dashboard.data.load import fetch_series
    from dashboard.data.sources.demo import DEMO_END
    from dashboard.settings import Settings

    end = pd.Timestamp("2026-01-16")
    dates = pd.date_range(end=end, periods=years * 52 + 1, freq="7D")
    series = synthetic_series()
    out = {"weeks": len(dates), "specs": len(scorecard.SCORECARD)}
    out["synthetic_s"] = median_time(
        lambda: scorecard.history(scorecard.SCORECARD, series, dates), repeats
    )
    with tempfile.TemporaryDirectory(prefix="rr-bench-timeline-") as cache:
        settings = Settings(cache_dir=Path(cache), data_dir=None, sources=("demo",))
        demo = fetch_series(scorecard.required_series(), settings)
    demo_dates = pd.date_range(end=pd.Timestamp(DEMO_END), periods=len(dates), freq="7D")
    out["demo_s"] = median_time(lambda: scoring.timeline(demo, demo_dates), repeats)
    return out


def median_time(fn: Callable[[], object], repeats: int = 7) -> float:
    """Median wall time in seconds over ``repeats`` runs (after one warm-up run)."""
    fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run(repeats: int = 7) -> dict:
    """Median seconds per registry function and for the scorecard, on prepared inputs; plus
    ``unprepared_s``: the same total with the inputs derived inside every timed call."""
    series = synthetic_series()
    prepare_s = prepare(series)
    rows = []
    for module, entries in REGISTRY.items():
        for name, fn in entries:
            rows.append((module, name, median_time(lambda fn=fn: fn(series), repeats)))
    scorecard_s = median_time(lambda: scorecard.evaluate(scorecard.SCORECARD, series), repeats)
    walls, cpus = [], []
    for _ in range(repeats):  # the whole library in one pass: wall and CPU time of the process
        wall, cpu = time.perf_counter(), time.process_time()
        for entries in REGISTRY.values():
            for _, fn in entries:
                fn(series)
        scorecard.evaluate(scorecard.SCORECARD, series)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    plain = dict(series)  # no derived inputs kept: each call resamples again
    unprepared = sum(
        median_time(lambda fn=fn: fn(plain), repeats)
        for entries in REGISTRY.values()
        for _, fn in entries
    )
    return {
        "series": len(series),
        "points": len(next(iter(series.values()))),
        "rows": rows,
        "scorecard_s": scorecard_s,
        "specs": len(scorecard.SCORECARD),
        "total_s": scorecard_s + sum(r[2] for r in rows),
        "prepare_s": prepare_s,
        "unprepared_s": scorecard_s + unprepared,
        "pass_wall_s": statistics.median(walls),
        "pass_cpu_s": statistics.median(cpus),
    }
