"""The Overview: which claims of the thesis hold on the chosen day, on what data; data status."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date

import pandas as pd

from dashboard import scoring
from dashboard.charts import timeline as timeline_chart
from dashboard.data import catalog, freshness, onboarding
from dashboard.data.load import Loaded
from dashboard.signals import scorecard as rules
from dashboard.state import LinkParam, ViewState
from dashboard.views import format as fmt
from dashboard.views.common import VIEW_PAGES, Day, Header, sources, view_day
from dashboard.views.model import (
    DATE,
    Column,
    Memo,
    Notice,
    Panel,
    Table,
    Timeline,
    call,
    time_chart,
)

TITLE = "Rotation Radar"
INTRO = (
    "The Great Rotation 2026 thesis (mid-January 2026): money leaves mega-cap tech and gold "
    "for US small caps. Each claim becomes a signal you can check live and over history."
)


def series_ids() -> tuple[str, ...]:
    """The scorecard's series and every catalog series (for the data status)."""
    return tuple(dict.fromkeys((*rules.required_series(), *(s.id for s in catalog.CATALOG))))


#: The parts of the shared view state this view reads (its cache key): the as-of date, the
#: date range (the thesis timeline and the sparklines) and the event markers.
READS = ("as_of", "range_preset", "start", "end", "events")
#: The Overview's tabs; the open one is in the link (``?overview_tab=Data+status``).
TABS = ("Cards", "Table", "Event timeline", "Data status")
TAB_KEY = "overview_tab"
LINK_PARAMS = (LinkParam(TAB_KEY, "choice", options=TABS),)

#: The timeline's step: weekly while a window holds at most this many weeks, else every few
#: weeks so a window of decades stays about this many columns.
TIMELINE_MAX_POINTS = 262


@dataclass(frozen=True, slots=True)
class SignalCard:
    """One claim's card: the signal and how it reads, short enough to scan."""

    signal: rules.Signal
    value: str  #: "+14.2 pts", "n/a" (a stale value is its last reading)
    status: str  #: "confirming", "stale (was confirming)"
    date: str  #: "2026-01-15 · 1 day old": the newest data the value uses
    full_value: str  #: "+14.20 index points": the value with its unit in words
    age: str  #: "data as of 2026-01-15 (1 day before)"
    #: the signal's value on each date of the timeline where it scored (None: stale or no
    #: reading), for a sparkline
    history: tuple[float | None, ...] = ()


@dataclass(frozen=True, slots=True)
class CardGroup:
    title: str  #: the view's name
    cards: tuple[SignalCard, ...]
    page: tuple[str, str] | None  #: (page file, name) of the view that explains them


@dataclass(frozen=True, slots=True)
class Jump:
    """A button that moves the shared as-of date (the way back to today, or to the last
    market close)."""

    label: str
    day: date
    help: str


@dataclass(frozen=True, slots=True)
class DataStatus:
    """Every series the dashboard knows: where it came from, how fresh, its flags."""

    counts: dict[str, int]  #: status -> number of series
    stale: int  #: series past their age limit today
    table: Table
    skipped: Table | None  #: data-folder files that are not read, and why


@dataclass(frozen=True, slots=True)
class SetupChecklist:
    """What is live and what is not, and the one step that fixes each (README sections)."""

    headline: str
    items: tuple[onboarding.Item, ...]

    @property
    def needs_attention(self) -> bool:
        return not all(item.ok for item in self.items)

    def markdown(self) -> str:
        return "  \n".join(item.markdown() for item in self.items)


def setup_checklist(loaded: Loaded, sources: tuple[str, ...], has_fred_key: bool) -> SetupChecklist:
    """The setup checklist for the configured ``sources`` on what ``loaded`` got."""
    items = tuple(onboarding.checklist(loaded.provenance, sources, has_fred_key))
    return SetupChecklist(onboarding.headline(items), items)


@dataclass(frozen=True, slots=True)
class OverviewView:
    header: Header
    day: Day
    day_note: str  #: "Scorecard as of ...: ..."
    signals: tuple[rules.Signal, ...]
    tally: dict[str, int]
    headline: str
    groups: tuple[CardGroup, ...]
    table: Table
    csv_name: str
    timeline: Panel  #: the thesis timeline (a chart), or why there is none
    timeline_note: str = ""  #: what the strips show: window, step, point in time
    jumps: tuple[Jump, ...] = ()  #: other days to score on (today, the last market close)
    notices: tuple[Notice, ...] = ()  #: page-level notices (onboarding, refresh job late, ...)


def build(
    loaded: Loaded,
    view: ViewState,
    today: date,
    consensus: pd.DataFrame | None = None,
    memo: Memo = call,
    timeline: Timeline | None = None,
) -> OverviewView:
    """The Overview on ``loaded`` (the scorecard's series and the catalog) for ``view``;
    ``consensus``: the consensus table (default: read from the files); ``timeline``: the event
    markers for the thesis timeline (None: the sidebar toggle is off)."""
    day = view_day(view, loaded, today)
    signals = tuple(memo(scoring.compute, loaded, as_of=day.day, consensus=consensus))
    notices, jumps = _day_choices(loaded, day, today)
    window, dates = timeline_window(loaded, view, day.day)
    history = memo(scoring.timeline, loaded, dates, consensus=consensus) if dates else {}
    return OverviewView(
        header=Header(TITLE, INTRO, tuple(loaded.provenance.values())),
        day=day,
        day_note=(
            # the notice above says why the day moved off today: the caption does not repeat it
            f"Scorecard as of {day.day:%Y-%m-%d}, the last market close in the data"
            if notices and not day.replay and day.day != today
            else f"Scorecard as of {day.reason}"
        )
        + ". A signal whose newest data is older than its limit is stale: it keeps its last "
        "reading, greyed with its date and age, and is not counted as evidence.",
        signals=signals,
        tally=scoring.tally(list(signals)),
        headline=fmt.headline(signals),
        groups=card_groups(signals, day.day, history),
        table=scorecard_table(signals),
        csv_name=f"rotation-radar-scorecard-{day.day:%Y-%m-%d}.csv",
        timeline=timeline_panel(signals, dates, history, window, loaded, timeline),
        timeline_note=timeline_note(dates, window),
        jumps=jumps,
        notices=tuple(notices),
    )


def _day_choices(loaded: Loaded, day: Day, today: date) -> tuple[list[Notice], tuple[Jump, ...]]:
    """What the page says about the day it stands on, and the buttons to the other day worth
    scoring on: back to today from the last market close, or to the last close from today."""
    last_close = scoring.newest_market_close(loaded, rules.required_series())
    if last_close is None:
        return [], ()
    synthetic = all(p.synthetic for p in loaded.provenance.values() if p.available)
    if not day.replay and day.day != today:
        if synthetic:  # the demo's own last day, which the caption names
            return [], ()
        # the default moved off today: nothing scored there (an old data folder)
        return [
            Notice(
                f"Nothing is fresh on today's date ({today:%Y-%m-%d}): the newest market close "
                f"in the data is {last_close:%Y-%m-%d}, {fmt.plural((today - last_close).days, 'day')} "
                f"earlier, and no signal has data recent enough to score today. The scorecard "
                f"and the timeline stand on {day.day:%Y-%m-%d}, the last market close, using only "
                "what was published by then.",
                "info",
                ":material/history:",
            )
        ], (
            Jump(
                f"Score as of today ({today:%Y-%m-%d})",
                today,
                "Every signal on today's date: with this data they are stale (their last "
                "readings, greyed) or unavailable.",
            ),
        )
    old = (day.day - last_close).days
    if old <= rules.MAX_AGE_DAYS["B"]:
        return [], ()
    # a day the daily prices do not reach: offer the day the data can still answer for
    return [
        Notice(
            f"The newest market close in the loaded data is {last_close:%Y-%m-%d}, "
            f"{fmt.plural(old, 'day')} before the as-of date, so signals on daily prices are "
            "stale.",
            "info",
            ":material/history:",
        )
    ], (
        Jump(
            f"Score as of {last_close:%Y-%m-%d} (last market close)",
            last_close,
            "The scorecard on the last day the daily prices reach.",
        ),
    )


def timeline_window(
    loaded: Loaded, view: ViewState, day: date
) -> tuple[tuple[date, date], tuple[date, ...]]:
    """The date range (the sidebar's, ending on the scorecard's day) and the timeline's dates:
    every 7 days back from ``day`` (so the last column is the scorecard itself), every few
    weeks when the range is long (:data:`TIMELINE_MAX_POINTS`)."""
    firsts = [
        p.first_date
        for sid, p in loaded.provenance.items()
        if sid in rules.required_series() and p.available and p.first_date
    ]
    first = min(firsts, default=day)
    lo, hi = view.window(min(first, day), day)
    hi = min(hi, day)
    if lo > hi:
        return (lo, hi), ()
    weeks = (hi - lo).days // 7 + 1
    step = 7 * -(-weeks // TIMELINE_MAX_POINTS)  # days; ceil
    points = (hi - lo).days // step + 1
    dates = pd.date_range(end=pd.Timestamp(hi), periods=points, freq=f"{step}D")
    return (lo, hi), tuple(d.date() for d in dates)


def timeline_note(dates: tuple[date, ...], window: tuple[date, date]) -> str:
    if not dates:
        return ""
    step = (dates[1] - dates[0]).days // 7 if len(dates) > 1 else 1
    every = "week" if step == 1 else f"{step} weeks"
    return (
        f"Each cell is what the scorecard said on that date, from data published by then (no "
        f"look-ahead): every {every} from {dates[0]:%Y-%m-%d} to {dates[-1]:%Y-%m-%d}, the "
        "scorecard's date (the sidebar's date range). Hover a cell for its value."
    )


def _cell(signal: rules.Signal, point: rules.Point, when: date) -> str:
    shown = replace_value(signal, point.value)
    text = f"<b>{signal.title}</b><br>{when:%Y-%m-%d}: {point.status}"
    if point.status == "stale" and point.last_status:
        text += f" (was {point.last_status})"
    if point.value is not None:
        text += f"<br>{fmt.value_text(shown)}"
    if point.as_of is not None:
        text += f"<br>data as of {point.as_of:%Y-%m-%d}"
    return text


def replace_value(signal: rules.Signal, value: float | None) -> rules.Signal:
    """``signal`` with another value (to word a past reading the way the card words today's)."""
    return dataclasses.replace(signal, value=value)


def timeline_panel(
    signals: tuple[rules.Signal, ...],
    dates: tuple[date, ...],
    history: dict[str, list[rules.Point]],
    window: tuple[date, date],
    loaded: Loaded,
    events: Timeline | None,
) -> Panel:
    """The thesis timeline: a strip per signal, a cell per date, the status the scorecard gave
    it there (its CSV: one row per date, one status column per signal)."""
    if not dates:
        return Notice(f"No dates to show between {window[0]} and {window[1]}.")
    index = pd.DatetimeIndex(pd.to_datetime(list(dates)), name="date")
    statuses = pd.DataFrame({s.id: [p.status for p in history[s.id]] for s in signals}, index=index)
    hover = pd.DataFrame(
        {
            s.id: [_cell(s, p, d) for p, d in zip(history[s.id], dates, strict=True)]
            for s in signals
        },
        index=index,
    )
    values = pd.DataFrame(
        {f"{s.id} value": [p.value for p in history[s.id]] for s in signals}, index=index
    )
    labels = [f"{s.short} (synthetic)" if s.synthetic else s.short for s in signals]
    figure = timeline_chart.status_strips(statuses, hover, labels)
    data = pd.concat([statuses, values], axis=1)
    return time_chart(
        "thesis_timeline",
        figure,
        data,
        sources(loaded, rules.required_series()),
        window=(dates[0], dates[-1]),
        timeline=events,
    )


def card_groups(
    signals: tuple[rules.Signal, ...],
    as_of: date,
    history: dict[str, list[rules.Point]] | None = None,
) -> tuple[CardGroup, ...]:
    """Cards grouped by the view that explains them, in scorecard order; each card's
    sparkline is the signal's value on the timeline's dates."""
    history = history or {}
    groups: dict[str, list[SignalCard]] = {}
    for s in signals:
        card = SignalCard(
            s,
            fmt.short_value(s),
            fmt.status_text(s),
            fmt.data_date(s),
            fmt.value_text(s),
            fmt.age_text(s, as_of),
            # only readings that scored: a stale stretch is a gap, not a flat line
            tuple(
                p.value if p.status in rules.SCORED_STATUSES else None
                for p in history.get(s.id, ())
            ),
        )
        groups.setdefault(s.view, []).append(card)
    return tuple(
        CardGroup(VIEW_PAGES.get(view, (None, view))[1], tuple(cards), VIEW_PAGES.get(view))
        for view, cards in groups.items()
    )


def scorecard_table(signals: tuple[rules.Signal, ...]) -> Table:
    """The scorecard as a table (the Table tab and its CSV)."""
    frame = pd.DataFrame(
        [
            {
                "id": s.id,
                "title": s.title,
                "status": s.status,
                "last status": s.last_status,
                "synthetic data": s.synthetic,
                "value": s.value,
                "unit": s.unit,
                "data as of": s.as_of,
                "age (days)": s.age_days,
                "limit (days)": s.limit_days,
                "rule": s.rule,
                "detail": s.detail,
                "sources": "; ".join(s.sources),
                "view": s.view,
            }
            for s in signals
        ]
    )
    columns = {
        "last status": Column(help="For a stale signal: the status its last reading had"),
        "data as of": DATE,
        "value": Column(
            kind="number", format="%+.3f", help="A stale signal keeps its last reading's value"
        ),
        "age (days)": Column(
            kind="number", help="Calendar days from the data date to the scorecard's date"
        ),
        "limit (days)": Column(kind="number", help="Older data than this makes the signal stale"),
        "detail": Column(width="large"),
    }
    return Table("scorecard", frame, columns)


def data_status(loaded: Loaded, today: date, scan: freshness.FolderScan | None) -> DataStatus:
    """Every series the page loaded (source, dates, age against its frequency's limit, flags)
    and every data-folder file that is not read, with why: the rows of
    :mod:`dashboard.data.freshness`, the same report ``rotation doctor`` prints. ``scan`` is
    the data folder's listing (None without the csvdir source)."""
    served = [loaded.provenance[sid] for sid in loaded.ids if sid in loaded.provenance]
    report = freshness.data_status(served, today, scan)
    frame = report.frame()
    counts = frame["status"].value_counts().to_dict() if not frame.empty else {}
    columns = {
        "first": DATE,
        "last": Column("last (as of)", "date"),
        "age (days)": Column(
            kind="number", help="Calendar days from the last observation to today"
        ),
        "stale": Column(
            kind="check",
            help="Older than its frequency allows (10 days daily, 35 weekly, 110 monthly, 300 "
            "quarterly)",
        ),
        "notes": Column(width="large"),
    }
    skipped = None
    if report.skipped:
        skipped = Table(
            "data_skipped",
            pd.DataFrame([{"file": f.name, "why": f.reason} for f in report.skipped]),
            caption=f"Files in the data folder that are not read ({len(report.skipped)}):",
        )
    return DataStatus(
        counts,
        len(report.stale),
        Table(
            "data_status",
            frame,
            columns,
            caption="Every series the dashboard uses: where it came from, how fresh, and its flags.",
        ),
        skipped,
    )


def table_notices(table) -> tuple[Notice, ...]:
    """Problems reading a team table (bad rows dropped), as warnings."""
    return tuple(Notice(n, "warning") for n in table.notices)


def events_caption(events: pd.DataFrame) -> str:
    bundled = int((events["origin"] == "bundled").sum())
    team = int((events["origin"] == "user").sum())
    return (
        f"{len(events)} events ({bundled} bundled, {team} added by your team). Toggle *Event "
        "timeline on charts* in the sidebar to mark them on time-series charts."
    )


def events_table(events: pd.DataFrame) -> Table:
    return Table(
        "events",
        events.sort_values("date", ascending=False),
        {"date": DATE, "source_note": Column("source note", width="large")},
    )
