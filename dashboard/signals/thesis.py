"""The thesis scorecard: each claim of "The Great Rotation 2026" as a testable signal.

A :class:`SignalSpec` names the series a claim needs, states its rule in plain words, and
computes a :class:`Reading` (value, status, detail) from data that was *public on the as-of
date*: :func:`evaluate` cuts every series to what its release rule had published by then
(:mod:`dashboard.data.release`), so replaying the scorecard on 2026-01-16 sees exactly what a
reader of the note could have seen, and appending later data never changes a past reading.

Statuses: ``confirming`` (the data supports the claim), ``neutral``, ``contradicting``,
``unavailable`` (data missing: the reason is given; a signal never disappears silently).

The specs themselves are defined next to the view they belong to, below, in scorecard order.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

import pandas as pd

from dashboard.data import catalog
from dashboard.data.release import published_as_of

SignalStatus = Literal["confirming", "neutral", "contradicting", "unavailable"]
SIGNAL_STATUSES: tuple[SignalStatus, ...] = (
    "confirming",
    "neutral",
    "contradicting",
    "unavailable",
)


@dataclass(frozen=True, slots=True)
class Inputs:
    """What a signal's compute function sees: point-in-time series and side tables."""

    series: Mapping[str, pd.Series]  #: already cut to what was published by ``as_of``
    as_of: pd.Timestamp
    tables: Mapping[str, pd.DataFrame] = field(default_factory=dict)  #: e.g. "consensus"

    def __getitem__(self, series_id: str) -> pd.Series:
        return self.series[series_id]


@dataclass(frozen=True, slots=True)
class Reading:
    """A compute function's answer."""

    value: float | None
    status: SignalStatus
    detail: str = ""
    as_of: date | None = None  #: date of the newest observation the value uses


@dataclass(frozen=True, slots=True)
class SignalSpec:
    id: str
    title: str
    claim: str  #: what the thesis says, in its words
    rule: str  #: the status rule in plain words
    unit: str
    series: tuple[str, ...]  #: required series ids
    compute: Callable[[Inputs], Reading]
    view: str  #: url path of the page that explains it
    optional_series: tuple[str, ...] = ()  #: used when present (e.g. a user-supplied file)


@dataclass(frozen=True, slots=True)
class Signal:
    """A scorecard entry as shown on the Overview and printed by ``rotation signals``."""

    id: str
    title: str
    value: float | None
    unit: str
    status: SignalStatus
    rule: str
    detail: str
    as_of: date | None
    sources: tuple[str, ...]
    view: str
    claim: str = ""

    def to_json(self) -> dict:
        value = None if self.value is None or not math.isfinite(self.value) else self.value
        return {
            "id": self.id,
            "title": self.title,
            "value": value,
            "unit": self.unit,
            "status": self.status,
            "rule": self.rule,
            "detail": self.detail,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "sources": list(self.sources),
        }


def classify(
    value: float | None,
    *,
    above: float = 0.0,
    below: float | None = None,
    higher_confirms: bool = True,
) -> SignalStatus:
    """Status from a value and thresholds: strictly beyond ``above`` confirms (or, with
    ``higher_confirms=False``, strictly below); the opposite side of ``below`` (default: the
    same threshold) contradicts; anything between is neutral."""
    if value is None or not math.isfinite(value):
        return "unavailable"
    below = above if below is None else below
    if higher_confirms:
        if value > above:
            return "confirming"
        return "contradicting" if value < below else "neutral"
    if value < above:
        return "confirming"
    return "contradicting" if value > below else "neutral"


def point_in_time(series: Mapping[str, pd.Series], as_of: pd.Timestamp) -> dict[str, pd.Series]:
    """Each series cut to what its release rule had published by ``as_of``."""
    cut = {}
    for sid, values in series.items():
        try:
            spec = catalog.get(sid)
            cut[sid] = published_as_of(values, spec.release, spec.frequency, as_of)
        except KeyError:
            cut[sid] = values[values.index <= as_of]
    return cut


def evaluate(
    specs: Sequence[SignalSpec],
    series: Mapping[str, pd.Series],
    *,
    as_of: date | pd.Timestamp | None = None,
    sources: Mapping[str, str] | None = None,
    missing_reasons: Mapping[str, str] | None = None,
    tables: Mapping[str, pd.DataFrame] | None = None,
) -> list[Signal]:
    """Compute every spec on data public at ``as_of`` (default: the newest date in the data).

    ``sources`` maps series ids to a short provenance string (``IWM yahoo/live``) carried into
    each signal; ``missing_reasons`` explains series that could not be loaded.
    """
    sources = sources or {}
    missing_reasons = missing_reasons or {}
    if as_of is None:
        last = [s.index[-1] for s in series.values() if len(s)]
        as_of_ts = max(last) if last else pd.Timestamp.today().normalize()
    else:
        as_of_ts = pd.Timestamp(as_of)
    cut = point_in_time(series, as_of_ts)
    inputs = Inputs(series=cut, as_of=as_of_ts, tables=tables or {})
    return [_evaluate_one(spec, inputs, sources, missing_reasons) for spec in specs]


def _evaluate_one(spec: SignalSpec, inputs: Inputs, sources, missing_reasons) -> Signal:
    used = [s for s in spec.series + spec.optional_series if s in inputs.series]
    provenance = tuple(sources.get(s, s) for s in used)
    missing = [s for s in spec.series if s not in inputs.series or inputs.series[s].empty]
    if missing:
        why = "; ".join(
            f"{s}: {missing_reasons.get(s) or 'no data published by the as-of date'}"
            for s in missing
        )
        reading = Reading(None, "unavailable", f"Missing data. {why}")
    else:
        try:
            reading = spec.compute(inputs)
        except (ValueError, KeyError, IndexError, ZeroDivisionError) as exc:
            reading = Reading(None, "unavailable", f"Could not compute: {exc}")
    value = reading.value
    if value is not None and not math.isfinite(value):
        value = None
    return Signal(
        id=spec.id,
        title=spec.title,
        value=value,
        unit=spec.unit,
        status=reading.status if value is not None else "unavailable",
        rule=spec.rule,
        detail=reading.detail,
        as_of=reading.as_of,
        sources=provenance,
        view=spec.view,
        claim=spec.claim,
    )


# =================================================================================================
# The scorecard. Each view's issue defines its signals in its own section below; SCORECARD
# lists them in the order the Overview shows them.
# =================================================================================================

# --- small caps (relative strength, breakout) ----------------------------------------------------
SMALL_CAPS: tuple[SignalSpec, ...] = ()


# --- macro surprises -----------------------------------------------------------------------------
MACRO: tuple[SignalSpec, ...] = ()


# --- money-market-fund liquidity ----------------------------------------------------------------
LIQUIDITY: tuple[SignalSpec, ...] = ()


# --- cross-asset rotation -----------------------------------------------------------------------
CROSS_ASSET: tuple[SignalSpec, ...] = ()


# --- global green shoots ------------------------------------------------------------------------
GLOBAL: tuple[SignalSpec, ...] = ()


SCORECARD: tuple[SignalSpec, ...] = SMALL_CAPS + MACRO + LIQUIDITY + CROSS_ASSET + GLOBAL

#: The twelve claims, in order; ids the views define.
SIGNAL_IDS: tuple[str, ...] = (
    "smallcap_streak",
    "smallcap_breakout",
    "philly_fed_surprise",
    "empire_surprise",
    "claims_surprise",
    "macro_surprise_index",
    "mmf_trend",
    "gold_vs_smallcaps",
    "crypto_vs_gold",
    "growth_vs_smallcaps",
    "global_growth",
    "real_yields",
)


def required_series(specs: Sequence[SignalSpec] = SCORECARD) -> tuple[str, ...]:
    """Every series id the scorecard needs (required and optional), de-duplicated."""
    ids: dict[str, None] = {}
    for spec in specs:
        ids.update(dict.fromkeys(spec.series + spec.optional_series))
    return tuple(ids)
