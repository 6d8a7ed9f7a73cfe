"""The signal library's heavier computations, cached across reruns and sessions.

A Streamlit page reruns its whole script on every widget change, and every viewer of a shared
link asks for the same numbers. The signal library is pure (same inputs, same result), so
``st.cache_data`` can keep the results: it hashes the pandas inputs (a few milliseconds for
decades of daily data, far less than recomputing) and hands each caller its own copy, so a page
can never alter a cached result. Entries live ten minutes, like the loaded data they come from.

Pages call these instead of the library functions of the same name; the CLI and the tests call
the library directly.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

import pandas as pd
import streamlit as st

from dashboard import scoring
from dashboard.data import usertables
from dashboard.data.load import Loaded
from dashboard.signals import breakout, events, liquidity, streaks, surprise
from dashboard.signals import scorecard as rules

TTL = timedelta(minutes=10)
MAX_ENTRIES = 32


def _cached(fn):
    return st.cache_data(fn, ttl=TTL, max_entries=MAX_ENTRIES, show_spinner=False)


compute_streaks = _cached(streaks.compute_streaks)
breakout_analyse = _cached(breakout.analyse)
detect_turns = _cached(liquidity.detect_turns)
lead_lag = _cached(liquidity.lead_lag)
surprise_table = _cached(surprise.surprise_table)
cross_asset_bundle = _cached(events.cross_asset_bundle)


@st.cache_data(ttl=TTL, max_entries=MAX_ENTRIES, show_spinner=False)
def _composite_index(tables, dates_ns: tuple[int, ...] | None, **params) -> pd.DataFrame:
    dates = None if dates_ns is None else pd.to_datetime(list(dates_ns), unit="ns")
    return surprise.composite_index(tables, dates, **params)


def composite_index(tables, dates=None, **params) -> pd.DataFrame:
    """:func:`dashboard.signals.surprise.composite_index`, cached (Streamlit cannot hash a
    DatetimeIndex with a frequency, so the dates travel as nanosecond stamps)."""
    stamps = (
        None if dates is None else tuple(int(x) for x in pd.DatetimeIndex(dates).as_unit("ns").asi8)
    )
    return _composite_index(tables, stamps, **params)


@st.cache_data(ttl=TTL, max_entries=MAX_ENTRIES, show_spinner=False)
def _scorecard(
    loaded: Loaded, as_of: date | pd.Timestamp, spec_ids: tuple[str, ...], consensus_stamp: int
) -> list[rules.Signal]:
    del consensus_stamp  # part of the key only: a saved consensus row must change the result
    specs = tuple(s for s in rules.SCORECARD if s.id in spec_ids)
    return scoring.compute(loaded, as_of=as_of, specs=specs)


def scorecard(
    loaded: Loaded,
    as_of: date | pd.Timestamp,
    specs: Sequence[rules.SignalSpec] = rules.SCORECARD,
) -> list[rules.Signal]:
    """:func:`dashboard.scoring.compute`, cached per data, date, specs and consensus file."""
    path = usertables.user_path(usertables.CONSENSUS)
    stamp = path.stat().st_mtime_ns if path.exists() else 0
    return _scorecard(loaded, as_of, tuple(s.id for s in specs), stamp)
