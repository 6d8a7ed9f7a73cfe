"""The view state every page shares, and the validation of everything read from the URL.

The state lives in the URL so that a link reproduces a view. Widgets bind to query parameters
natively (``bind="query-params"``, see :mod:`dashboard.ui.sidebar`); this module holds the pure
part: the parameter names, their allowed values, and :func:`validate_query`, which decides what
of a (possibly hostile) query string is kept and explains what is dropped.

URL scheme (documented in the README)::

    /<page>?tickers=IWM&tickers=ARKK&bench=SPY&range=1Y
    /<page>?range=Custom&start=2025-06-01&end=2026-01-16
    /overview?asof=2026-01-16&events=true

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
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from dashboard.data import catalog

RANGE_PRESETS: tuple[str, ...] = ("1M", "3M", "6M", "YTD", "1Y", "3Y", "5Y", "10Y", "Max", "Custom")
DEFAULT_RANGE = "1Y"
MAX_TICKERS = 12
MIN_DATE = date(1950, 1, 1)
#: The longest value we even look at; anything longer is dropped unread.
MAX_PARAM_CHARS = 64

SHARED_PARAMS = ("tickers", "bench", "range", "start", "end", "asof", "events")
PAGE_PARAMS = ("pair", "trigger", "assets")
#: Page parameters that hold a list of ticker symbols (one value per repetition).
LIST_PAGE_PARAMS = frozenset({"assets"})
#: Streamlit's own parameters, never ours to judge.
RESERVED_PARAMS = ("embed", "embed_options")
KNOWN_PARAMS = frozenset(SHARED_PARAMS + PAGE_PARAMS + RESERVED_PARAMS)

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

    def keep(self, *names: str) -> ViewState:
        """This state with only ``names`` kept (the rest at their defaults): what a view reads,
        so a cached view is not rebuilt when something it does not read changes."""
        return ViewState(**{name: getattr(self, name) for name in names})

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
    if isinstance(raw, str) and raw.strip().lower() in ("true", "1", "yes", "on"):
        return True
    if isinstance(raw, str) and raw.strip().lower() in ("false", "0", "no", "off"):
        return False
    return None


def validate_query(params: Mapping[str, Sequence[str]], *, today: date) -> QueryCheck:
    """Validate a raw query string (``{name: [values...]}``) against the URL scheme.

    Never raises. Everything kept is safe to hand to a data source; everything dropped has a
    notice. Page-specific parameters (``pair``, ...) are checked for shape only; the page's own
    widgets decide their options.
    """
    check = QueryCheck(raw_names=frozenset(params))
    for name, values in params.items():
        values = list(values) if not isinstance(values, str) else [values]
        if name not in KNOWN_PARAMS:
            check.unknown.append(name)
            check.notices.append(f"Ignored unknown link parameter {_shorten(name)}.")
            continue
        if name in RESERVED_PARAMS:
            continue
        if name == "tickers":
            kept, notes = sanitize_tickers(values)
            check.kept["tickers"] = kept
            check.notices.extend(notes)
            continue
        if name in LIST_PAGE_PARAMS:
            # repeated by design (?assets=IWM&assets=GLD): each value is a ticker symbol
            kept, notes = sanitize_tickers(values)
            check.kept[name] = kept
            check.notices.extend(f"{name}: {n}" for n in notes)
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
        else:  # other page parameters: shape only
            if len(raw) > MAX_PARAM_CHARS or not raw.isprintable():
                check.notices.append(f"Ignored {name}: value too long or not printable.")
            else:
                check.kept[name] = raw
    _check_custom_range(check)
    return check


def _check_custom_range(check: QueryCheck) -> None:
    start, end = check.kept.get("start"), check.kept.get("end")
    preset = check.kept.get("range", DEFAULT_RANGE)
    given = [n for n in ("start", "end") if n in check.raw_names]
    if given and preset != "Custom":
        # no date widget is shown for a preset: these parameters are nobody's, remove them
        check.unbound.extend(given)
        if start is not None or end is not None:
            check.kept.pop("start", None)
            check.kept.pop("end", None)
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
