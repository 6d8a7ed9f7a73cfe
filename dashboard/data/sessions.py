"""When a daily bar is final: the one unfinished-bar rule every source uses.

A daily bar is unfinished while its session is still trading: Yahoo returns today's moving bar
during the session, and a file saved mid-session ends with one. Whether a bar is final depends
only on its own date and the moment the data was captured (a live answer's time, a file's
modification time), never on the rows after it or on its volume: an index or a thin ETF can
print a complete session with volume 0, and a past day must read the same whether or not later
rows have arrived since.

=========================  =====================================================================
frequency                  a bar dated ``d`` is final once
=========================  =====================================================================
exchange sessions (``B``)  New York has passed 16:00 on ``d`` (the NYSE close; early closes and
                           overseas exchanges finish earlier, so this is conservative)
7-day markets (``D``)      the UTC day ``d`` has ended (crypto bars are UTC days)
=========================  =====================================================================

Other frequencies (FRED daily rates, weekly, monthly, quarterly data) are dated by reference
period and handled by their release rules (:mod:`dashboard.data.release`), not here.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pandas as pd

NEW_YORK = ZoneInfo("America/New_York")
US_CLOSE = time(16, 0)
#: Frequencies whose rows are market sessions (the rule applies to them only).
SESSION_FREQUENCIES = frozenset({"B", "D"})
SESSION_NOTE = "dropped today's intraday bar (session in progress)"
UTC_DAY_NOTE = "dropped today's intraday bar (UTC day in progress)"


def last_settled_day(frequency: str, now: datetime) -> date:
    """The latest date whose daily bar is final at ``now`` (tz-aware).

    Exchange-traded symbols: today once New York has passed 16:00, else yesterday. Crypto
    (``D``, 7-day, bars in UTC days): yesterday in UTC. Conservative for overseas exchanges,
    whose finished bars for today's New York date wait until 16:00 ET.
    """
    if frequency == "D":
        return now.astimezone(UTC).date() - timedelta(days=1)
    local = now.astimezone(NEW_YORK)
    return local.date() if local.time() >= US_CLOSE else local.date() - timedelta(days=1)


def unfinished(index: pd.DatetimeIndex, frequency: str, captured_at: datetime) -> pd.Series:
    """True for each date whose bar was not final when the data was captured at
    ``captured_at`` (always False for frequencies that are not market sessions)."""
    if frequency not in SESSION_FREQUENCIES:
        return pd.Series(False, index=index)
    return pd.Series(index > pd.Timestamp(last_settled_day(frequency, captured_at)), index=index)


def drop_unsettled_bars(
    series: pd.Series, frequency: str, now: datetime
) -> tuple[pd.Series, tuple[str, ...]]:
    """Drop bars that were not final at ``now``: during a session Yahoo returns today's
    still-moving bar, which would look like a close."""
    late = unfinished(series.index, frequency, now).to_numpy()
    if not late.any():
        return series, ()
    return series[~late], (UTC_DAY_NOTE if frequency == "D" else SESSION_NOTE,)
