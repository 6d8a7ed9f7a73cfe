"""The scorecard framework: how a claim of the thesis becomes a testable signal, and how it is
evaluated point in time.

A :class:`SignalSpec` names the series a claim needs, states its rule in plain words, and
computes a :class:`Reading` (value, status, detail) from data that was *public on the as-of
date*: :func:`evaluate` cuts every series to what its release rule had published by then
(:mod:`dashboard.data.release`), so replaying the scorecard on 2026-01-16 sees exactly what a
reader of the note could have seen, and appending later data never changes a past reading.

Statuses: ``confirming`` (the data supports the claim), ``neutral``, ``contradicting``,
``unavailable`` (data missing: the reason is given; a signal never disappears silently).

The specs themselves live in one module per view beside this one
(:mod:`dashboard.signals.scorecard`), in scorecard order.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

import pandas as pd

from dashboard.data import catalog
from dashboard.data.provenance import source_as_of
from dashboard.data.release import published_as_of

SignalStatus = Literal["confirming", "neutral", "contradicting", "unavailable"]
SIGNAL_STATUSES: tuple[SignalStatus, ...] = (
    "confirming",
    "neutral",
    "contradicting",
    "unavailable",
)


#: Optional side table ``Inputs.tables[PROVENANCE_TABLE]``: indexed by series id, with columns
#: ``status`` (live / cached / stale / synthetic / unavailable) and ``origin``. It lets
#: ``mmf_trend`` prefer a real total over a synthetic one and name the origin; without it the
#: catalog order decides (MMF_TOTAL first) and the detail says nothing about where data came from.
PROVENANCE_TABLE = "provenance"


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
    #: the series the value was computed from, when only some of the spec's were (default: all
    #: the spec's series that are present)
    used: tuple[str, ...] | None = None
    #: staleness limit for this reading (e.g. of the series it chose); default: the spec's
    max_age_days: int | None = None


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
    #: Older data than this (days before the as-of date) is stale: default from the frequencies.
    max_age_days: int | None = None

    @property
    def stale_after_days(self) -> int:
        """``max_age_days``, or the most lenient limit among its series' frequencies."""
        if self.max_age_days is not None:
            return self.max_age_days
        limits = [
            MAX_AGE_DAYS[catalog.BY_ID[s].frequency]
            for s in self.series + self.optional_series
            if s in catalog.BY_ID
        ]
        return max(limits, default=MAX_AGE_DAYS["B"])


#: How old (calendar days before the as-of date) the newest observation a signal uses may be
#: before the signal is stale (the catalog's limits per frequency, shared with the doctor).
MAX_AGE_DAYS: dict[str, int] = catalog.MAX_AGE_DAYS


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
    synthetic: bool = False  #: computed from synthetic (demo) data: not evidence about markets

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
            "synthetic": self.synthetic,
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
    """Compute every spec on data public at ``as_of`` (default: today).

    ``sources`` maps series ids to a short provenance string (``IWM yahoo/live``) carried into
    each signal with the last date it holds on ``as_of`` (``IWM yahoo/live to 2008-06-06``),
    never a later one; ``missing_reasons`` explains series that could not be loaded.
    """
    sources = sources or {}
    missing_reasons = missing_reasons or {}
    # Default: today, so every value already published counts (the newest observation's own
    # date would hide e.g. last week's claims, published days after the week they describe).
    as_of_ts = pd.Timestamp(as_of) if as_of is not None else pd.Timestamp.today().normalize()
    cut = point_in_time(series, as_of_ts)
    inputs = Inputs(series=cut, as_of=as_of_ts, tables=tables or {})
    return [_evaluate_one(spec, inputs, sources, missing_reasons) for spec in specs]


def _evaluate_one(spec: SignalSpec, inputs: Inputs, sources, missing_reasons) -> Signal:
    # the series with data published by the as-of date: only they can be a signal's sources
    present = [
        s
        for s in spec.series + spec.optional_series
        if s in inputs.series and not inputs.series[s].empty
    ]
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
    used = list(reading.used) if reading.used is not None else present
    value = reading.value
    if value is not None and not math.isfinite(value):
        value = None
    limit = reading.max_age_days or spec.stale_after_days
    if value is not None and reading.as_of is not None:
        age = (inputs.as_of.date() - reading.as_of).days
        if age > limit:
            # An old reading is not today's answer: say what it was, do not score it.
            reading = Reading(
                None,
                "unavailable",
                f"Stale: the newest data it uses is from {reading.as_of:%Y-%m-%d}, {age} days "
                f"before the as-of date (limit {limit} days). Last reading "
                f"{value:+.2f} {spec.unit} ({reading.status}): {reading.detail}",
                reading.as_of,
            )
            value = None
    table = inputs.tables.get(PROVENANCE_TABLE)
    synthetic = (
        table is not None
        and bool(used)
        and any(s in table.index and table.at[s, "status"] == "synthetic" for s in used)
    )
    return Signal(
        id=spec.id,
        title=spec.title,
        value=value,
        unit=spec.unit,
        status=reading.status if value is not None else "unavailable",
        rule=spec.rule,
        detail=reading.detail,
        as_of=reading.as_of,
        sources=tuple(source_as_of(sources.get(s, s), inputs.series.get(s)) for s in used),
        view=spec.view,
        claim=spec.claim,
        synthetic=synthetic,
    )


def provenance_table(provenance: Mapping[str, object]) -> pd.DataFrame:
    """The ``PROVENANCE_TABLE`` side table from ``Loaded.provenance`` (id -> Provenance)."""
    rows = {
        sid: {"status": getattr(p, "status", ""), "origin": getattr(p, "origin", "")}
        for sid, p in provenance.items()
    }
    return pd.DataFrame.from_dict(rows, orient="index", columns=["status", "origin"])
