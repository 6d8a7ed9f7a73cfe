"""The scoring service: the thesis scorecard on loaded data, what the views and ``rotation
signals`` both call.

Between the data layer and the scorecard's rules (:mod:`dashboard.signals.scorecard`): it hands
:func:`~dashboard.signals.scorecard.evaluate` the loaded series, their provenance strings, why
missing series are missing, and the side tables the rules read (the consensus file, provenance
flags), so a page and the CLI can never disagree about a signal. It returns numbers and
statuses; how they read is the presentation's business (:mod:`dashboard.views.format`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

import pandas as pd

from dashboard.data import catalog, usertables, vintages
from dashboard.data.load import Loaded
from dashboard.settings import Settings, get_settings
from dashboard.signals import scorecard as rules
from dashboard.signals import surprise


def default_as_of(
    loaded: Loaded, today: date | None = None, settings: Settings | None = None
) -> tuple[date, str]:
    """The scorecard's default date and why.

    Today when any loaded series is market data and something scores on today's date (every
    value published so far counts). When nothing does (an old data folder: every signal would
    be stale or unavailable today), the last market close in the data, so the views open on the
    last day the data can answer for and say so. The demo's last day when everything is
    synthetic (the demo ends on a fixed day).
    """
    # imported here: the demo module pulls in exchange-calendars, which a real setup never needs
    from dashboard.data.sources.demo import DEMO_END

    today = today or date.today()
    available = [p for p in loaded.provenance.values() if p.available]
    if available and all(p.synthetic for p in available):
        day = min(DEMO_END, today)
        return day, f"the last day of the synthetic demo data ({day:%Y-%m-%d})"
    now = "today: every value published so far counts"
    # the demo's closes are not the market's: only real prices can move the day off today
    last_close = newest_market_close(loaded, rules.required_series(), real_only=True)
    if last_close is None or (today - last_close).days <= rules.MAX_AGE_DAYS["B"]:
        return today, now
    # the prices are old: only a signal that still scores today keeps today as the default
    if any(s.scored for s in compute(loaded, as_of=today, settings=settings)):
        return today, now
    return last_close, (
        f"{last_close:%Y-%m-%d}, the last market close in the data: on today's date "
        f"({today:%Y-%m-%d}) no signal has data fresh enough to score"
    )


def newest_market_close(
    loaded: Loaded, ids: Iterable[str] | None = None, *, real_only: bool = False
) -> date | None:
    """The last close of any loaded market series (daily prices, not macro releases); only
    among ``ids`` when given, only market data (not the demo) with ``real_only``."""
    wanted = None if ids is None else set(ids)
    days = [
        p.last_date
        for sid, p in loaded.provenance.items()
        if p.available
        and not (real_only and p.synthetic)
        and p.last_date
        and (wanted is None or sid in wanted)
        and catalog.is_known(sid)
        and catalog.get(sid).is_market
    ]
    return max(days, default=None)


def last_data_date(loaded: Loaded, as_of: date | pd.Timestamp) -> date | None:
    """The newest observation of any series the scorecard reads that was published by
    ``as_of``: what a replay could know, never the loaded files' later rows."""
    wanted = {sid: loaded.series[sid] for sid in rules.required_series() if sid in loaded.series}
    cut = rules.point_in_time(wanted, pd.Timestamp(as_of))
    return max((s.index[-1].date() for s in cut.values() if not s.empty), default=None)


def shortfalls(signals: list[rules.Signal]) -> dict[str, list[str]]:
    """Why a scorecard is not complete market evidence: the ids of unavailable signals (no
    data, too short a history), of stale ones (a last reading older than its limit on the
    as-of date) and of signals on synthetic data."""
    return {
        "unavailable": [s.id for s in signals if s.status == "unavailable"],
        "stale": [s.id for s in signals if s.status == "stale"],
        "synthetic": [s.id for s in signals if s.synthetic and s.status != "unavailable"],
    }


def tally(signals: list[rules.Signal]) -> dict[str, int]:
    """Count per status, every status present (zeros included), in ``SIGNAL_STATUSES`` order."""
    counts = dict.fromkeys(rules.SIGNAL_STATUSES, 0)
    for s in signals:
        counts[s.status] = counts.get(s.status, 0) + 1
    return counts


def source_texts(loaded: Loaded) -> dict[str, str]:
    """``id -> "IWM yahoo/live"`` for every available series; the scorecard adds the last date
    each signal used as of its date (never the loaded data's last date, which may be later)."""
    return {sid: p.source_text() for sid, p in loaded.provenance.items() if p.available}


def side_tables(
    loaded: Loaded, settings: Settings | None = None, consensus: pd.DataFrame | None = None
) -> dict[str, pd.DataFrame]:
    """The tables signals may read: provenance flags, the consensus expectations (read from the
    bundled and the team's files unless ``consensus`` is given) and the ALFRED vintages of the
    macro series FRED delivered (with a key)."""
    if consensus is None:
        consensus = usertables.load(usertables.CONSENSUS, settings).frame
    return {
        rules.PROVENANCE_TABLE: rules.provenance_table(loaded.provenance),
        usertables.CONSENSUS.name: consensus,
        **surprise.vintage_tables(
            vintages.load_for(loaded.provenance, settings or get_settings(), surprise.MACRO_IDS)
        ),
    }


def timeline(
    loaded: Loaded,
    dates: Sequence[date] | pd.DatetimeIndex,
    settings: Settings | None = None,
    consensus: pd.DataFrame | None = None,
) -> dict[str, list[rules.Point]]:
    """Every signal's status and value on each of ``dates``, each as the scorecard said on
    that date from data published by then (the Overview's thesis timeline)."""
    return rules.history(
        rules.SCORECARD, loaded.series, dates, tables=side_tables(loaded, settings, consensus)
    )


def compute(
    loaded: Loaded,
    as_of: date | pd.Timestamp | None = None,
    settings: Settings | None = None,
    specs=rules.SCORECARD,
    consensus: pd.DataFrame | None = None,
) -> list[rules.Signal]:
    """Every scorecard signal as it stood on ``as_of`` (default: today), in scorecard order."""
    return rules.evaluate(
        specs,
        loaded.series,
        as_of=as_of,
        sources=source_texts(loaded),
        missing_reasons=loaded.unavailable,
        tables=side_tables(loaded, settings, consensus),
    )
