"""Event studies: what each asset did after small caps broke out, against what it does anyway.

The thesis: when small caps break to all-time highs, liquidity flows small caps -> high growth
(ARKK) -> crypto (BTC-USD) while gold and silver (GLD, SLV) stall; biotech (XBI) catches up.
This module tests that claim on history.

Triggers (on the trigger asset's own sessions, each using only data up to that session)
----------------------------------------------------------------------------------------------
``ath``     the close is a new all-time high, ``P_t > max(P_s, s < t)`` (the running maximum of
            every earlier close; the first close is not a high), and none of the previous
            ``quiet`` sessions (default 60) was one: a breakout after a pause, not every day of
            a trend. The trigger also needs ``quiet`` sessions of history before it.
``streak``  the trigger asset has beaten the benchmark (higher daily % return on their common
            sessions) for ``streak`` sessions in a row (default 5): the session on which the
            run first reaches that length.
``cooldown`` (sessions, default 0 = off): after a kept trigger, triggers in the next
            ``cooldown`` sessions are dropped, so windows of that length never overlap.

Forward returns and the baseline (per asset ``X`` and horizon ``h``, in %)
---------------------------------------------------------------------------------
Calendars: crypto trades 7 days a week, ETFs 5. Every asset is put on its common dates with the
trigger asset (:func:`dashboard.signals.relative.align`), i.e. on equity sessions, so "+20"
means 20 equity sessions and BTC-USD's weekend moves fall into Monday's return.

    fwd_h(t) = 100 * (X_{t+h} / X_t - 1)     t+h = h common sessions after t

``V_h`` is the set of sessions with a complete forward window (``X_t`` and ``X_{t+h}`` both
exist). Events are the triggers in ``V_h``; the **baseline** is the mean of ``fwd_h`` over all
of ``V_h``: the same sessions and history the events are drawn from (events included: it is
the unconditional mean). ``excess = event mean - baseline`` (pp).

Uncertainty (numpy, seeded, vectorised; ``n_boot`` resamples, default 2000):

* ``ci_low .. ci_high``: percentile bootstrap of the event mean (resampling the ``n`` event
  returns with replacement); ``excess_ci_*`` is the same interval minus the baseline.
* ``p_random``: two-sided share of ``n_boot`` random draws of ``n`` sessions from ``V_h`` whose
  mean is at least as far from the baseline as the event mean: how unusual the events are
  against random dates on the same sessions. With few episodes (say under 10) neither is
  reliable; overlapping windows (no cool-down) make both too narrow.

Each (asset, horizon) has its own random stream seeded by ``(seed, crc32(asset), h)``, so adding
an asset to the view never changes another asset's interval.

The sequence
------------
After each trigger ``t``, the number of trigger-asset sessions until each asset's own first new
all-time high in ``[t, t + sequence_horizon]`` (0: on the trigger session). An asset's highs are
judged on its own full calendar (a BTC-USD high on a Saturday counts on the next session). An
asset needs a year of history before ``t`` to count; an episode whose window runs past the data
without a breakout is unknown and left out of the summary. The summary per asset: episodes,
breakouts, share, median and mean sessions to the breakout; ``first[i, j]``: among episodes
where ``i`` or ``j`` broke out, the share in which ``i`` broke out strictly first; and the
share of episodes in which the claimed order (IWM, then ARKK, then BTC-USD, ties allowed) held.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from dashboard.signals import rrg as rrg_mod
from dashboard.signals._checks import positive_int, prices
from dashboard.signals.breakout import new_highs
from dashboard.signals.leadlag import lead_lag_matrix
from dashboard.signals.relative import align, rebase
from dashboard.signals.streaks import compute_streaks

Trigger = Literal["ath", "streak"]
TRIGGERS: dict[str, str] = {
    "ath": "Small caps at a new all-time high",
    "streak": "Small caps outperformance streak",
}
DEFAULT_TRIGGER: Trigger = "ath"
DEFAULT_HORIZONS: tuple[int, ...] = (5, 20, 60)
DEFAULT_QUIET = 60
DEFAULT_STREAK = 5
DEFAULT_COOLDOWN = 0
DEFAULT_N_BOOT = 2000
DEFAULT_SEED = 20260116
DEFAULT_LEVEL = 0.95
DEFAULT_SEQUENCE_HORIZON = 60
#: History an asset needs before a trigger for its "own new high" to mean something.
MIN_HISTORY = pd.Timedelta(days=365)
TRIGGER_ASSET = "IWM"
CLAIMED_ORDER: tuple[str, ...] = ("IWM", "ARKK", "BTC-USD")
DEFAULT_ASSETS: tuple[str, ...] = ("IWM", "ARKK", "BTC-USD", "XBI", "GLD", "SLV")


# --- triggers -----------------------------------------------------------------------------------
def ath_triggers(values: pd.Series, quiet: int = DEFAULT_QUIET) -> pd.Series:
    """New all-time high after at least ``quiet`` sessions without one (bool, see module doc)."""
    quiet = positive_int(quiet, "quiet")
    high = new_highs(values).to_numpy()
    pos = np.arange(len(high))
    last = pd.Series(np.where(high, pos, np.nan)).ffill().shift(1).to_numpy()
    gap = pos - np.where(np.isnan(last), -np.inf, last)  # sessions since the previous high
    fired = high & (gap > quiet) & (pos >= quiet)
    return pd.Series(fired, index=prices(values).index, name="trigger")


def streak_triggers(a: pd.Series, b: pd.Series, streak: int = DEFAULT_STREAK) -> pd.Series:
    """The session on which ``a``'s outperformance run against ``b`` first reaches ``streak``."""
    streak = positive_int(streak, "streak")
    run = compute_streaks(a, b, small_name="a", bench_name="b").sessions["streak"]
    return (run == streak).rename("trigger")


def apply_cooldown(triggers: pd.Series, cooldown: int) -> pd.Series:
    """Drop triggers within ``cooldown`` sessions after a kept one (0: keep all)."""
    cooldown = positive_int(cooldown, "cooldown", minimum=0)
    flags = triggers.fillna(False).astype(bool)
    if cooldown == 0 or not flags.any():
        return flags
    positions = np.flatnonzero(flags.to_numpy())
    kept, next_allowed = [], -1
    for p in positions:  # one step per trigger (tens to hundreds), not per session
        if p >= next_allowed:
            kept.append(p)
            next_allowed = p + cooldown + 1
    out = np.zeros(len(flags), dtype=bool)
    out[kept] = True
    return pd.Series(out, index=flags.index, name=triggers.name)


def find_triggers(
    trigger_prices: pd.Series,
    *,
    trigger: Trigger = DEFAULT_TRIGGER,
    benchmark: pd.Series | None = None,
    quiet: int = DEFAULT_QUIET,
    streak: int = DEFAULT_STREAK,
    cooldown: int = DEFAULT_COOLDOWN,
) -> pd.DatetimeIndex:
    """Trigger dates (after the cool-down) for the chosen rule."""
    if trigger == "ath":
        flags = ath_triggers(trigger_prices, quiet)
    elif trigger == "streak":
        if benchmark is None:
            raise ValueError("the streak trigger needs a benchmark")
        flags = streak_triggers(trigger_prices, benchmark, streak)
    else:
        raise ValueError(f"trigger must be one of {', '.join(TRIGGERS)}, got {trigger!r}")
    flags = apply_cooldown(flags, cooldown)
    return pd.DatetimeIndex(flags.index[flags.to_numpy()])


def describe_trigger(
    trigger: Trigger, *, asset: str, benchmark: str, quiet: int, streak: int, cooldown: int
) -> str:
    """The rule in words, for captions."""
    if trigger == "ath":
        text = f"{asset} closes at a new all-time high after at least {quiet} sessions without one"
    else:
        text = f"{asset} beats {benchmark} for {streak} sessions in a row (first session)"
    return text + (f"; cool-down {cooldown} sessions" if cooldown else "")


# --- forward returns ----------------------------------------------------------------------------
def forward_returns(values: pd.Series, horizons: Sequence[int] = DEFAULT_HORIZONS) -> pd.DataFrame:
    """``100 * (P_{t+h} / P_t - 1)`` per horizon ``h`` (columns ``h``), NaN where incomplete."""
    s = prices(values)
    s = s.where(s > 0)
    out = {int(h): 100.0 * (s.shift(-positive_int(h, "horizon")) / s - 1.0) for h in horizons}
    return pd.DataFrame(out, index=s.index)


def _rng(seed: int, asset: str, horizon: int) -> np.random.Generator:
    return np.random.default_rng([seed, zlib.crc32(asset.encode()), horizon])


def bootstrap_means(
    x: np.ndarray, n_boot: int, rng: np.random.Generator, size: int | None = None
) -> np.ndarray:
    """``n_boot`` means of ``size`` (default ``len(x)``) draws from ``x`` with replacement."""
    idx = rng.integers(0, len(x), size=(n_boot, len(x) if size is None else size))
    return x[idx].mean(axis=1)


@dataclass(frozen=True, slots=True)
class EventStudy:
    """Forward returns after triggers against the baseline on the same sessions."""

    triggers: pd.DatetimeIndex  #: trigger dates after the cool-down
    table: pd.DataFrame  #: one row per (asset, horizon), see :func:`event_study`
    returns: pd.DataFrame  #: index trigger date, columns (asset, horizon): fwd returns in %
    horizons: tuple[int, ...]
    level: float
    n_boot: int
    description: str = ""
    notes: Mapping[str, str] = field(default_factory=dict)  #: asset -> why it has no events


TABLE_COLUMNS = (
    "asset",
    "horizon",
    "n_events",
    "mean",
    "median",
    "hit_rate",
    "ci_low",
    "ci_high",
    "baseline",
    "baseline_n",
    "excess",
    "excess_ci_low",
    "excess_ci_high",
    "p_random",
    "first",
    "last",
)


def _forward(closes: np.ndarray, h: int) -> np.ndarray:
    """:func:`forward_returns` for one horizon, on the closes' positions."""
    x = np.where(closes > 0, closes, np.nan)
    later = np.full(len(x), np.nan)
    later[: max(len(x) - h, 0)] = x[h:]
    with np.errstate(all="ignore"):  # as pandas arithmetic: inf and NaN, no warnings
        return 100.0 * (later / x - 1.0)


def _summarise(
    fwd: np.ndarray,
    dates: pd.DatetimeIndex,
    events: np.ndarray,
    asset: str,
    h: int,
    n_boot: int,
    level: float,
    seed: int,
) -> dict:
    """One table row: ``fwd`` holds the forward returns on ``dates``; ``events`` the positions
    (ascending) of the trigger dates on that calendar."""
    complete = ~np.isnan(fwd)
    at = events[complete[events]]
    x = fwd[at]
    base = fwd[complete]
    n = len(x)
    baseline = float(base.mean()) if len(base) else np.nan
    row = {
        "asset": asset,
        "horizon": h,
        "n_events": n,
        "baseline": baseline,
        "baseline_n": len(base),
        "first": dates[at[0]] if n else pd.NaT,
        "last": dates[at[-1]] if n else pd.NaT,
    }
    if n == 0:
        return row | dict.fromkeys(
            ("mean", "median", "hit_rate", "ci_low", "ci_high", "excess")
            + ("excess_ci_low", "excess_ci_high", "p_random"),
            np.nan,
        )
    rng = _rng(seed, asset, h)
    tail = 100 * (1 - level) / 2
    boots = bootstrap_means(x, n_boot, rng)
    lo, hi = np.percentile(boots, [tail, 100 - tail])
    placebo = bootstrap_means(base, n_boot, rng, size=n)
    mean = float(x.mean())
    far = np.abs(placebo - baseline) >= abs(mean - baseline) - 1e-12
    return row | {
        "mean": mean,
        "median": float(np.median(x)),
        "hit_rate": float((x > 0).mean()),
        "ci_low": float(lo),
        "ci_high": float(hi),
        "excess": mean - baseline,
        "excess_ci_low": float(lo) - baseline,
        "excess_ci_high": float(hi) - baseline,
        "p_random": float(far.mean()),
    }


def event_study(
    triggers: pd.DatetimeIndex,
    trigger_prices: pd.Series,
    assets: Mapping[str, pd.Series],
    *,
    horizons: Sequence[int] = DEFAULT_HORIZONS,
    n_boot: int = DEFAULT_N_BOOT,
    level: float = DEFAULT_LEVEL,
    seed: int = DEFAULT_SEED,
    description: str = "",
) -> EventStudy:
    """Forward returns of each asset after ``triggers`` against its baseline (module docstring).

    ``table`` columns: ``asset``, ``horizon`` (sessions), ``n_events``, ``mean``, ``median``
    (% forward return over the events), ``hit_rate`` (share > 0), ``ci_low``/``ci_high``
    (bootstrap interval of the mean), ``baseline`` (mean over every session with a complete
    window), ``baseline_n``, ``excess`` and its interval (pp), ``p_random``, ``first``/``last``
    event dates used.
    """
    horizons = tuple(positive_int(h, "horizon") for h in horizons)
    n_boot = positive_int(n_boot, "n_boot", minimum=100)
    if not 0 < level < 1:
        raise ValueError(f"level must be in (0, 1), got {level!r}")
    base = prices(trigger_prices, "trigger")
    triggers = pd.DatetimeIndex(triggers)
    distinct = triggers.unique().sort_values()
    rows, columns, notes = [], {}, {}
    for name, values in assets.items():
        name = str(name)
        frame = align({"t": base, "x": values}).frame
        if frame.empty:
            notes[name] = "no sessions in common with the trigger asset"
            continue
        dates, closes = frame.index, frame["x"].to_numpy()
        found = dates.get_indexer(distinct)
        events = found[found >= 0]  # trigger dates on this calendar, ascending
        if not len(events):
            notes[name] = (
                f"no trigger falls within its history ({dates[0]:%Y-%m-%d} to {dates[-1]:%Y-%m-%d})"
            )
        on_triggers = dates.get_indexer(triggers)
        for h in horizons:
            fwd = _forward(closes, h)
            rows.append(_summarise(fwd, dates, events, name, h, n_boot, level, seed))
            columns[(name, h)] = np.where(on_triggers >= 0, fwd[on_triggers], np.nan)
    table = pd.DataFrame(rows, columns=list(TABLE_COLUMNS))
    if columns:
        names = pd.MultiIndex.from_tuples(list(columns), names=["asset", "horizon"])
        values = np.column_stack(list(columns.values()))
        returns = pd.DataFrame(values, index=triggers, columns=names)
    else:
        returns = pd.DataFrame(columns, index=triggers)
    return EventStudy(triggers, table, returns, horizons, level, n_boot, description, notes)


# --- the sequence of breakouts ------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class BreakoutSequence:
    """Sessions from each trigger to each asset's own first new all-time high."""

    days: pd.DataFrame  #: index trigger date, column per asset; NaN = none in the window/unknown
    known: pd.DataFrame  #: same shape, bool: the outcome is known (breakout, or full window)
    summary: pd.DataFrame  #: per asset: episodes, breakouts, share, median_days, mean_days
    first: pd.DataFrame  #: first[i, j]: share of episodes in which i broke out before j
    order: tuple[str, ...]  #: the claimed order tested
    order_share: float | None  #: share of episodes (all of ``order`` known) where it held
    order_episodes: int
    horizon: int

    def share_before(self, a: str, b: str) -> float | None:
        try:
            value = self.first.loc[a, b]
        except KeyError:
            return None
        return None if pd.isna(value) else float(value)


def _sessions_to_breakout(
    calendar: pd.DatetimeIndex, triggers: pd.DatetimeIndex, values: pd.Series, horizon: int
) -> tuple[np.ndarray, np.ndarray]:
    s = prices(values)
    n = len(triggers)
    if s.empty:
        return np.full(n, np.nan), np.zeros(n, dtype=bool)
    high_dates = s.index[new_highs(s).to_numpy()]
    t_pos = calendar.searchsorted(triggers)
    # the first own high dated on or after the trigger day (a high before it, e.g. on the
    # weekend before a Monday trigger, is not a breakout after the trigger), on the session
    # calendar: a weekend high counts on the next session
    nxt = high_dates.searchsorted(triggers)
    found = nxt < len(high_dates)
    first_high = (
        high_dates[np.minimum(nxt, max(len(high_dates) - 1, 0))] if len(high_dates) else triggers
    )
    session = calendar.searchsorted(first_high)
    gap = np.where(found, session - t_pos, np.inf)
    days = np.where(gap <= horizon, gap, np.nan)
    end_pos = t_pos + horizon
    data_end = calendar.searchsorted(s.index[-1], side="right") - 1
    complete = (end_pos <= len(calendar) - 1) & (end_pos <= data_end)
    history_ok = (triggers - s.index[0]) >= MIN_HISTORY
    known = history_ok & (np.isfinite(days) | complete)
    days = np.where(history_ok, days, np.nan)
    return days.astype("float64"), np.asarray(known, dtype=bool)


def breakout_sequence(
    triggers: pd.DatetimeIndex,
    calendar: pd.DatetimeIndex,
    assets: Mapping[str, pd.Series],
    *,
    horizon: int = DEFAULT_SEQUENCE_HORIZON,
    order: Sequence[str] = CLAIMED_ORDER,
) -> BreakoutSequence:
    """The order in which assets made their own new highs after each trigger (module doc).

    ``calendar`` is the trigger asset's sessions (the unit of "sessions to the breakout")."""
    horizon = positive_int(horizon, "horizon", minimum=0)
    calendar = pd.DatetimeIndex(calendar)
    triggers = pd.DatetimeIndex(triggers).intersection(calendar)
    days, known = {}, {}
    for name, values in assets.items():
        d, k = _sessions_to_breakout(calendar, triggers, values, horizon)
        days[str(name)], known[str(name)] = d, k
    days_f = pd.DataFrame(days, index=triggers)
    known_f = pd.DataFrame(known, index=triggers)
    summary = {}
    for name in days_f.columns:
        d = days_f[name][known_f[name]]
        hit = d.dropna()
        summary[name] = {
            "episodes": len(d),
            "breakouts": len(hit),
            "share": len(hit) / len(d) if len(d) else np.nan,
            "median_days": float(hit.median()) if len(hit) else np.nan,
            "mean_days": float(hit.mean()) if len(hit) else np.nan,
        }
    summary_f = pd.DataFrame.from_dict(summary, orient="index")
    names = list(days_f.columns)
    first = pd.DataFrame(np.nan, index=names, columns=names)
    for a in names:
        for b in names:
            if a == b:
                continue
            both = known_f[a] & known_f[b]
            da = days_f[a][both].fillna(np.inf).to_numpy()
            db = days_f[b][both].fillna(np.inf).to_numpy()
            any_ = np.isfinite(da) | np.isfinite(db)
            if any_.any():
                first.loc[a, b] = float((da[any_] < db[any_]).mean())
    present = tuple(o for o in order if o in days_f.columns)
    order_share, order_n = None, 0
    if len(present) >= 2:
        ok = known_f[list(present)].all(axis=1)
        d = days_f.loc[ok, list(present)].to_numpy()
        order_n = int(ok.sum())
        if order_n:
            held = np.isfinite(d).all(axis=1) & (np.diff(d, axis=1) >= 0).all(axis=1)
            order_share = float(held.mean())
    return BreakoutSequence(
        days_f, known_f, summary_f, first, present, order_share, order_n, horizon
    )


# --- everything the page needs, in one call -----------------------------------------------------
@dataclass(frozen=True, slots=True)
class CrossAssetBundle:
    rrg: pd.DataFrame  #: :func:`dashboard.signals.rrg.rrg_table`
    leadlag: pd.DataFrame  #: lead-lag matrix (asset x lag) against the trigger asset
    leadlag_summary: pd.DataFrame
    study: EventStudy
    sequence: BreakoutSequence
    alignment: Mapping[str, str]  #: asset -> the calendar note against the benchmark
    short: Mapping[str, str]  #: asset -> why it is missing from a chart


def rebased_performance(
    assets: Mapping[str, pd.Series], benchmark: pd.Series, start, end, *, base: float = 100.0
) -> pd.DataFrame:
    """Each asset (and nothing else) on the benchmark's sessions in ``[start, end]``, rebased
    to ``base`` at its own first close in the window; columns in input order."""
    cols = {}
    lo, hi = pd.Timestamp(start), pd.Timestamp(end)
    for name, values in assets.items():
        frame = align({"x": values, "b": benchmark}).frame
        cols[str(name)] = frame["x"].loc[lo:hi] if not frame.empty else pd.Series(dtype=float)
    if not cols:
        return pd.DataFrame()
    return rebase(pd.DataFrame(cols), base)


def cross_asset_bundle(
    assets: Mapping[str, pd.Series],
    benchmark: pd.Series,
    *,
    benchmark_id: str = "SPY",
    trigger_asset: str = TRIGGER_ASSET,
    trigger_prices: pd.Series | None = None,
    rrg_end=None,
    trigger: Trigger = DEFAULT_TRIGGER,
    quiet: int = DEFAULT_QUIET,
    streak: int = DEFAULT_STREAK,
    cooldown: int = DEFAULT_COOLDOWN,
    horizons: Sequence[int] = DEFAULT_HORIZONS,
    n_boot: int = DEFAULT_N_BOOT,
    seed: int = DEFAULT_SEED,
    sequence_horizon: int = DEFAULT_SEQUENCE_HORIZON,
    tail: int = rrg_mod.DEFAULT_TAIL,
    rrg_freq: rrg_mod.Frequency = rrg_mod.DEFAULT_FREQ,
    max_lag: int = 20,
    leadlag_freq: rrg_mod.Frequency = "D",
) -> CrossAssetBundle:
    """RRG tails, the lead-lag matrix, the event study and the breakout sequence, in one call.

    ``assets`` maps ids to prices; ``benchmark`` is the RRG benchmark's prices;
    ``trigger_prices`` the trigger asset's (default: ``assets[trigger_asset]``). The RRG tail
    ends at ``rrg_end`` (default: the last date; later data is not used). Event studies and
    lead-lag use each series' full history.
    """
    if trigger_prices is None:
        if trigger_asset not in assets:
            raise ValueError(f"the trigger asset {trigger_asset} is not among the assets")
        trigger_prices = assets[trigger_asset]
    trig = prices(trigger_prices, trigger_asset)
    assets = {str(k): prices(v, str(k)) for k, v in assets.items()}
    benchmark = prices(benchmark, benchmark_id)
    others = {k: v for k, v in assets.items() if k != trigger_asset}
    cut = assets
    if rrg_end is not None:
        end = pd.Timestamp(rrg_end)
        cut = {k: v[v.index <= end] for k, v in assets.items()}
        benchmark_cut = benchmark[benchmark.index <= end]
    else:
        benchmark_cut = benchmark
    table = rrg_mod.rrg_table(cut, benchmark_cut, tail=tail, freq=rrg_freq)
    matrix, summary = lead_lag_matrix(trig, others, max_lag=max_lag, freq=leadlag_freq)
    dates = find_triggers(
        trig, trigger=trigger, benchmark=benchmark, quiet=quiet, streak=streak, cooldown=cooldown
    )
    text = describe_trigger(
        trigger,
        asset=trigger_asset,
        benchmark=benchmark_id,
        quiet=quiet,
        streak=streak,
        cooldown=cooldown,
    )
    study = event_study(
        dates, trig, assets, horizons=horizons, n_boot=n_boot, seed=seed, description=text
    )
    sequence = breakout_sequence(dates, trig.index, assets, horizon=sequence_horizon)
    alignment, short = {}, {}
    in_rrg = set(table["asset"]) if not table.empty else set()
    for name, values in assets.items():
        alignment[name] = align({name: values, benchmark_id: benchmark}).note
        if name not in in_rrg:
            short[name] = "too short for a rotation point (about 36 weeks in common needed)"
    return CrossAssetBundle(table, matrix, summary, study, sequence, alignment, short)
