"""Consecutive-outperformance streaks: how many sessions in a row one series beat another.

The thesis: small caps (IWM) beat the market (SPY) for 10 sessions in a row by mid-January 2026,
"the longest streak since 1990". These functions measure that on any pair of price series.

Calendar
--------
Both series are put on their common sessions with :func:`dashboard.signals.relative.align` (an
inner join of the dates on which both have a close; NaNs dropped first). Daily returns are
measured between consecutive *common* sessions, so a date missing from either series (a gap, a
NaN, a different holiday calendar, a 7-day crypto calendar) makes the next return span the gap
for both series alike; what was dropped is stated in :attr:`Streaks.alignment` (``.note``).

Formulas (``A`` the small-cap prices, ``B`` the benchmark's, ``t`` a common session)
------------------------------------------------------------------------------------------
==================  ==========================================================  ==============
name                value at ``t``                                              units
==================  ==========================================================  ==============
growth ``g``        ``g_t = P_t / P_{t-1}`` (previous common session)           ratio
outperformed        ``g^A_t > g^B_t * (1 + tie_tolerance)``                     bool
streak              ``streak_t = streak_{t-1} + 1`` if outperformed else ``0``  sessions
==================  ==========================================================  ==============

Ties (equal returns) are **not** outperformance; ``tie_tolerance`` (default ``1e-12``, i.e. a
relative difference in growth factors a million times smaller than one cent on $10,000) only
absorbs floating-point noise, so rescaling either series (e.g. an ETF vs its index) cannot flip
an exact tie. The first common session has no return and never counts; a non-positive price
gives no return (not an outperformance).

A *streak* is a maximal run of consecutive outperformed sessions: ``start`` is its first
session, ``end`` its last, ``length = end - start + 1`` sessions, ``base`` the session before
``start`` (the close the first winning return is measured from; a chart shades ``base .. end``).
The last streak is ``ongoing`` when the latest session is an outperformance.

"Longest since"
---------------
For the current streak of length ``L > 0`` starting at ``s``: the ``end`` of the most recent
earlier streak (ended before ``s``) with ``length >= L``. ``None`` means no earlier streak was
that long: the current one is the longest of the whole aligned history. With ``L = 0`` (the last
session was not an outperformance) there is no current streak and no "longest since".

Everything at ``t`` uses data up to ``t`` only: ``streak_t`` never changes when later data is
appended; completed streaks keep their dates (only the ongoing one can grow).
All operations are vectorised (numpy), linear in the number of sessions.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.signals.relative import Alignment, align

DEFAULT_TIE_TOLERANCE = 1e-12
STREAK_COLUMNS = (
    "start",
    "end",
    "base",
    "length",
    "ongoing",
    "small_return_pct",
    "bench_return_pct",
    "excess_pp",
)


@dataclass(frozen=True, slots=True)
class Streaks:
    """Outperformance streaks of ``small`` against ``bench`` on their common sessions."""

    small: str  #: name of the outperforming side (e.g. "IWM")
    bench: str  #: name of the benchmark (e.g. "SPY")
    alignment: Alignment  #: the common-session frame the streaks are counted on
    #: per common session: ``small``, ``bench`` (closes), ``small_growth``, ``bench_growth``,
    #: ``outperformed`` (bool), ``streak`` (int, sessions)
    sessions: pd.DataFrame
    #: one row per streak, oldest first: see ``STREAK_COLUMNS`` (returns in %, excess in pp)
    history: pd.DataFrame

    @property
    def current(self) -> int:
        """Length of the streak running on the latest common session (0: none)."""
        return int(self.sessions["streak"].iloc[-1]) if len(self.sessions) else 0

    @property
    def current_streak(self) -> pd.Series | None:
        """The history row of the ongoing streak, or None."""
        if self.current == 0:
            return None
        return self.history.iloc[-1]

    @property
    def last_date(self) -> pd.Timestamp | None:
        return self.sessions.index[-1] if len(self.sessions) else None

    @property
    def first_date(self) -> pd.Timestamp | None:
        return self.sessions.index[0] if len(self.sessions) else None

    @property
    def longest_since(self) -> pd.Timestamp | None:
        """End of the latest earlier streak at least as long as the current one (see module
        docstring); None when the current streak is the longest on record or there is none."""
        prior = self._prior_at_least()
        return None if prior is None else prior["end"]

    @property
    def longest_since_length(self) -> int | None:
        """Length of the streak that ended on :attr:`longest_since`."""
        prior = self._prior_at_least()
        return None if prior is None else int(prior["length"])

    @property
    def is_record(self) -> bool:
        """True when a current streak exists and no earlier streak was at least as long."""
        return self.current > 0 and self._prior_at_least() is None

    @property
    def rank(self) -> int | None:
        """1 + the number of earlier streaks strictly longer than the current one."""
        if self.current == 0:
            return None
        earlier = self.history["length"].to_numpy()[:-1]
        return int(1 + np.count_nonzero(earlier > self.current))

    def _prior_at_least(self) -> pd.Series | None:
        if self.current == 0:
            return None
        lengths = self.history["length"].to_numpy()[:-1]
        hits = np.flatnonzero(lengths >= self.current)
        return None if len(hits) == 0 else self.history.iloc[hits[-1]]

    def longest(self, n: int = 10) -> pd.DataFrame:
        """The ``n`` longest streaks, longest first (equal lengths: most recent first), with a
        ``rank`` column (equal lengths share a rank)."""
        if self.history.empty:
            return self.history.assign(rank=pd.Series(dtype="int64"))
        ordered = self.history.sort_values(["length", "end"], ascending=[False, False])
        top = ordered.head(max(int(n), 0)).copy()
        all_lengths = np.sort(self.history["length"].to_numpy())
        # rank = 1 + number of streaks strictly longer (equal lengths share a rank)
        longer = len(all_lengths) - np.searchsorted(all_lengths, top["length"].to_numpy(), "right")
        top.insert(0, "rank", (1 + longer).astype("int64"))
        return top

    def periods(self, min_length: int = 1) -> list[tuple[pd.Timestamp, pd.Timestamp]]:
        """``(base, end)`` spans of streaks with ``length >= min_length`` (for shading)."""
        rows = self.history[self.history["length"] >= min_length]
        return list(zip(rows["base"], rows["end"], strict=True))

    def as_of(self, when: pd.Timestamp | str) -> int:
        """The streak on the last common session on or before ``when`` (0 before any data)."""
        s = self.sessions["streak"].loc[: pd.Timestamp(when)]
        return int(s.iloc[-1]) if len(s) else 0


def outperformed(
    small: np.ndarray, bench: np.ndarray, tie_tolerance: float = DEFAULT_TIE_TOLERANCE
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per-session growth factors of both arrays and the outperformance flags (see module
    docstring); element 0 has no return (NaN growth, False)."""
    if tie_tolerance < 0 or not np.isfinite(tie_tolerance):
        raise ValueError(f"tie_tolerance must be a finite number >= 0, got {tie_tolerance!r}")
    a = np.asarray(small, dtype="float64")
    b = np.asarray(bench, dtype="float64")
    ga = np.full(a.shape, np.nan)
    gb = np.full(b.shape, np.nan)
    if len(a) > 1:
        with np.errstate(divide="ignore", invalid="ignore"):
            ok_a = (a[1:] > 0) & (a[:-1] > 0)
            ok_b = (b[1:] > 0) & (b[:-1] > 0)
            ga[1:] = np.where(ok_a, a[1:] / np.where(ok_a, a[:-1], 1.0), np.nan)
            gb[1:] = np.where(ok_b, b[1:] / np.where(ok_b, b[:-1], 1.0), np.nan)
    with np.errstate(invalid="ignore"):
        flags = ga > gb * (1.0 + tie_tolerance)  # NaN compares False
    return ga, gb, flags


def running_streak(flags: np.ndarray) -> np.ndarray:
    """``streak_t``: consecutive True values ending at ``t`` (0 where ``flags`` is False)."""
    flags = np.asarray(flags, dtype=bool)
    idx = np.arange(len(flags))
    last_false = np.maximum.accumulate(np.where(flags, -1, idx)) if len(flags) else idx
    return (idx - last_false).astype("int64")


def compute_streaks(
    small: pd.Series,
    bench: pd.Series,
    *,
    small_name: str | None = None,
    bench_name: str | None = None,
    tie_tolerance: float = DEFAULT_TIE_TOLERANCE,
) -> Streaks:
    """Outperformance streaks of ``small`` over ``bench`` (see the module docstring)."""
    a_name = str(small_name or small.name or "small")
    b_name = str(bench_name or bench.name or "bench")
    if a_name == b_name:
        b_name = f"{b_name} (benchmark)"
    alignment = align({a_name: small, b_name: bench})
    frame = alignment.frame
    a = frame[a_name].to_numpy(dtype="float64") if not frame.empty else np.array([])
    b = frame[b_name].to_numpy(dtype="float64") if not frame.empty else np.array([])
    index = frame.index if not frame.empty else pd.DatetimeIndex([])
    ga, gb, flags = outperformed(a, b, tie_tolerance)
    streak = running_streak(flags)
    sessions = pd.DataFrame(
        {
            "small": a,
            "bench": b,
            "small_growth": ga,
            "bench_growth": gb,
            "outperformed": flags,
            "streak": streak,
        },
        index=index,
    )
    return Streaks(a_name, b_name, alignment, sessions, _history(index, a, b, flags))


def _history(
    index: pd.DatetimeIndex, a: np.ndarray, b: np.ndarray, flags: np.ndarray
) -> pd.DataFrame:
    n = len(flags)
    padded = np.r_[False, flags, False].astype(np.int8)
    edges = np.diff(padded)
    starts = np.flatnonzero(edges == 1)  # first True of each run
    ends = np.flatnonzero(edges == -1) - 1  # last True of each run
    bases = starts - 1  # flags[0] is always False, so a run never starts at 0
    small_ret = 100.0 * (a[ends] / a[bases] - 1.0)
    bench_ret = 100.0 * (b[ends] / b[bases] - 1.0)
    return pd.DataFrame(
        {
            "start": index[starts],
            "end": index[ends],
            "base": index[bases],
            "length": (ends - starts + 1).astype("int64"),
            "ongoing": ends == n - 1,
            "small_return_pct": small_ret,
            "bench_return_pct": bench_ret,
            "excess_pp": small_ret - bench_ret,
        },
        columns=list(STREAK_COLUMNS),
    )


def describe_current(streaks: Streaks) -> str:
    """One sentence on the current streak and its "longest since", for captions and details."""
    if streaks.last_date is None:
        return f"No common sessions of {streaks.small} and {streaks.bench}."
    last = f"{streaks.last_date:%Y-%m-%d}"
    if streaks.current == 0:
        return (
            f"{streaks.small} did not beat {streaks.bench} on the latest session ({last}): "
            "no current streak."
        )
    row = streaks.current_streak
    if streaks.current == 1:
        text = f"{streaks.small} beat {streaks.bench} on the latest session ({last}) only"
    else:
        text = (
            f"{streaks.small} beat {streaks.bench} on each of the last {streaks.current} "
            f"sessions ({row['start']:%Y-%m-%d} .. {last})"
        )
    since = streaks.longest_since
    if since is None:
        text += (
            f": no earlier streak was as long (aligned history from {streaks.first_date:%Y-%m-%d})"
        )
    else:
        text += (
            f"; longest since {since:%Y-%m-%d} (a {streaks.longest_since_length}-session streak "
            "ended then)"
        )
    return text + "."
