"""The thesis scorecard's rules: each claim of "The Great Rotation 2026" as a testable signal.

``framework`` says how a rule is written and evaluated point in time; one module per view holds
that view's rules (``small_caps``, ``macro``, ``liquidity``, ``cross_asset``, ``global_view``).
:data:`SCORECARD` lists them in the order the Overview shows them, and every id is derived from
the specs. Loading data and scoring it is :mod:`dashboard.scoring`; drawing it is
:mod:`dashboard.ui.scorecard`.
"""

from __future__ import annotations

from collections.abc import Sequence

from dashboard.signals.scorecard.cross_asset import CROSS_ASSET
from dashboard.signals.scorecard.framework import (
    MAX_AGE_DAYS,
    PROVENANCE_TABLE,
    SCORED_STATUSES,
    SIGNAL_STATUSES,
    Inputs,
    Point,
    Reading,
    Signal,
    SignalSpec,
    SignalStatus,
    classify,
    evaluate,
    history,
    point_in_time,
    provenance_table,
)
from dashboard.signals.scorecard.global_view import GLOBAL
from dashboard.signals.scorecard.liquidity import LIQUIDITY
from dashboard.signals.scorecard.macro import MACRO
from dashboard.signals.scorecard.small_caps import SMALL_CAPS

__all__ = [
    "CROSS_ASSET",
    "GLOBAL",
    "LIQUIDITY",
    "MACRO",
    "MAX_AGE_DAYS",
    "PROVENANCE_TABLE",
    "SCORECARD",
    "SCORED_STATUSES",
    "SIGNAL_IDS",
    "SIGNAL_STATUSES",
    "SMALL_CAPS",
    "Inputs",
    "Point",
    "Reading",
    "Signal",
    "SignalSpec",
    "SignalStatus",
    "classify",
    "evaluate",
    "history",
    "point_in_time",
    "provenance_table",
    "required_series",
]

SCORECARD: tuple[SignalSpec, ...] = SMALL_CAPS + MACRO + LIQUIDITY + CROSS_ASSET + GLOBAL

#: The claims' ids, in scorecard order.
SIGNAL_IDS: tuple[str, ...] = tuple(spec.id for spec in SCORECARD)


def required_series(specs: Sequence[SignalSpec] = SCORECARD) -> tuple[str, ...]:
    """Every series id the scorecard needs (required and optional), de-duplicated."""
    ids: dict[str, None] = {}
    for spec in specs:
        ids.update(dict.fromkeys(spec.series + spec.optional_series))
    return tuple(ids)
