"""The thesis scorecard on loaded data: what the Overview and ``rotation signals`` both call.

Glue between the data layer and the signal library: it hands :func:`thesis.evaluate` the loaded
series, their provenance strings, why missing series are missing, and the side tables the
signals read (consensus expectations, provenance flags), so the page and the CLI can never
disagree about a signal.

The scorecard is always complete: every id of :data:`thesis.SIGNAL_IDS` gets an entry, in that
order. An id whose spec is not defined yet (a view still being built) comes back
``unavailable`` with the reason, so a missing signal is visible, never silently absent.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from dashboard.data import usertables
from dashboard.data.load import Loaded
from dashboard.settings import Settings
from dashboard.signals import thesis

#: Where each planned signal will be explained, for ids that have no spec yet (url paths of app.py).
PLANNED_VIEWS: dict[str, str] = {
    "smallcap_streak": "small_caps",
    "smallcap_breakout": "small_caps",
    "philly_fed_surprise": "macro",
    "empire_surprise": "macro",
    "claims_surprise": "macro",
    "macro_surprise_index": "macro",
    "mmf_trend": "liquidity",
    "gold_vs_smallcaps": "cross_asset",
    "crypto_vs_gold": "cross_asset",
    "growth_vs_smallcaps": "cross_asset",
    "global_growth": "global_view",
    "real_yields": "global_view",
}
NOT_COMPUTED = "unavailable: not computed yet (no signal definition for this claim in this build)"


def not_computed(signal_id: str) -> thesis.Signal:
    """The entry for a scorecard id whose spec does not exist (yet)."""
    return thesis.Signal(
        id=signal_id,
        title=signal_id.replace("_", " ").capitalize(),
        value=None,
        unit="",
        status="unavailable",
        rule="Not defined yet.",
        detail=NOT_COMPUTED[0].upper() + NOT_COMPUTED[1:] + ".",
        as_of=None,
        sources=(),
        view=PLANNED_VIEWS.get(signal_id, "overview"),
    )


def complete(
    signals: list[thesis.Signal], ids: tuple[str, ...] = thesis.SIGNAL_IDS
) -> list[thesis.Signal]:
    """``signals`` with a :func:`not_computed` entry for every id in ``ids`` they lack, ordered
    as ``ids`` (signals with other ids follow, in their own order)."""
    by_id = {s.id: s for s in signals}
    ordered = [by_id.get(i) or not_computed(i) for i in ids]
    return ordered + [s for s in signals if s.id not in ids]


def tally(signals: list[thesis.Signal]) -> dict[str, int]:
    """Count per status, every status present (zeros included), in ``SIGNAL_STATUSES`` order."""
    counts = dict.fromkeys(thesis.SIGNAL_STATUSES, 0)
    for s in signals:
        counts[s.status] = counts.get(s.status, 0) + 1
    return counts


def source_texts(loaded: Loaded) -> dict[str, str]:
    """``id -> "IWM yahoo/live to 2026-01-16"`` for every available series."""
    return {
        sid: f"{sid} {p.source}/{p.status}" + (f" to {p.last_date:%Y-%m-%d}" if p.last_date else "")
        for sid, p in loaded.provenance.items()
        if p.available
    }


def side_tables(loaded: Loaded, settings: Settings | None = None) -> dict[str, pd.DataFrame]:
    """The tables signals may read: provenance flags and the consensus expectations."""
    return {
        thesis.PROVENANCE_TABLE: thesis.provenance_table(loaded.provenance),
        usertables.CONSENSUS.name: usertables.load(usertables.CONSENSUS, settings).frame,
    }


def compute(
    loaded: Loaded,
    as_of: date | pd.Timestamp | None = None,
    settings: Settings | None = None,
    specs=thesis.SCORECARD,
) -> list[thesis.Signal]:
    """Every scorecard signal as it stood on ``as_of`` (default: today), one per id of
    ``thesis.SIGNAL_IDS`` (those without a spec: ``unavailable``, see :func:`complete`)."""
    signals = thesis.evaluate(
        specs,
        loaded.series,
        as_of=as_of,
        sources=source_texts(loaded),
        missing_reasons=loaded.unavailable,
        tables=side_tables(loaded, settings),
    )
    return complete(signals)
