"""The scorecard framework: how a claim of the thesis becomes a testable signal, and how it is
evaluated point in time.

A :class:`SignalSpec` names the series a claim needs, states its rule in plain words, and
computes a :class:`Reading` (value, status, detail) from data that was *public on the as-of
date*: :func:`evaluate` cuts every series to what its release rule had published by then
(:mod:`dashboard.data.release`), so replaying the scorecard on 2026-01-16 sees exactly what a
reader of the note could have seen, and appending later data never changes a past reading.

Statuses: ``confirming`` (the data supports the claim), ``neutral``, ``contradicting`` (the
three that score a claim on current data); ``stale`` (the newest data the reading uses is older
than its limit: the signal keeps its last value, date and age and names the status that reading
had, but it is not evidence on the as-of date); ``unavailable`` (no reading at all: the reason is
given; a signal never disappears silently).

:func:`history` answers the same question for many dates at once (the Overview's thesis
timeline): each date's status is what :func:`evaluate` says on that date, from data published by
then. A spec may give a vectorised ``history`` function for speed; without one, or where it
declines a date, the spec's ``compute`` runs on that date's cut.

The specs themselves live in one module per view beside this one
(:mod:`dashboard.signals.scorecard`), in scorecard order.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

import numpy as np
import pandas as pd

from dashboard.data import catalog
from dashboard.data.provenance import source_as_of
from dashboard.data.release import published_as_of, release_dates

SignalStatus = Literal["confirming", "neutral", "contradicting", "stale", "unavailable"]
SIGNAL_STATUSES: tuple[SignalStatus, ...] = (
    "confirming",
    "neutral",
    "contradicting",
    "stale",
    "unavailable",
)
#: The statuses that score a claim on data current at the as-of date: evidence.
SCORED_STATUSES: tuple[SignalStatus, ...] = ("confirming", "neutral", "contradicting")


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
    #: results several specs compute from these same inputs (e.g. a macro indicator's surprise
    #: table, read by its own signal and by the composite), kept for this evaluation only
    shared: dict = field(default_factory=dict, compare=False, repr=False)

    def __getitem__(self, series_id: str) -> pd.Series:
        return self.series[series_id]

    def once(self, key: tuple, compute: Callable[[], object]) -> object:
        """``compute()``, computed once per ``key`` for these inputs."""
        if key not in self.shared:
            self.shared[key] = compute()
        return self.shared[key]


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
    #: the compute function's own verdict that this reading is old (e.g. a country behind its
    #: release schedule): stale whatever its age
    stale: bool = False


#: ``history(inputs, released, dates)``: the readings of one spec at each of ``dates`` (sorted),
#: as ``compute`` would return them on that date's cut (details may be left empty). ``inputs``
#: holds the series cut at the last date; ``released`` maps each of its series ids to the day
#: each observation was published (aligned with the series' index). A ``None`` in the list
#: declines that date: ``compute`` runs on it instead.
HistoryFn = Callable[
    ["Inputs", Mapping[str, pd.DatetimeIndex], pd.DatetimeIndex], Sequence["Reading | None"]
]


@dataclass(frozen=True, slots=True)
class SignalSpec:
    id: str
    title: str
    short: str  #: a few words that name it where a title is too long (the timeline's rows)
    claim: str  #: what the thesis says, in its words
    rule: str  #: the status rule in plain words
    unit: str
    series: tuple[str, ...]  #: required series ids
    compute: Callable[[Inputs], Reading]
    view: str  #: url path of the page that explains it
    optional_series: tuple[str, ...] = ()  #: used when present (e.g. a user-supplied file)
    #: Older data than this (days before the as-of date) is stale: default from the frequencies.
    max_age_days: int | None = None
    #: Optional vectorised evaluation at many dates (see :data:`HistoryFn`); must agree with
    #: ``compute`` on every date (tests/unit/test_scorecard_history.py checks each spec).
    history: HistoryFn | None = None

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
    short: str = ""  #: a few words that name it (:attr:`SignalSpec.short`)
    synthetic: bool = False  #: computed from synthetic (demo) data: not evidence about markets
    #: ``stale``: the status the last reading had (its value is ``value``); else None
    last_status: SignalStatus | None = None
    age_days: int | None = None  #: calendar days from ``as_of`` to the scorecard's date
    limit_days: int | None = None  #: the age past which the signal is stale

    @property
    def scored(self) -> bool:
        """Confirming, neutral or contradicting on current data (not stale, not unavailable)."""
        return self.status in SCORED_STATUSES

    @property
    def stale(self) -> bool:
        return self.status == "stale"

    def to_json(self) -> dict:
        value = None if self.value is None or not math.isfinite(self.value) else self.value
        return {
            "id": self.id,
            "title": self.title,
            "value": value,
            "unit": self.unit,
            "status": self.status,
            "last_status": self.last_status,
            "rule": self.rule,
            "detail": self.detail,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "age_days": self.age_days,
            "limit_days": self.limit_days,
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
    reading = _reading(spec, inputs, missing_reasons)
    # the series with data published by the as-of date: only they can be a signal's sources
    present = [s for s in spec.series + spec.optional_series if _has(inputs, s)]
    used = list(reading.used) if reading.used is not None else present
    judged = judge(spec, reading, inputs.as_of.date())
    table = inputs.tables.get(PROVENANCE_TABLE)
    synthetic = (
        table is not None
        and bool(used)
        and any(s in table.index and table.at[s, "status"] == "synthetic" for s in used)
    )
    return Signal(
        id=spec.id,
        title=spec.title,
        value=judged.value,
        unit=spec.unit,
        status=judged.status,
        rule=spec.rule,
        detail=judged.detail,
        as_of=reading.as_of,
        sources=tuple(source_as_of(sources.get(s, s), inputs.series.get(s)) for s in used),
        view=spec.view,
        claim=spec.claim,
        short=spec.short,
        synthetic=synthetic,
        last_status=judged.last_status,
        age_days=judged.age_days,
        limit_days=judged.limit_days,
    )


def _has(inputs: Inputs, series_id: str) -> bool:
    return series_id in inputs.series and not inputs.series[series_id].empty


def _reading(spec: SignalSpec, inputs: Inputs, missing_reasons=None) -> Reading:
    """The spec's reading on ``inputs``: unavailable when a required series has nothing
    published, or when the compute function cannot compute."""
    missing = [s for s in spec.series if not _has(inputs, s)]
    if missing:
        why = "; ".join(
            f"{s}: {(missing_reasons or {}).get(s) or 'no data published by the as-of date'}"
            for s in missing
        )
        return Reading(None, "unavailable", f"Missing data. {why}")
    try:
        return spec.compute(inputs)
    except (ValueError, KeyError, IndexError, ZeroDivisionError) as exc:
        return Reading(None, "unavailable", f"Could not compute: {exc}")


@dataclass(frozen=True, slots=True)
class Judged:
    """A reading judged on a date: its status there (stale when its data is too old)."""

    value: float | None
    status: SignalStatus
    detail: str
    last_status: SignalStatus | None  #: stale: the reading's own status
    age_days: int | None
    limit_days: int | None


def judge(spec: SignalSpec, reading: Reading, as_of: date) -> Judged:
    """``reading`` as the scorecard shows it on ``as_of``: a value that is not finite is no
    reading (unavailable); a reading whose data is older than its limit is ``stale``, keeping
    its value, date and the status it had."""
    value = reading.value
    if value is not None and not math.isfinite(value):
        value = None
    if value is None:
        status: SignalStatus = "unavailable"
    else:
        status = reading.status
    age = limit = None
    if reading.as_of is not None:
        age = (as_of - reading.as_of).days
        limit = reading.max_age_days or spec.stale_after_days
    too_old = age is not None and limit is not None and age > limit
    if value is not None and (too_old or reading.stale):
        # An old reading is not an answer on the as-of date: keep it, say how old, do not score.
        why = (
            f"the newest data it uses is from {reading.as_of:%Y-%m-%d}, {age} days before the "
            f"as-of date (limit {limit} days)"
            if too_old
            else "its data is behind its release schedule"
        )
        detail = (
            f"Stale: {why}. Last reading {value:+.2f} {spec.unit} ({reading.status}): "
            f"{reading.detail}"
        )
        return Judged(value, "stale", detail, reading.status, age, limit)
    return Judged(value, status, reading.detail, None, age, limit)


def release_index(series_id: str, index: pd.DatetimeIndex) -> pd.DatetimeIndex:
    """The day each observation of ``series_id`` was published (its catalog release rule;
    unknown ids: the observation's own date)."""
    try:
        spec = catalog.get(series_id)
    except KeyError:
        return pd.DatetimeIndex(index)
    return pd.DatetimeIndex(release_dates(index, spec.release, spec.frequency))


def public_positions(released: pd.DatetimeIndex, dates: pd.DatetimeIndex) -> np.ndarray | None:
    """For each of ``dates``, the position of the last observation published by then (-1:
    none), when what is published on each date is a prefix of the series (release days never
    decrease); None when it is not, so a history function can decline."""
    days = _ns(released)
    if len(days) > 1 and (np.diff(days) < 0).any():
        return None
    return np.searchsorted(days, _ns(dates), side="right") - 1


def _ns(index: pd.DatetimeIndex) -> np.ndarray:
    """Nanoseconds since the epoch (indexes may carry different units)."""
    return pd.DatetimeIndex(index).as_unit("ns").asi8


@dataclass(frozen=True, slots=True)
class Point:
    """One spec on one date of a history: what the scorecard says there."""

    status: SignalStatus
    value: float | None  #: the reading's value (kept when stale)
    as_of: date | None  #: the newest data it uses
    last_status: SignalStatus | None = None  #: stale: the reading's own status


def history(
    specs: Sequence[SignalSpec],
    series: Mapping[str, pd.Series],
    dates: Sequence | pd.DatetimeIndex,
    *,
    tables: Mapping[str, pd.DataFrame] | None = None,
) -> dict[str, list[Point]]:
    """Each spec's status and value on each of ``dates``, each from data published by that
    date: what :func:`evaluate` would say there, without its words (spec id -> one
    :class:`Point` per date, in date order)."""
    days = pd.DatetimeIndex(pd.to_datetime(list(dates))).normalize().unique().sort_values()
    tables = tables or {}
    if days.empty:
        return {spec.id: [] for spec in specs}
    last = days[-1]
    cut = point_in_time(series, last)
    released = {sid: release_index(sid, values.index) for sid, values in cut.items()}
    first_public = {
        sid: (r.min() if len(r) else pd.NaT) for sid, r in released.items() if len(cut[sid])
    }
    inputs = Inputs(series=cut, as_of=last, tables=tables)
    out: dict[str, list[Point]] = {}
    for spec in specs:
        readings: Sequence[Reading | None] = [None] * len(days)
        if spec.history is not None:
            try:
                readings = spec.history(inputs, released, days)
            except (ValueError, KeyError, IndexError, ZeroDivisionError):
                readings = [None] * len(days)  # the exact path decides, date by date
        points = []
        for day, reading in zip(days, readings, strict=True):
            public = all(sid in first_public and first_public[sid] <= day for sid in spec.series)
            if not public:
                reading = Reading(None, "unavailable")
            elif reading is None:
                reading = _reading(spec, Inputs(point_in_time(cut, day), day, tables))
            judged = judge(spec, reading, day.date())
            points.append(Point(judged.status, judged.value, reading.as_of, judged.last_status))
        out[spec.id] = points
    return out


def provenance_table(provenance: Mapping[str, object]) -> pd.DataFrame:
    """The ``PROVENANCE_TABLE`` side table from ``Loaded.provenance`` (id -> Provenance)."""
    rows = {
        sid: {"status": getattr(p, "status", ""), "origin": getattr(p, "origin", "")}
        for sid, p in provenance.items()
    }
    return pd.DataFrame.from_dict(rows, orient="index", columns=["status", "origin"])
