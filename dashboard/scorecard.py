"""The thesis scorecard on loaded data: what the Overview and ``rotation signals`` both call.

Glue between the data layer and the signal library: it hands :func:`thesis.evaluate` the loaded
series, their provenance strings, why missing series are missing, and the side tables the
signals read (consensus expectations, provenance flags), so the page and the CLI can never
disagree about a signal.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from dashboard.data import usertables, vintages
from dashboard.data.load import Loaded
from dashboard.settings import Settings, get_settings
from dashboard.signals import surprise, thesis


def default_as_of(loaded: Loaded, today: date | None = None) -> tuple[date, str]:
    """The scorecard's default date and why: today when any loaded series is market data
    (every value published so far counts); the demo's last day when everything is synthetic
    (the demo ends on a fixed day, so today would find every signal stale)."""
    from dashboard.data.sources.demo import DEMO_END

    today = today or date.today()
    available = [p for p in loaded.provenance.values() if p.available]
    if not available or any(not p.synthetic for p in available):
        return today, "today: every value published so far counts"
    day = min(DEMO_END, today)
    return day, f"the last day of the synthetic demo data ({day:%Y-%m-%d})"


def newest_market_close(loaded: Loaded) -> date | None:
    """The last close of any loaded market series (daily prices, not macro releases)."""
    from dashboard.data import catalog

    days = [
        p.last_date
        for sid, p in loaded.provenance.items()
        if p.available and p.last_date and catalog.is_known(sid) and catalog.get(sid).is_market
    ]
    return max(days, default=None)


def last_data_date(loaded: Loaded, as_of: date | pd.Timestamp) -> date | None:
    """The newest observation of any series the scorecard reads that was published by
    ``as_of``: what a replay could know, never the loaded files' later rows."""
    wanted = {sid: loaded.series[sid] for sid in thesis.required_series() if sid in loaded.series}
    cut = thesis.point_in_time(wanted, pd.Timestamp(as_of))
    return max((s.index[-1].date() for s in cut.values() if not s.empty), default=None)


def shortfalls(signals: list[thesis.Signal]) -> dict[str, list[str]]:
    """Why a scorecard is not complete market evidence: the ids of unavailable signals (no
    data, stale on the as-of date, too short a history) and of signals on synthetic data."""
    return {
        "unavailable": [s.id for s in signals if s.status == "unavailable"],
        "synthetic": [s.id for s in signals if s.synthetic and s.status != "unavailable"],
    }


def value_text(signal: thesis.Signal) -> str:
    """``+14.20 index points``, ``-0.41%``, ``10 sessions``; ``n/a`` without a value."""
    if signal.value is None:
        return "n/a"
    if signal.unit == "sessions":
        return f"{signal.value:.0f} session{'' if signal.value == 1 else 's'}"
    unit = f" {signal.unit}" if signal.unit and not signal.unit.startswith("%") else signal.unit
    return f"{signal.value:+.2f}{unit}"


def tally(signals: list[thesis.Signal]) -> dict[str, int]:
    """Count per status, every status present (zeros included), in ``SIGNAL_STATUSES`` order."""
    counts = dict.fromkeys(thesis.SIGNAL_STATUSES, 0)
    for s in signals:
        counts[s.status] = counts.get(s.status, 0) + 1
    return counts


def headline(signals: list[thesis.Signal]) -> str:
    """ "7 of 12 confirming", saying how many of those rest on synthetic (demo) data: a demo
    reading confirms by construction and is never counted as market evidence."""
    confirming = [s for s in signals if s.status == "confirming"]
    synthetic = sum(s.synthetic for s in confirming)
    total = len(signals)
    if not synthetic:
        return f"{len(confirming)} of {total} confirming"
    if synthetic == len(confirming) and all(s.synthetic for s in signals if s.value is not None):
        return f"{len(confirming)} of {total} confirming on synthetic demo data (not market data)"
    return (
        f"{len(confirming) - synthetic} of {total} confirming on market data "
        f"(+{synthetic} on synthetic demo data)"
    )


def source_texts(loaded: Loaded) -> dict[str, str]:
    """``id -> "IWM yahoo/live"`` for every available series; the scorecard adds the last date
    each signal used as of its date (never the loaded data's last date, which may be later)."""
    return {
        sid: f"{sid} {p.source}/{p.status}" for sid, p in loaded.provenance.items() if p.available
    }


def side_tables(loaded: Loaded, settings: Settings | None = None) -> dict[str, pd.DataFrame]:
    """The tables signals may read: provenance flags, the consensus expectations and the
    ALFRED vintages of the macro series FRED delivered (with a key)."""
    return {
        thesis.PROVENANCE_TABLE: thesis.provenance_table(loaded.provenance),
        usertables.CONSENSUS.name: usertables.load(usertables.CONSENSUS, settings).frame,
        **surprise.vintage_tables(
            vintages.load_for(loaded.provenance, settings or get_settings(), surprise.MACRO_IDS)
        ),
    }


def compute(
    loaded: Loaded,
    as_of: date | pd.Timestamp | None = None,
    settings: Settings | None = None,
    specs=thesis.SCORECARD,
) -> list[thesis.Signal]:
    """Every scorecard signal as it stood on ``as_of`` (default: today), in scorecard order."""
    return thesis.evaluate(
        specs,
        loaded.series,
        as_of=as_of,
        sources=source_texts(loaded),
        missing_reasons=loaded.unavailable,
        tables=side_tables(loaded, settings),
    )
