"""Lead-lag between asset returns: cross-correlation at lags, the peak lag, a matrix for heatmaps.

Does ARKK move before BTC? Both return series are put on their common calendar first
(:func:`dashboard.signals.relative.align`: BTC-USD, which trades 7 days a week, is sampled on
equity sessions, so a "session" is an equity session and a weekend's crypto move lands in
Monday's return). With ``freq="W"`` the closes are sampled at week ends first
(:func:`dashboard.signals.rrg.week_end_closes`) and lags count weeks.

Formula
-------
Simple returns in % on the common calendar, ``a_t`` for the lead candidate and ``b_t`` for the
other asset::

    rho(k) = corr(a_t, b_{t+k})       k = -max_lag .. +max_lag  (Pearson over the pairs present)

``k > 0``: ``a`` today against ``b`` ``k`` sessions later, so a correlation peak at ``k > 0``
means ``a`` leads ``b`` by ``k`` sessions; ``k < 0`` means ``b`` leads. ``pairs`` is the number
of (a, b) return pairs at each lag, ``band = 1.96 / sqrt(pairs)`` the rough 95% band of a zero
correlation (it assumes independent returns; picking the best of 41 lags makes an outside-band
value likelier by chance). Lags with fewer than ``min_pairs`` pairs are NaN. The peak lag is the
lag of the largest ``|rho|``; daily returns of related assets usually peak at ``k = 0``
(they move together), so the largest ``|rho|`` away from zero is reported as well.

This is a whole-sample description of history (pairs each date with later ones by design), not
a signal value. The weekly MMF-flows lead-lag of the liquidity view is
:func:`dashboard.signals.liquidity.lead_lag` (flows vs relative returns, one-sided lags).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.signals._checks import positive_int, prices
from dashboard.signals.relative import align
from dashboard.signals.rrg import Frequency, sample

DEFAULT_MAX_LAG = 20
DEFAULT_MIN_PAIRS = 30


def returns_on_common_calendar(a: pd.Series, b: pd.Series, freq: Frequency = "D") -> pd.DataFrame:
    """Columns ``a`` and ``b``: % returns between consecutive common (sampled) dates."""
    frame = align({"a": prices(a, "a"), "b": prices(b, "b")}).frame
    if frame.empty:
        return pd.DataFrame(columns=["a", "b"], index=pd.DatetimeIndex([]), dtype="float64")
    frame = sample(frame, freq)
    frame = frame.where(frame > 0)
    return 100.0 * (frame / frame.shift(1) - 1.0)


def _corr(x: np.ndarray, y: np.ndarray, all_finite: bool = False) -> tuple[float, int]:
    """Pearson correlation over the positions where both are finite, and the pair count
    (``all_finite``: the caller knows they all are, so there is nothing to select)."""
    if not all_finite:
        ok = np.isfinite(x) & np.isfinite(y)
        x, y = x[ok], y[ok]
    n = len(x)
    if n < 3:
        return float("nan"), n
    dx, dy = x - x.mean(), y - y.mean()
    # numpy sums, not np.dot: BLAS splits a dot product of more than 10,000 values across
    # threads, which on a busy 2-core server is a hundred times slower (and makes the last bit
    # depend on the thread count)
    var = float((dx * dx).sum() * (dy * dy).sum())
    return (float((dx * dy).sum() / np.sqrt(var)) if var > 0 else float("nan")), n


def _profile(ret: pd.DataFrame, max_lag: int, min_pairs: int) -> pd.DataFrame:
    a = ret["a"].to_numpy(dtype="float64")
    b = ret["b"].to_numpy(dtype="float64")
    n = len(a)
    lags = np.arange(-max_lag, max_lag + 1)
    corr = np.full(len(lags), np.nan)
    pairs = np.zeros(len(lags), dtype=int)
    all_finite = bool(np.isfinite(a).all() and np.isfinite(b).all())
    for i, k in enumerate(lags):  # a_t against b_{t+k}: 41 slices, no copies of the sample
        if abs(k) >= n:
            continue
        x, y = (a[: n - k], b[k:]) if k >= 0 else (a[-k:], b[: n + k])
        corr[i], pairs[i] = _corr(x, y, all_finite)
    corr[pairs < min_pairs] = np.nan
    band = np.where(pairs > 0, 1.96 / np.sqrt(np.maximum(pairs, 1)), np.nan)
    return pd.DataFrame(
        {"correlation": corr, "pairs": pairs, "band": band},
        index=pd.Index(lags, name="lag"),
    )


@dataclass(frozen=True, slots=True)
class CrossCorrelation:
    """``corr(a_t, b_{t+k})`` by lag, with the peak (see the module docstring)."""

    profile: pd.DataFrame  #: index lag; columns correlation, pairs, band
    peak_lag: int | None  #: lag of the largest |correlation| (None: too few pairs)
    peak_correlation: float | None
    lead_lag: int | None  #: lag of the largest |correlation| with k != 0
    lead_correlation: float | None
    start: pd.Timestamp | None  #: first and last dates of the returns used
    end: pd.Timestamp | None
    freq: Frequency

    def outside_band(self, lag: int | None) -> bool:
        """Whether the correlation at ``lag`` lies outside the rough 95% band of zero."""
        if lag is None or lag not in self.profile.index:
            return False
        row = self.profile.loc[lag]
        return bool(np.isfinite(row["correlation"]) and abs(row["correlation"]) > row["band"])


def _peak(corr: pd.Series) -> tuple[int | None, float | None]:
    valid = corr.dropna()
    if valid.empty:
        return None, None
    lag = int(valid.abs().idxmax())
    return lag, float(valid[lag])


def cross_correlation(
    a: pd.Series,
    b: pd.Series,
    *,
    max_lag: int = DEFAULT_MAX_LAG,
    freq: Frequency = "D",
    min_pairs: int = DEFAULT_MIN_PAIRS,
) -> CrossCorrelation:
    """Cross-correlation of ``a``'s and ``b``'s returns at lags ``-max_lag .. +max_lag``."""
    max_lag = positive_int(max_lag, "max_lag", minimum=0)
    min_pairs = positive_int(min_pairs, "min_pairs", minimum=3)
    ret = returns_on_common_calendar(a, b, freq).dropna(how="all")
    profile = _profile(ret, max_lag, min_pairs)
    peak_lag, peak_corr = _peak(profile["correlation"])
    lead_lag, lead_corr = _peak(profile["correlation"].drop(0, errors="ignore"))
    both = ret.dropna()
    return CrossCorrelation(
        profile=profile,
        peak_lag=peak_lag,
        peak_correlation=peak_corr,
        lead_lag=lead_lag,
        lead_correlation=lead_corr,
        start=both.index[0] if len(both) else None,
        end=both.index[-1] if len(both) else None,
        freq=freq,
    )


def lead_lag_matrix(
    lead: pd.Series,
    others: Mapping[str, pd.Series],
    *,
    max_lag: int = DEFAULT_MAX_LAG,
    freq: Frequency = "D",
    min_pairs: int = DEFAULT_MIN_PAIRS,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``corr(lead_t, other_{t+k})`` for several assets: ``(matrix, summary)``.

    ``matrix``: index asset, columns lags, values correlations (for a heatmap). ``summary``:
    index asset, columns ``peak_lag``, ``peak_correlation``, ``lead_lag``, ``lead_correlation``,
    ``lead_outside_band``, ``pairs`` (at lag 0), ``band`` (at lag 0), ``start``, ``end``.
    Assets with no overlapping returns get an all-NaN row.
    """
    rows, summary = {}, {}
    for name, values in others.items():
        cc = cross_correlation(lead, values, max_lag=max_lag, freq=freq, min_pairs=min_pairs)
        rows[str(name)] = cc.profile["correlation"]
        zero = cc.profile.loc[0] if 0 in cc.profile.index else None
        summary[str(name)] = {
            "peak_lag": cc.peak_lag,
            "peak_correlation": cc.peak_correlation,
            "lead_lag": cc.lead_lag,
            "lead_correlation": cc.lead_correlation,
            "lead_outside_band": cc.outside_band(cc.lead_lag),
            "pairs": int(zero["pairs"]) if zero is not None else 0,
            "band": float(zero["band"]) if zero is not None else math.nan,
            "start": cc.start,
            "end": cc.end,
        }
    lags = pd.Index(np.arange(-max_lag, max_lag + 1), name="lag")
    matrix = pd.DataFrame(rows, index=lags).T if rows else pd.DataFrame(columns=lags)
    matrix.index.name = "asset"
    return matrix, pd.DataFrame.from_dict(summary, orient="index")
