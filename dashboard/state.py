"""The view state every page shares, and the validation of everything read from the URL.

The state lives in the URL so that a link reproduces a view. Widgets bind to query parameters
natively (``bind="query-params"``, see :mod:`dashboard.ui.sidebar` and the page kit's settings);
this module holds the pure part: the parameter names, their allowed values, and
:func:`validate_query`, which decides what of a (possibly hostile) query string is kept and
explains what is dropped.

URL scheme (documented in the README)::

    /<page>?tickers=IWM&tickers=ARKK&bench=SPY&range=1Y
    /<page>?range=Custom&start=2025-06-01&end=2026-01-16
    /overview?asof=2026-01-16&events=true
    /small_caps?pair=^RUT&bench=^GSPC&sc_ma_window=100

=========  ======================================================================  ==============
param      meaning                                                                 default
=========  ======================================================================  ==============
tickers    repeated; Yahoo symbols (pattern ``^?[A-Z0-9][A-Z0-9.-=]{0,14}``),      the catalog's
           at most ``MAX_TICKERS``                                                 defaults
bench      benchmark, one of ``BENCHMARKS``                                        SPY
range      one of ``RANGE_PRESETS``                                                1Y
start/end  ``YYYY-MM-DD`` within [``MIN_DATE``, today], start <= end, only with    data bounds
           ``range=Custom``
asof       ``YYYY-MM-DD``: replay every view as it stood on that date (only data   latest data
           published by then counts)
events     ``true``/``false``: show the policy event timeline on charts            false
=========  ======================================================================  ==============

Each page adds its own parameters (its selectors and settings), declared as :class:`LinkParam`
next to the widgets in its view module (``LINK_PARAMS``) and checked the same way: by type,
bounds and offered options, each invalid value dropped with a notice.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

import pandas as pd

from dashboard.data import catalog

RANGE_PRESETS: tuple[str, ...] = ("1M", "3M", "6M", "YTD", "1Y", "3Y", "5Y", "10Y", "Max", "Custom")
DEFAULT_RANGE = "1Y"
MAX_TICKERS = 12
MIN_DATE = date(1950, 1, 1)
#: The longest value we even look at; anything longer is dropped unread.
MAX_PARAM_CHARS = 64

SHARED_PARAMS = ("tickers", "bench", "range", "start", "end", "asof", "events")
#: Streamlit's own parameters, never ours to judge.
RESERVED_PARAMS = ("embed", "embed_options")

ParamKind = Literal["int", "float", "date", "bool", "choice", "symbol", "symbols"]


@dataclass(frozen=True, slots=True)
class LinkParam:
    """One of a page's own link parameters: its name (the key of the widget bound to it) and
    what it may hold, so a link is checked exactly as the widget will read it.

    ``int``/``float``/``date``: within [``lo``, ``hi``] (dates: ``YYYY-MM-DD``); ``bool``:
    ``true``/``false``; ``choice``: one of ``options``; ``symbol``/``symbols``: Yahoo symbols the
    page offers: ``options`` plus the sidebar's tickers (``symbols`` is repeated).
    """

    name: str
    kind: ParamKind
    lo: float | date | None = None
    hi: float | date | None = None
    options: tuple[str, ...] = ()


_PRESET_OFFSETS = {
    "1M": pd.DateOffset(months=1),
    "3M": pd.DateOffset(months=3),
    "6M": pd.DateOffset(months=6),
    "1Y": pd.DateOffset(years=1),
    "3Y": pd.DateOffset(years=3),
    "5Y": pd.DateOffset(years=5),
    "10Y": pd.DateOffset(years=10),
}


@dataclass(frozen=True, slots=True)
class ViewState:
    """What every page reads: the validated selection."""

    tickers: tuple[str, ...] = catalog.DEFAULT_TICKERS
    benchmark: str = catalog.DEFAULT_BENCHMARK
    range_preset: str = DEFAULT_RANGE
    start: date | None = None  #: only with range_preset == "Custom"
    end: date | None = None
    events: bool = False
    #: replay the views as of this day (only data published by then); None: the latest data
    as_of: date | None = None
    #: the day (and why) every view stands on when ``as_of`` is None, resolved once per run from
    #: the scorecard's data (:func:`dashboard.scoring.default_as_of`), so all views open on the
    #: Overview's day; None: a view resolves it from its own data. Not part of the link.
    default_as_of: tuple[date, str] | None = None

    def keep(self, *names: str) -> ViewState:
        """This state with only ``names`` kept (the rest at their defaults): what a view reads,
        so a cached view is not rebuilt when something it does not read changes. The default
        day goes with ``as_of``: it is what an empty ``as_of`` means."""
        kept = {name: getattr(self, name) for name in names}
        if "as_of" in names:
            kept["default_as_of"] = self.default_as_of
        return ViewState(**kept)

    def window(self, first: date, last: date) -> tuple[date, date]:
        """The concrete [start, end] of this view for data spanning ``first`` .. ``last``."""
        return resolve_range(self.range_preset, self.start, self.end, first, last)


@dataclass(slots=True)
class QueryCheck:
    """Outcome of :func:`validate_query`: the values to keep and what was dropped, and why."""

    kept: dict[str, object] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)  #: unknown parameter names
    unbound: list[str] = field(default_factory=list)  #: known names no widget will bind now
    raw_names: frozenset[str] = frozenset()


def _shorten(value: str, limit: int = 24) -> str:
    """A safe, short rendering of a hostile value for a notice (shown as plain text)."""
    text = value if len(value) <= limit else value[:limit] + "…"
    return repr(text)


def sanitize_tickers(values: Sequence[object]) -> tuple[list[str], list[str]]:
    """Keep valid ticker values (exact Yahoo symbols), de-duplicated, at most MAX_TICKERS.

    Symbols in a link must be written as Yahoo writes them (upper-case): ``iwm`` is dropped with
    a notice rather than silently changed. Returns ``(kept, notices)``; each notice says what
    was dropped and why.
    """
    kept: list[str] = []
    rejected: list[str] = []
    duplicates = 0
    for raw in values:
        if not isinstance(raw, str) or len(raw) > MAX_PARAM_CHARS:
            rejected.append(_shorten(str(raw)))
            continue
        symbol = raw if catalog.is_valid_ticker(raw) else None
        if symbol is None:
            rejected.append(_shorten(raw))
        elif symbol in kept:
            duplicates += 1
        else:
            kept.append(symbol)
    notices = []
    if rejected:
        shown = ", ".join(rejected[:5]) + (
            f" and {len(rejected) - 5} more" if len(rejected) > 5 else ""
        )
        notices.append(
            f"Dropped {len(rejected)} invalid ticker value(s): {shown}. Symbols are Yahoo's, "
            "upper-case (IWM, ^RUT, BTC-USD)."
        )
    if duplicates:
        notices.append(f"Dropped {duplicates} duplicate ticker(s).")
    if len(kept) > MAX_TICKERS:
        notices.append(
            f"{len(kept)} tickers requested; kept the first {MAX_TICKERS} (the limit per view)."
        )
        kept = kept[:MAX_TICKERS]
    return kept, notices


def parse_date(raw: object, *, today: date, name: str) -> tuple[date | None, str | None]:
    """A ``YYYY-MM-DD`` date within [MIN_DATE, today], or None with a notice."""
    if not isinstance(raw, str) or len(raw) > MAX_PARAM_CHARS:
        return None, f"Ignored {name}: not a date."
    try:
        value = date.fromisoformat(raw.strip())
    except ValueError:
        return None, f"Ignored {name}={_shorten(raw)}: not a YYYY-MM-DD date."
    if not MIN_DATE <= value <= today:
        return None, (
            f"Ignored {name}={value.isoformat()}: outside {MIN_DATE.isoformat()} .. "
            f"{today.isoformat()}."
        )
    return value, None


def parse_bool(raw: object) -> bool | None:
    """``true``/``false`` (any case), as Streamlit reads a toggle's link value; else None."""
    if isinstance(raw, str) and raw.strip().lower() == "true":
        return True
    if isinstance(raw, str) and raw.strip().lower() == "false":
        return False
    return None


def _number(raw: str, kind: ParamKind) -> float | int | None:
    try:
        value = int(raw) if kind == "int" else float(raw)
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None


def _bounds_text(spec: LinkParam) -> str:
    lo, hi = spec.lo, spec.hi
    if isinstance(lo, date) or isinstance(hi, date):
        return f"{lo or MIN_DATE} .. {hi or 'today'}"
    return f"{lo:g} .. {hi:g}" if lo is not None and hi is not None else "the allowed range"


def check_param(
    spec: LinkParam, values: Sequence[str], *, today: date, offered: Sequence[str] = ()
) -> tuple[object | None, list[str]]:
    """One page parameter from a link: ``(value or None, notices)``. ``offered``: the sidebar's
    tickers, which ``symbol``/``symbols`` parameters may also hold."""
    name = spec.name
    symbolic = spec.kind in ("symbol", "symbols")
    choices = list(dict.fromkeys((*spec.options, *(offered if symbolic else ()))))
    if spec.kind == "symbols":
        kept, notices = sanitize_tickers(values)
        notices = [f"{name}: {n}" for n in notices]
        absent = [v for v in kept if v not in choices]
        if absent:
            notices.append(_not_offered(name, absent, spec.options))
        return [v for v in kept if v in choices], notices
    notices = []
    if len(values) > 1:
        notices.append(f"Parameter {name} given {len(values)} times; used the last.")
    raw = values[-1] if values else ""
    if not isinstance(raw, str) or len(raw) > MAX_PARAM_CHARS or not raw.isprintable():
        return None, [*notices, f"Ignored {name}: value too long or not printable."]
    shown = _shorten(raw)
    if spec.kind in ("int", "float"):
        value = _number(raw, spec.kind)
        what = "a whole number" if spec.kind == "int" else "a number"
        if value is None:
            return None, [*notices, f"Ignored {name}={shown}: not {what}."]
        if (spec.lo is not None and value < spec.lo) or (spec.hi is not None and value > spec.hi):
            return None, [*notices, f"Ignored {name}={shown}: outside {_bounds_text(spec)}."]
        return value, notices
    if spec.kind == "date":
        value, notice = parse_date(raw, today=today, name=name)
        lo, hi = spec.lo or MIN_DATE, spec.hi or today
        if value is not None and not lo <= value <= hi:
            value, notice = None, f"Ignored {name}={value}: outside {lo} .. {hi}."
        return value, [*notices, notice] if notice else notices
    if spec.kind == "bool":
        flag = parse_bool(raw)
        if flag is None:
            return None, [*notices, f"Ignored {name}={shown}: use true or false."]
        return flag, notices
    if spec.kind == "symbol":
        if raw not in choices:
            return None, [*notices, _not_offered(name, [shown], spec.options)]
        return raw, notices
    if raw not in choices:  # choice
        return None, [*notices, f"Ignored {name}={shown}: choose one of {', '.join(choices)}."]
    return raw, notices


def _not_offered(name: str, values: Sequence[str], options: Sequence[str]) -> str:
    base = f"{', '.join(options)} and " if options else ""
    return (
        f"Ignored {name}={', '.join(values)}: not offered here (offered: {base}the sidebar's "
        "tickers); add it to the sidebar's tickers first."
    )


def validate_query(
    params: Mapping[str, Sequence[str]],
    *,
    today: date,
    page: Sequence[LinkParam] = (),
    own: Collection[str] = (),
) -> QueryCheck:
    """Validate a raw query string (``{name: [values...]}``) against the URL scheme.

    ``page``: the parameters of the page being shown (its settings and selectors); any other
    name is not used here and is dropped. ``own``: names this session's widgets already hold
    (bound last run): their leftovers are the app's own state, not a link's, and earn no notice
    (leaving Custom for a preset leaves start/end in the URL for one run).

    Never raises. Everything kept is safe to hand to a data source or a widget; everything
    dropped has a notice.
    """
    check = QueryCheck(raw_names=frozenset(params))
    page_specs = {spec.name: spec for spec in page}
    lists = {name: list(v) if not isinstance(v, str) else [v] for name, v in params.items()}
    for name, values in lists.items():
        if name in RESERVED_PARAMS or name in page_specs:
            continue
        if name not in SHARED_PARAMS:
            check.unknown.append(name)
            if name not in own:
                check.notices.append(
                    f"Ignored link parameter {_shorten(name)}: not used on this page."
                )
            continue
        if name == "tickers":
            kept, notes = sanitize_tickers(values)
            check.kept["tickers"] = kept
            check.notices.extend(notes)
            continue
        if len(values) > 1:
            check.notices.append(f"Parameter {name} given {len(values)} times; used the last.")
        raw = values[-1] if values else ""
        if name == "bench":
            symbol = catalog.normalize_ticker(raw)
            if symbol in catalog.BENCHMARKS:
                check.kept["bench"] = symbol
            else:
                check.notices.append(
                    f"Ignored bench={_shorten(raw)}: choose one of {', '.join(catalog.BENCHMARKS)}."
                )
        elif name == "range":
            if raw in RANGE_PRESETS:
                check.kept["range"] = raw
            else:
                check.notices.append(
                    f"Ignored range={_shorten(raw)}: choose one of {', '.join(RANGE_PRESETS)}."
                )
        elif name in ("start", "end", "asof"):
            value, notice = parse_date(raw, today=today, name=name)
            if value is not None:
                check.kept[name] = value
            if notice:
                check.notices.append(notice)
        elif name == "events":
            flag = parse_bool(raw)
            if flag is None:
                check.notices.append(f"Ignored events={_shorten(raw)}: use true or false.")
            else:
                check.kept["events"] = flag
    offered = check.kept.get("tickers") or catalog.DEFAULT_TICKERS
    for name, spec in page_specs.items():
        if name not in lists:
            continue
        value, notes = check_param(spec, lists[name], today=today, offered=offered)
        check.notices.extend(notes)
        if value is None or value == []:
            check.unbound.append(name)
        else:
            check.kept[name] = value
    _check_custom_range(check, own)
    return check


def _check_custom_range(check: QueryCheck, own: Collection[str] = ()) -> None:
    start, end = check.kept.get("start"), check.kept.get("end")
    preset = check.kept.get("range", DEFAULT_RANGE)
    given = [n for n in ("start", "end") if n in check.raw_names]
    if given and preset != "Custom":
        # no date widget is shown for a preset: these parameters are nobody's, remove them
        check.unbound.extend(given)
        check.kept.pop("start", None)
        check.kept.pop("end", None)
        if (start is not None or end is not None) and not set(given) <= set(own):
            check.notices.append(
                f"Ignored start/end: they apply only with range=Custom, not {preset}."
            )
        return
    if start is not None and end is not None and start > end:
        check.kept.pop("end")
        check.notices.append(
            f"Ignored end={end.isoformat()}: it is before start={start.isoformat()}."
        )


def resolve_range(
    preset: str, start: date | None, end: date | None, first: date, last: date
) -> tuple[date, date]:
    """Concrete [start, end] for a range preset, anchored on the data's last date ``last``.

    Presets count back from the last observation (not from today) so that a 1M view of data
    ending in January shows January. The result is clipped to [first, last]. ``Custom`` uses
    ``start``/``end`` where given and the data bounds otherwise.
    """
    if first > last:
        first, last = last, first
    if preset == "Custom":
        lo = max(start or first, first)
        hi = min(end or last, last)
        return (lo, hi) if lo <= hi else (first, last)
    if preset == "Max":
        return first, last
    if preset == "YTD":
        lo = date(last.year, 1, 1)
    else:
        offset = _PRESET_OFFSETS.get(preset, _PRESET_OFFSETS[DEFAULT_RANGE])
        lo = (pd.Timestamp(last) - offset).date()
    return max(lo, first), last
