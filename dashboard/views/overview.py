"""The Overview: which claims of the thesis hold on the chosen day, on what data; data status."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from dashboard import scoring
from dashboard.data import catalog, freshness, onboarding
from dashboard.data.load import Loaded
from dashboard.signals import scorecard as rules
from dashboard.state import LinkParam, ViewState
from dashboard.views import format as fmt
from dashboard.views.common import VIEW_PAGES, Day, Header, view_day
from dashboard.views.model import DATE, Column, Memo, Notice, Table, call

TITLE = "Rotation Radar"
INTRO = (
    "The Great Rotation 2026 thesis (mid-January 2026): money leaves mega-cap tech and gold "
    "for US small caps. Each claim becomes a signal you can check live and over history."
)


def series_ids() -> tuple[str, ...]:
    """The scorecard's series and every catalog series (for the data status)."""
    return tuple(dict.fromkeys((*rules.required_series(), *(s.id for s in catalog.CATALOG))))


#: The parts of the shared view state this view reads (its cache key).
READS = ("as_of",)
#: The Overview's tabs; the open one is in the link (``?overview_tab=Data+status``).
TABS = ("Cards", "Table", "Event timeline", "Data status")
TAB_KEY = "overview_tab"
LINK_PARAMS = (LinkParam(TAB_KEY, "choice", options=TABS),)


@dataclass(frozen=True, slots=True)
class SignalCard:
    """One claim's card: the signal and how it reads."""

    signal: rules.Signal
    value: str  #: "+14.20 index points", "n/a"
    age: str  #: "data as of 2026-01-15 (1 day before)"


@dataclass(frozen=True, slots=True)
class CardGroup:
    title: str  #: the view's name
    cards: tuple[SignalCard, ...]
    page: tuple[str, str] | None  #: (page file, name) of the view that explains them


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
    #: the newest market close when it is too old for the day (an old data folder), else None
    last_close: date | None
    groups: tuple[CardGroup, ...]
    table: Table
    csv_name: str
    notices: tuple[Notice, ...] = ()  #: page-level notices (onboarding, refresh job late, ...)


def build(
    loaded: Loaded,
    view: ViewState,
    today: date,
    consensus: pd.DataFrame | None = None,
    memo: Memo = call,
) -> OverviewView:
    """The Overview on ``loaded`` (the scorecard's series and the catalog) for ``view``;
    ``consensus``: the consensus table (default: read from the files)."""
    day = view_day(view, loaded, today)
    signals = tuple(memo(scoring.compute, loaded, as_of=day.day, consensus=consensus))
    last_close = scoring.newest_market_close(loaded)
    notices: list[Notice] = []
    if last_close is not None and (day.day - last_close).days > rules.MAX_AGE_DAYS["B"]:
        # e.g. a data folder exported weeks ago: offer the day the data can still answer for
        notices.append(
            Notice(
                f"The newest market close in the loaded data is {last_close:%Y-%m-%d}, "
                f"{(day.day - last_close).days} days before the as-of date, so signals on daily "
                "prices are stale.",
                "info",
                ":material/history:",
            )
        )
    else:
        last_close = None
    return OverviewView(
        header=Header(TITLE, INTRO, tuple(loaded.provenance.values())),
        day=day,
        day_note=(
            f"Scorecard as of {day.reason}. A signal whose newest data is older than its "
            "frequency allows is stale and says so instead of scoring."
        ),
        signals=signals,
        tally=scoring.tally(list(signals)),
        headline=fmt.headline(signals),
        last_close=last_close,
        groups=card_groups(signals, day.day),
        table=scorecard_table(signals),
        csv_name=f"rotation-radar-scorecard-{day.day:%Y-%m-%d}.csv",
        notices=tuple(notices),
    )


def card_groups(signals: tuple[rules.Signal, ...], as_of: date) -> tuple[CardGroup, ...]:
    """Cards grouped by the view that explains them, in scorecard order."""
    groups: dict[str, list[SignalCard]] = {}
    for s in signals:
        card = SignalCard(s, fmt.value_text(s), fmt.age_text(s, as_of))
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
                "synthetic data": s.synthetic,
                "value": s.value,
                "unit": s.unit,
                "data as of": s.as_of,
                "rule": s.rule,
                "detail": s.detail,
                "sources": "; ".join(s.sources),
                "view": s.view,
            }
            for s in signals
        ]
    )
    columns = {
        "data as of": DATE,
        "value": Column(kind="number", format="%+.3f"),
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
