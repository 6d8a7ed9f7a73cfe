"""The fast signal internals equal plain references, to the last bit.

Where a signal's pandas implementation was replaced by numpy (for the benchmark's 100 ms), the
plain version it replaced lives here as the reference, and hypothesis checks that both give
exactly the same output (values, index, dtypes, names) on random inputs: gaps, duplicates,
unsorted dates, NaN, zeros and negative values, empty series. One exception, equal to rounding:
the cross-correlation now sums with numpy instead of BLAS dot products (see its test).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.signals import (
    breakout,
    events,
    leadlag,
    liquidity,
    macro_global,
    relative,
    rrg,
    surprise,
)
from dashboard.signals._checks import positive_int, prices
from dashboard.signals._dates import nearest_positions, pad_positions

exact = settings(max_examples=60, deadline=None)


# --- strategies ---------------------------------------------------------------------------------
@st.composite
def calendars(draw, min_size=0, max_size=60, freq="B", start="2019-12-02") -> pd.DatetimeIndex:
    """Sorted unique dates, in ns or us: a random subset of a calendar (gaps), or an unbroken
    run of it that keeps its frequency (as a date_range does)."""
    pool = pd.date_range(start, periods=max_size * 2 + 5, freq=freq)
    if draw(st.booleans()):
        first = draw(st.integers(0, max_size))
        index = pool[first : first + draw(st.integers(min_size, max_size))]
    else:
        picks = draw(st.lists(st.integers(0, len(pool) - 1), min_size=min_size, max_size=max_size))
        index = pd.DatetimeIndex(pool[sorted(set(picks))])
    return index.as_unit(draw(st.sampled_from(["ns", "us"])))


def prices_on(draw, index, *, positive=True) -> pd.Series:
    low = 0.5 if positive else -50.0
    values = draw(
        st.lists(st.floats(low, 500.0, allow_nan=False), min_size=len(index), max_size=len(index))
    )
    return pd.Series(values, index=index, dtype="float64", name="x")


@st.composite
def clean_prices(
    draw, min_size=0, max_size=60, positive=True, freq="B", start="2019-12-02"
) -> pd.Series:
    return prices_on(draw, draw(calendars(min_size, max_size, freq, start)), positive=positive)


@st.composite
def messy_series(draw) -> pd.Series:
    """Anything prices() must clean: NaN, inf, duplicates, unsorted dates, ints."""
    n = draw(st.integers(0, 30))
    days = draw(st.lists(st.integers(0, 40), min_size=n, max_size=n))
    values = draw(
        st.lists(
            st.one_of(
                st.floats(-100, 100, allow_nan=False),
                st.just(float("nan")),
                st.just(float("inf")),
            ),
            min_size=n,
            max_size=n,
        )
    )
    index = pd.DatetimeIndex(pd.Timestamp("2024-01-01") + pd.to_timedelta(days, unit="D"))
    s = pd.Series(values, index=index, dtype="float64", name="m")
    if draw(st.booleans()):
        s = s.sort_index()
    if draw(st.booleans()) and len(s) and np.isfinite(s.to_numpy()).all():
        s = s.round().astype("int64")
    return s


# --- references: the implementations the fast code replaced ---------------------------------------
def ref_prices(values: pd.Series, name: str = "series") -> pd.Series:
    s = pd.to_numeric(values, errors="coerce").astype("float64")
    s = s[~s.index.duplicated(keep="last")].sort_index()
    return s[np.isfinite(s.to_numpy())].rename(values.name)


def ref_align_frame(series) -> pd.DataFrame:
    cleaned = {str(name): prices(s, str(name)) for name, s in series.items()}
    return pd.concat(cleaned, axis=1, join="inner", sort=True)


def ref_rebase(data, base=100.0):
    first = data.bfill().iloc[0] if len(data) else pd.Series(np.nan, index=data.columns)
    return base * data / first.where(first > 0)


def ref_period_return(values, periods):
    s = prices(values)
    base = s.shift(periods)
    return (100.0 * (s / base.where(base > 0) - 1.0)).rename(f"return_{periods}")


def ref_analyse(values, cutoff, name="x"):
    """breakout.analyse as it was: built from the one-column helpers."""
    s = prices(values, name)
    cut = pd.Timestamp(cutoff)
    high = breakout.running_high(s)
    state = pd.DataFrame(
        {
            "close": s,
            "running_high": high,
            "drawdown_pct": breakout.drawdown(s),
            "new_high": breakout.new_highs(s),
        }
    )
    peak = breakout.prior_peak(s, cut)
    n = len(s)
    out = {
        "last_date": s.index[-1] if n else None,
        "last_close": float(s.iloc[-1]) if n else None,
        "running_high": float(high.iloc[-1]) if n else None,
        "running_high_date": pd.Timestamp(s.idxmax()) if n else None,
        "drawdown_pct": float(state["drawdown_pct"].iloc[-1]) if n else None,
        "at_new_high": bool(state["new_high"].iloc[-1]) if n else False,
        "peak_date": None,
        "peak": None,
        "breakout_date": None,
        "breakout_close": None,
        "pct_above": None,
        "max_pct_above": None,
        "sessions_since": None,
    }
    if peak is None or peak[1] <= 0:
        state["pct_above_peak"] = np.nan
        return out, state
    out["peak_date"], out["peak"] = peak
    state["pct_above_peak"] = (100.0 * (s / peak[1] - 1.0)).where(s.index >= cut)
    after = s[s.index >= cut]
    if after.empty:
        return out, state
    out["pct_above"] = float(100.0 * (after.iloc[-1] / peak[1] - 1.0))
    out["max_pct_above"] = float(100.0 * (after.max() / peak[1] - 1.0))
    found = breakout.first_close_above(after, peak[1], cut)
    if found is not None:
        out["breakout_date"], out["breakout_close"] = found
        out["sessions_since"] = int(len(after) - 1 - after.index.get_loc(found[0]))
    return out, state


def ref_nearest(values: pd.Series, targets, tolerance_days) -> pd.Series:
    if values.empty:
        return pd.Series(np.nan, index=targets, dtype="float64")
    found = values.reindex(targets, method="nearest", tolerance=pd.Timedelta(days=tolerance_days))
    return found.astype("float64")


def ref_lead_lag_profile(f, r, max_lag, min_pairs, tolerance_days):
    rows = []
    for k in range(max_lag + 1):
        later = ref_nearest(r, f.index + pd.Timedelta(days=7 * k), tolerance_days)
        later.index = f.index
        both = pd.DataFrame({"f": f, "r": later}).dropna()
        pairs = len(both)
        corr = float("nan")
        if pairs >= min_pairs and both["f"].std() > 0 and both["r"].std() > 0:
            corr = float(np.corrcoef(both["f"], both["r"])[0, 1])
        rows.append(
            {
                "lag": k,
                "correlation": corr,
                "pairs": pairs,
                "band": 1.96 / math.sqrt(pairs) if pairs else float("nan"),
                "first": both.index[0] if pairs else pd.NaT,
                "last": both.index[-1] if pairs else pd.NaT,
            }
        )
    return pd.DataFrame(rows).set_index("lag")


def ref_week_end_closes(values):
    if len(values) == 0:
        return values
    weeks = values.index.to_period("W-FRI")
    return values[~pd.Index(weeks).duplicated(keep="last")]


def ref_rrg(asset, benchmark, window=10, momentum=4, norm_window=52, min_periods=26):
    frame = relative.align({"a": prices(asset, "asset"), "b": prices(benchmark, "b")}).frame
    if frame.empty:
        return pd.DataFrame(columns=list(rrg.COLUMNS), index=pd.DatetimeIndex([]))
    frame = ref_week_end_closes(frame)

    def scale(x):
        rms = np.sqrt((x * x).rolling(norm_window, min_periods).mean())
        return rms.where(rms > 0)

    b = frame["b"].where(frame["b"] > 0)
    rs = 100.0 * frame["a"].where(frame["a"] > 0) / b
    gap = 100.0 * (rs / rs.rolling(window, min_periods=window).mean() - 1.0)
    roc = 100.0 * (rs / rs.shift(momentum) - 1.0)
    out = pd.DataFrame(
        {"rs": rs, "rs_ratio": 100.0 + gap / scale(gap), "rs_momentum": 100.0 + roc / scale(roc)}
    )
    out["quadrant"] = rrg.quadrant(out["rs_ratio"], out["rs_momentum"])
    return out


def ref_composite(tables, dates=None, *, half_life_days=30.0, window_days=90):
    """The per-date loop composite_index used to run."""
    ids = list(tables)
    w_by_id = surprise._weights(None, ids)
    parts = []
    for code, sid in enumerate(ids):
        t = tables[sid]
        ok = t[["published", "z"]].dropna() if not t.empty else pd.DataFrame()
        if ok.empty or w_by_id[sid] == 0:
            continue
        parts.append(
            pd.DataFrame(
                {
                    "published": pd.to_datetime(ok["published"]).to_numpy(),
                    "z": ok["z"].to_numpy(dtype="float64"),
                    "code": code,
                }
            )
        )
    releases = (
        pd.concat(parts, ignore_index=True).sort_values("published", kind="stable")
        if parts
        else pd.DataFrame({"published": pd.DatetimeIndex([]), "z": [], "code": []})
    )
    if dates is None:
        dates = pd.DatetimeIndex(releases["published"].unique())
    when = pd.DatetimeIndex(pd.to_datetime(dates)).normalize().sort_values().unique()
    day = np.timedelta64(1, "D")
    pub = releases["published"].to_numpy(dtype="datetime64[ns]")
    zs = releases["z"].to_numpy(dtype="float64")
    codes = releases["code"].to_numpy(dtype="int64")
    weight = np.array([w_by_id[ids[c]] for c in codes], dtype="float64")
    n = len(when)
    composite, count = np.full(n, np.nan), np.zeros(n, dtype="int64")
    sources, contributions = np.zeros(n, dtype="int64"), np.full((n, len(ids)), np.nan)
    window = np.timedelta64(window_days, "D")
    for i, t in enumerate(when.to_numpy(dtype="datetime64[ns]")):
        lo = np.searchsorted(pub, t - window, side="right")
        hi = np.searchsorted(pub, t, side="right")
        if hi <= lo:
            continue
        mass = weight[lo:hi] * 0.5 ** (((t - pub[lo:hi]) / day) / half_life_days)
        total = mass.sum()
        if not total > 0:
            continue
        share = mass * zs[lo:hi] / total
        composite[i], count[i] = share.sum(), hi - lo
        sources[i] = len(np.unique(codes[lo:hi]))
        contributions[i] = np.bincount(codes[lo:hi], weights=share, minlength=len(ids))
    out = pd.DataFrame({"composite": composite, "releases": count, "indicators": sources}, when)
    for j, sid in enumerate(ids):
        out[sid] = contributions[:, j]
    out.index.name = "date"
    return out


# --- the properties -----------------------------------------------------------------------------
@given(messy_series())
@exact
def test_prices_fast_path_equals_the_general_path(values):
    pd.testing.assert_series_equal(prices(values), ref_prices(values), check_exact=True)


@given(st.lists(clean_prices(max_size=25), min_size=1, max_size=3), st.booleans())
@exact
def test_align_equals_an_inner_concat(series, same_calendar):
    if same_calendar:  # the fast path: one calendar, possibly a copy with another name or freq
        index = series[0].index
        series = [pd.Series(np.arange(len(index), dtype=float) + k, index) for k in range(3)]
        series[1].index = pd.DatetimeIndex(list(index), name="date").as_unit(index.unit)
    named = {f"s{k}": s for k, s in enumerate(series)}
    got = relative.align(named).frame
    want = ref_align_frame(named)
    pd.testing.assert_frame_equal(got, want, check_exact=True)
    assert got.index.freq == want.index.freq and got.index.name == want.index.name


@given(st.lists(clean_prices(max_size=20, positive=False), min_size=1, max_size=4))
@exact
def test_rebase_equals_a_backfill_reference(series):
    frame = pd.DataFrame({f"c{k}": s for k, s in enumerate(series)})
    if len(frame):
        frame.iloc[0, 0] = np.nan  # a column that starts late
    pd.testing.assert_frame_equal(relative.rebase(frame), ref_rebase(frame), check_exact=True)


@given(clean_prices(positive=False), st.integers(1, 70))
@exact
def test_period_return_equals_a_shift_reference(values, n):
    got, want = relative.period_return(values, n), ref_period_return(values, n)
    pd.testing.assert_series_equal(got, want, check_exact=True)


@given(clean_prices(positive=False), st.sampled_from(["2019-12-01", "2020-01-15", "2021-06-01"]))
@exact
def test_breakout_analysis_equals_the_helper_reference(values, cutoff):
    got = breakout.analyse(values, cutoff, name="x")
    want, state = ref_analyse(values, cutoff)
    for key, value in want.items():
        assert getattr(got, key) == value or (value != value and getattr(got, key) != value)
    pd.testing.assert_frame_equal(got.state, state, check_exact=True)


@given(calendars(0, 40), calendars(0, 40, freq="W-WED"), st.integers(0, 6), st.booleans())
@exact
def test_date_lookups_equal_reindex(index, targets, tolerance_days, later):
    if later:
        targets = targets + pd.Timedelta(days=3)
    values = pd.Series(np.arange(len(index), dtype=float), index=index)
    tolerance = pd.Timedelta(days=tolerance_days)
    near = nearest_positions(index, targets, tolerance)
    want = values.reindex(targets, method="nearest", tolerance=tolerance) if len(index) else None
    got = np.where(near >= 0, near, np.nan)
    if want is not None:
        np.testing.assert_array_equal(got, want.to_numpy())
    else:
        assert (near == -1).all()
    pad = pad_positions(index, targets, tolerance)
    if len(index):
        want = values.reindex(targets, method="ffill", tolerance=tolerance).to_numpy()
        np.testing.assert_array_equal(np.where(pad >= 0, pad, np.nan), want)


@given(clean_prices(30, 120, freq="W-WED"), clean_prices(30, 120, freq="W-FRI"))
@exact
def test_mmf_lead_lag_equals_the_loop_reference(flows, relative_returns):
    got = liquidity.lead_lag(flows, relative_returns, max_lag=8, min_pairs=5)
    want = ref_lead_lag_profile(flows, relative_returns, 8, 5, 3)
    pd.testing.assert_frame_equal(got.profile, want, check_exact=True)


@given(clean_prices(0, 120, freq="D"))
@exact
def test_week_end_closes_equal_the_period_reference(values):
    shuffled = values.sample(frac=1.0, random_state=1)
    for s in (values, shuffled):
        pd.testing.assert_series_equal(
            rrg.week_end_closes(s), ref_week_end_closes(s), check_exact=True
        )


@given(clean_prices(0, 150, freq="D", start="2019-06-03"), clean_prices(0, 150, freq="B"))
@exact
def test_rrg_equals_the_pandas_reference(asset, benchmark):
    same_calendar = benchmark * 0.5 + asset.reindex(benchmark.index).fillna(100.0)
    for a, b in ((asset, benchmark), (same_calendar, benchmark)):
        got = rrg.rrg(a, b, min_periods=4, norm_window=8, window=3, momentum=2)
        want = ref_rrg(a, b, window=3, momentum=2, norm_window=8, min_periods=4)
        pd.testing.assert_frame_equal(got, want, check_exact=True)
        assert got.index.freq == want.index.freq


@st.composite
def surprise_tables(draw):
    tables = {}
    for sid, freq in ((surprise.PHILLY, "MS"), (surprise.CLAIMS, "W-SAT")):
        index = draw(calendars(0, 40, freq=freq, start="2023-01-01"))
        actual = prices_on(draw, index, positive=False)
        tables[sid] = surprise.surprise_table(actual, sid, z_min_periods=3, z_window=10)
    return tables


@given(surprise_tables(), st.booleans())
@exact
def test_composite_index_equals_the_per_date_loop(tables, on_given_dates):
    dates = pd.date_range("2023-01-01", periods=30, freq="17D") if on_given_dates else None
    got = surprise.composite_index(tables, dates)
    pd.testing.assert_frame_equal(got, ref_composite(tables, dates), check_exact=True)


def ref_surprise_table(actual, series_id, consensus, as_of):
    """surprise_table's merge as it was (pandas Series throughout)."""
    info = surprise.indicator(series_id)
    stamp = pd.Timestamp(as_of).normalize() if as_of is not None else None
    prints = surprise.actuals(actual, series_id)
    if stamp is not None:
        prints = prints[prints["published"] <= stamp]
    s = prints["actual"].rename(series_id)
    rule_dates = pd.to_datetime(prints["published"])
    model = surprise.model_expectation(s)
    rows = surprise.consensus_rows(consensus, series_id, stamp)
    cons = rows["consensus"].reindex(s.index).astype("float64")
    cons_released = pd.to_datetime(rows["release_date"]).reindex(s.index)
    has = cons.notna()
    expected = cons.where(has, model)
    kind = pd.Series(np.where(has, "consensus", "model"), index=s.index, dtype="object")
    kind = kind.where(expected.notna())
    later = pd.concat([rule_dates, cons_released], axis=1).max(axis=1)
    published = rule_dates.where(~has, later)
    raw = s - expected
    signed = info.direction * raw
    past = signed.shift(1).rolling(60, min_periods=12).std()
    notes = rows["source_note"].reindex(s.index).where(has, "")
    table = pd.DataFrame(
        {
            "actual": s,
            "published": pd.to_datetime(published),
            "expected": expected,
            "expectation": kind,
            "consensus": cons,
            "model_expected": model,
            "raw_surprise": raw,
            "surprise": signed,
            "z": signed / past.where(past > 0),
            "source_note": notes.fillna("").astype(str),
            "vintage": prints["vintage"].astype(str),
        },
        index=s.index,
    )
    table.index.name = "reference_period"
    return table


@given(
    clean_prices(0, 80, positive=False, freq="MS", start="2018-01-01"),
    st.booleans(),
    st.sampled_from([None, "2020-06-30", "2024-01-20"]),
)
@exact
def test_surprise_table_equals_the_series_reference(actual, with_consensus, as_of):
    consensus = None
    if with_consensus and len(actual) > 2:
        periods = actual.index[[1, len(actual) // 2, -1]]
        consensus = pd.DataFrame(
            {
                "indicator": surprise.PHILLY,
                "reference_period": periods.strftime("%Y-%m-%d"),
                "release_date": (periods + pd.Timedelta(days=20)).strftime("%Y-%m-%d"),
                "consensus": [1.5, -2.0, 0.25],
                "source_note": ["a", "", "c"],
            }
        )
    got = surprise.surprise_table(actual, surprise.PHILLY, consensus=consensus, as_of=as_of)
    want = ref_surprise_table(actual, surprise.PHILLY, consensus, as_of)
    pd.testing.assert_frame_equal(got, want, check_exact=True)


@given(clean_prices(0, 40, positive=False, freq="QS", start="2000-01-01"))
@exact
def test_qoq_growth_equals_the_period_reference(levels):
    s = macro_global._quarterly(levels, "levels")
    quarters = s.index.to_period("Q")
    previous = pd.Series(quarters, index=s.index).shift(1)
    consecutive = previous.to_numpy() == (quarters - 1).to_numpy()
    want = relative.period_return(s, 1).where(consecutive).rename("qoq_pct")
    pd.testing.assert_series_equal(macro_global.qoq_growth(levels), want, check_exact=True)


@given(clean_prices(0, 80, freq="W-WED"))
@exact
def test_turn_state_columns_equal_the_pandas_reference(level):
    state = liquidity.detect_turns(level).state
    drawdown = 100.0 * (state["level"] / state["peak"].where(state["peak"] > 0) - 1)
    weeks = (state.index - state["peak_date"]).dt.days / 7.0
    pd.testing.assert_series_equal(state["drawdown_pct"], drawdown, check_names=False)
    pd.testing.assert_series_equal(state["weeks_since_peak"], weeks, check_names=False)


@given(clean_prices(40, 150), st.lists(st.integers(0, 149), max_size=8))
@settings(max_examples=25, deadline=None)
def test_event_study_equals_the_series_reference(values, picks):
    triggers = pd.DatetimeIndex(values.index[[p for p in picks if p < len(values)]]).unique()
    other = values.iloc[::2] * 1.5
    got = events.event_study(triggers, values, {"x": values, "y": other}, n_boot=100)
    rows, columns = [], {}
    for name, asset in {"x": values, "y": other}.items():
        frame = relative.align({"t": values, "x": asset}).frame
        fwd = events.forward_returns(frame["x"], events.DEFAULT_HORIZONS)
        for h in events.DEFAULT_HORIZONS:
            valid = fwd[h].dropna()
            at = valid.reindex(triggers.intersection(valid.index))
            rows.append((name, h, len(at), float(valid.mean()) if len(valid) else np.nan))
            columns[(name, h)] = fwd[h].reindex(triggers)
    table = got.table
    assert list(zip(table["asset"], table["horizon"], table["n_events"], strict=True)) == [
        r[:3] for r in rows
    ]
    np.testing.assert_array_equal(table["baseline"].to_numpy(), [r[3] for r in rows])
    for key, series in columns.items():
        np.testing.assert_array_equal(got.returns[key].to_numpy(), series.to_numpy())


def test_reference_helpers_reject_what_the_signals_reject():
    with pytest.raises(ValueError):
        positive_int(0, "periods")


@given(
    clean_prices(0, 80, positive=False, freq="W-WED"), st.sampled_from([(1, 4, 13), (2,), (13, 1)])
)
@exact
def test_change_table_equals_the_per_column_functions(level, horizons):
    s = prices(level)
    columns = {"level": s}
    for k in horizons:
        columns[f"change_{k}w"] = liquidity.change(s, k)
        columns[f"pct_{k}w"] = liquidity.pct_change(s, k)
    if 13 in horizons:
        columns["annualized_13w"] = liquidity.annualized_growth(s, 13)
    want = pd.DataFrame(columns, index=s.index)
    pd.testing.assert_frame_equal(liquidity.change_table(level, horizons), want, check_exact=True)


def ref_corr(x: np.ndarray, y: np.ndarray) -> tuple[float, int]:
    """leadlag's correlation as it was: BLAS dot products over the finite pairs."""
    ok = np.isfinite(x) & np.isfinite(y)
    n = int(ok.sum())
    if n < 3:
        return float("nan"), n
    dx, dy = x[ok] - x[ok].mean(), y[ok] - y[ok].mean()
    var = float(np.dot(dx, dx) * np.dot(dy, dy))
    return (float(np.dot(dx, dy) / np.sqrt(var)) if var > 0 else float("nan")), n


@given(clean_prices(0, 200), clean_prices(0, 200, freq="D"), st.integers(0, 12))
@exact
def test_cross_correlation_equals_the_dot_product_reference(a, b, max_lag):
    """Plain sums instead of BLAS dot products: equal to rounding (BLAS itself rounds
    differently with its thread count), and the same pair counts and peaks."""
    got = leadlag.cross_correlation(a, b, max_lag=max_lag, min_pairs=3)
    ret = leadlag.returns_on_common_calendar(a, b).dropna(how="all")
    x, y, n = ret["a"].to_numpy(), ret["b"].to_numpy(), len(ret)
    for lag, row in got.profile.iterrows():
        if abs(lag) >= n:
            assert row["pairs"] == 0
            continue
        xs, ys = (x[: n - lag], y[lag:]) if lag >= 0 else (x[-lag:], y[: n + lag])
        corr, pairs = ref_corr(xs, ys)
        assert row["pairs"] == pairs
        if pairs >= 3:
            np.testing.assert_allclose(row["correlation"], corr, rtol=1e-12, atol=1e-15)


@given(
    st.dates(
        min_value=pd.Timestamp("1980-01-01").date(), max_value=pd.Timestamp("2030-12-31").date()
    ),
    st.sampled_from(["lag_45d", "lag_70d", "z1_quarterly"]),
)
@exact
def test_expected_quarter_equals_the_date_offset_reference(as_of, rule):
    from dashboard.data.release import release_dates

    as_of = pd.Timestamp(as_of)
    current = as_of.to_period("Q").to_timestamp()
    candidates = pd.DatetimeIndex([current - pd.DateOffset(months=3 * k) for k in range(0, 9)])
    ok = candidates[release_dates(candidates, rule, "Q") <= as_of]
    want = ok[0] if len(ok) else candidates[-1]
    assert macro_global.expected_quarter(as_of, rule) == want
