"""What several views share: the day a view stands on, data published by then, a page header."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

import pandas as pd

from dashboard import scoring
from dashboard.data.load import Loaded
from dashboard.data.provenance import Provenance
from dashboard.signals import scorecard as rules
from dashboard.state import ViewState
from dashboard.views.model import Notice

#: url path (app.py) -> page file and its short name, for links between views.
VIEW_PAGES: dict[str, tuple[str, str]] = {
    "overview": ("pages/overview.py", "Overview"),
    "compare": ("pages/compare.py", "Compare"),
    "small_caps": ("pages/small_caps.py", "Small caps"),
    "macro": ("pages/macro.py", "Macro surprises"),
    "liquidity": ("pages/liquidity.py", "Liquidity"),
    "cross_asset": ("pages/cross_asset.py", "Cross-asset"),
    "global_view": ("pages/global_view.py", "Global"),
}


@dataclass(frozen=True, slots=True)
class Header:
    """The top of a page: title, what the view tests, whose data it shows, and its notices."""

    title: str
    intro: str
    sources: tuple[Provenance, ...] = ()
    notices: tuple[Notice, ...] = ()


@dataclass(frozen=True, slots=True)
class Day:
    """The day a view stands on and why (the caption says it)."""

    day: date
    reason: str
    replay: bool  #: a date chosen in the sidebar (``?asof=``), not the default

    @property
    def stamp(self) -> pd.Timestamp:
        return pd.Timestamp(self.day)


def view_day(view: ViewState, loaded: Loaded, today: date) -> Day:
    """The shared as-of date when one is chosen, else the default: the view state's (the same
    for every view), or resolved from ``loaded`` (:func:`dashboard.scoring.default_as_of`)."""
    default, reason = view.default_as_of or scoring.default_as_of(loaded, today)
    if view.as_of is None or view.as_of == default:
        return Day(default, reason, False)
    return Day(
        view.as_of,
        f"{view.as_of:%Y-%m-%d}: only what was published by that day counts (no look-ahead)",
        True,
    )


def published(loaded: Loaded, day: Day, ids: Iterable[str] | None = None) -> dict[str, pd.Series]:
    """The loaded series cut to what their publishers had released by ``day`` (non-empty only)."""
    wanted = (
        loaded.series if ids is None else {i: loaded.series[i] for i in ids if i in loaded.series}
    )
    cut = rules.point_in_time(wanted, day.stamp)
    return {sid: s for sid, s in cut.items() if not s.dropna().empty}


def view_window(view: ViewState, series: Iterable[pd.Series], day: Day) -> tuple[date, date]:
    """The one window of a view whose series do not share a calendar (quarterly GDP beside
    daily yields): the date range counted back from the view's last date, the newest
    observation among its series, so every chart of the view covers the same dates. (Views of
    series compared session by session count back from their last common session instead.)
    Without any observation: the view's day."""
    spans = [(s.index[0], s.index[-1]) for s in series if len(s)]
    if not spans:
        return day.day, day.day
    first = min(lo for lo, _ in spans).date()
    last = max(hi for _, hi in spans).date()
    return view.window(first, last)


def period_start(when: date, frequency: str) -> pd.Timestamp:
    """The first day of the month (``M``) or quarter (``Q``) holding ``when``: a monthly or
    quarterly value is dated at its period's start, so a window starting mid-period still
    shows the period it starts in."""
    return pd.Timestamp(when).to_period(frequency).start_time


def sources(loaded: Loaded, ids: Iterable[str] | None = None) -> tuple[Provenance, ...]:
    """The provenance of ``ids`` (default: every loaded series), in order, known ones only."""
    wanted = loaded.ids if ids is None else ids
    return tuple(loaded.provenance[i] for i in dict.fromkeys(wanted) if i in loaded.provenance)


def by_id(signals: Iterable[rules.Signal]) -> Mapping[str, rules.Signal]:
    return {s.id: s for s in signals}
