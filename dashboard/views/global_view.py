"""Global: green shoots abroad (German and UK real GDP), copper, the broad dollar, real yields.

Every figure is what had been published by the view's day (the shared as-of date, or the
default).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from dashboard import scoring
from dashboard.charts import global_view as charts
from dashboard.data import catalog
from dashboard.data.load import Loaded
from dashboard.signals import macro_global as mg
from dashboard.signals import scorecard as rules
from dashboard.state import ViewState
from dashboard.views import reasons
from dashboard.views.common import (
    Day,
    Header,
    period_start,
    published,
    sources,
    view_day,
    view_window,
)
from dashboard.views.model import Card, Memo, Notice, Panel, Timeline, call, time_chart

TITLE = "Global green shoots"
INTRO = (
    "The thesis' last leg: growth is turning up abroad (Germany, the UK), copper is rising, the "
    "dollar is easing, and rising US real yields take the shine off gold. Every figure below is "
    "what had been published by the as-of date."
)
HEADER = Header(TITLE, INTRO)
IDS = (mg.GERMANY, mg.UK, mg.COPPER_MONTHLY, mg.COPPER_FUTURES, mg.DOLLAR, mg.REAL_YIELD)

#: The parts of the shared view state this view reads (its cache key).
READS = ("range_preset", "start", "end", "as_of", "events")
LINK_PARAMS = ()  #: no page parameters of its own


@dataclass(frozen=True, slots=True)
class LevelSpec:
    """A daily series shown as its level and its change over ``sessions`` observations."""

    series_id: str
    title: str
    level_title: str
    change_title: str
    unit: str  #: of the change: "%" or "pp"
    sessions: int


LEVELS = (
    LevelSpec(
        mg.DOLLAR,
        "Broad US dollar",
        "index (Jan 2006 = 100)",
        f"{mg.DOLLAR_SESSIONS}-session % change",
        "%",
        mg.DOLLAR_SESSIONS,
    ),
    LevelSpec(
        mg.REAL_YIELD,
        "10-year TIPS real yield",
        "%",
        f"{mg.REAL_YIELD_SESSIONS}-session change, pp",
        "pp",
        mg.REAL_YIELD_SESSIONS,
    ),
)


@dataclass(frozen=True, slots=True)
class Country:
    """One country's latest published quarter (or why there is none)."""

    missing: Notice | None = None
    card: Card | None = None
    stale: Notice | None = None  #: the newest quarter is too old for the scorecard
    behind: str = ""  #: a caption: the newest quarter is late but still counts


@dataclass(frozen=True, slots=True)
class Section:
    title: str
    caption: str = ""
    missing: tuple[Notice, ...] = ()
    cards: tuple[Card | None, ...] = ()
    chart: Panel | None = None


@dataclass(frozen=True, slots=True)
class GlobalView:
    header: Header
    stop: Notice | None = None
    day: Day | None = None
    #: the one date window of every chart here, counted back from the view's newest observation
    window: tuple[date, date] | None = None
    window_note: str = ""
    signals: tuple[rules.Signal, ...] = ()
    countries: tuple[Country, ...] = ()
    gdp: Section | None = None
    copper: Section | None = None
    levels: tuple[Section, ...] = ()


def build(
    loaded: Loaded,
    view: ViewState,
    today: date,
    timeline: Timeline | None = None,
    memo: Memo = call,
) -> GlobalView:
    header = Header(TITLE, INTRO, sources(loaded, IDS))
    if not any(sid in loaded.series for sid in IDS):
        return GlobalView(
            header,
            Notice(
                "None of the global series could be loaded (see the badges above for why). "
                "Configure a data folder with e.g. CLVMNACSCAB1GQDE.csv or let the FRED source "
                "reach them.",
                "error",
            ),
        )
    day = view_day(view, loaded, today)
    cut = {sid: s.dropna() for sid, s in published(loaded, day, IDS).items()}
    signals = tuple(memo(scoring.compute, loaded, as_of=day.stamp, specs=rules.GLOBAL))
    window = view_window(view, cut.values(), day)  # one window for every chart of the view
    countries, gdp = _gdp(cut, loaded, day, window, timeline)
    return GlobalView(
        header=header,
        day=day,
        window=window,
        window_note=f"Every chart: {window[0]:%Y-%m-%d} to {window[1]:%Y-%m-%d}, the date range "
        f"counted back from the newest observation here ({window[1]:%Y-%m-%d}); monthly and "
        "quarterly bars from the period the window starts in.",
        signals=signals,
        countries=countries,
        gdp=gdp,
        copper=_copper(cut, loaded, day, window, timeline),
        levels=tuple(_level(spec, cut, loaded, day, window, timeline) for spec in LEVELS),
    )


def missing(sid: str, what: str, loaded: Loaded, day: Day) -> Notice:
    """Why a series is absent: not loaded (and why), or nothing published by the day."""
    p = loaded.provenance.get(sid)
    if p is not None and not p.available:
        why = " ".join(reasons.explain([p], missing_only=True))
        return Notice(f"{what} ({sid}) is not loaded. {why}", "info", ":material/block:")
    return Notice(
        f"{what} ({sid}): nothing published by {day.day:%Y-%m-%d} (its first release comes later).",
        "info",
        ":material/schedule:",
    )


def _gdp(cut, loaded, day, window, timeline) -> tuple[tuple[Country, ...], Section]:
    countries, tables, growth = [], {}, {}
    for sid in (mg.GERMANY, mg.UK):
        country = mg.GDP_COUNTRIES[sid]
        levels = cut.get(sid)
        if levels is None:
            countries.append(Country(missing(sid, f"{country} real GDP", loaded, day)))
            continue
        spec = catalog.get(sid)
        reading = mg.country_growth(sid, levels, day.stamp, spec.release)
        table = mg.gdp_table(levels)
        tables[sid], growth[country] = table, table["qoq_pct"]
        p = loaded.provenance[sid]
        if reading.quarter is None or pd.isna(reading.growth):
            countries.append(Country(card=Card(f"{country} real GDP, q/q", "n/a")))
            continue
        row = table.loc[reading.quarter]
        card = Card(
            f"{country} real GDP {mg.quarter_label(reading.quarter)}, q/q",
            f"{reading.growth:+.2f}%",
            f"{row['yoy_pct']:+.2f}% y/y" if pd.notna(row["yoy_pct"]) else None,
            "normal",
            help=f"{spec.label} ({p.line()}): level {row['level']:,.0f} {spec.units}; "
            f"annualised {row['saar_pct']:+.2f}%. Published by {day.day:%Y-%m-%d} under the "
            f"release rule {spec.release}.",
        )
        stale, behind = None, ""
        if reading.release.stale:
            stale = Notice(
                f"{reading.describe()}. Without a current {country} quarter the scorecard's "
                "global growth is not a current reading: its badge above shows its last reading "
                "(the newest quarter both countries published), or that it has none.",
                "warning",
                ":material/history:",
            )
        elif reading.release.behind:
            behind = f":material/schedule: {reading.release.describe()}."
        countries.append(Country(card=card, stale=stale, behind=behind))
    caption = (
        "Quarter-on-quarter % change of real GDP computed from the levels (not annualised; the "
        "annualised rate is in the hover help). A quarter counts from its release date (quarter "
        "end + 45 days, an approximation of the statistical offices' calendars)."
    )
    chart = None
    if growth:
        frame = pd.concat(growth, axis=1, sort=True)
        lo, hi = window
        shown = frame.loc[period_start(lo, "Q") : pd.Timestamp(hi)]
        if shown.dropna(how="all").empty:
            chart = Notice(f"No quarters between {lo} and {hi}; widen the date range.")
        else:
            data = pd.concat({mg.GDP_COUNTRIES[k]: v for k, v in tables.items()}, axis=1, sort=True)
            # bars sit on their quarter's first day: leave room for the first one
            fig = _on_window(
                charts.gdp_growth_figure(dict(shown.items())),
                period_start(lo, "Q") - pd.Timedelta(days=46),
                hi,
            )
            chart = time_chart(
                "global_gdp",
                fig,
                data.loc[period_start(lo, "Q") : pd.Timestamp(hi)],
                [loaded.provenance[s] for s in tables],
                window=(lo, hi),
                timeline=timeline,
                note="Bars are dated at the start of each quarter.",
            )
    return tuple(countries), Section("Real GDP growth: Germany and the UK", caption, chart=chart)


def _copper(cut, loaded, day, window, timeline) -> Section:
    monthly, futures = cut.get(mg.COPPER_MONTHLY), cut.get(mg.COPPER_FUTURES)
    prov = loaded.provenance
    notices, cards = [], []
    if monthly is None:
        notices.append(missing(mg.COPPER_MONTHLY, "IMF monthly copper price", loaded, day))
        cards.append(None)
    else:
        change6 = mg.pct_change(monthly, 6)
        cards.append(
            Card(
                f"Copper {monthly.index[-1]:%b %Y} (IMF monthly average)",
                f"${monthly.iloc[-1]:,.0f}/t",
                f"{change6.iloc[-1]:+.1f}% over 6 months" if pd.notna(change6.iloc[-1]) else None,
                "normal",
                help=f"{prov[mg.COPPER_MONTHLY].line()}; a month counts 40 days after it ends.",
            )
        )
    if futures is None:
        notices.append(missing(mg.COPPER_FUTURES, "COMEX copper futures", loaded, day))
        cards.append(None)
    else:
        change63 = mg.pct_change(futures, 63)
        per_tonne = mg.copper_usd_per_tonne(futures).iloc[-1]
        cards.append(
            Card(
                f"COMEX copper (HG=F) {futures.index[-1]:%Y-%m-%d}",
                f"${futures.iloc[-1]:.3f}/lb",
                f"{change63.iloc[-1]:+.1f}% over 63 sessions"
                if pd.notna(change63.iloc[-1])
                else None,
                "normal",
                help=f"{prov[mg.COPPER_FUTURES].line()}, front-month close in USD per pound = "
                f"${per_tonne:,.0f}/t.",
            )
        )
    lo, hi = window
    parts = {}  # daily closes in the window; monthly averages from the month it starts in
    if futures is not None:
        parts["HG=F_usd_t"] = mg.copper_usd_per_tonne(futures).loc[
            pd.Timestamp(lo) : pd.Timestamp(hi)
        ]
    if monthly is not None:
        parts["PCOPPUSDM_usd_t"] = monthly.loc[period_start(lo, "M") : pd.Timestamp(hi)]
    chart = None
    if parts:
        shown = pd.concat(parts, axis=1, sort=True)
        if shown.dropna(how="all").empty:
            nothing = Notice(f"No copper prices between {lo} and {hi}.")
            return Section("Copper", missing=tuple(notices), cards=tuple(cards), chart=nothing)
        fig = charts.copper_figure(shown.get("PCOPPUSDM_usd_t"), shown.get("HG=F_usd_t"))
        chart = time_chart(
            "global_copper",
            _on_window(fig, period_start(lo, "M"), hi),
            shown,
            [prov[s] for s in (mg.COPPER_MONTHLY, mg.COPPER_FUTURES) if prov[s].available],
            window=(lo, hi),
            timeline=timeline,
            note="HG=F converted from USD/lb at 2,204.62 lb per tonne; futures roll.",
        )
    return Section("Copper", missing=tuple(notices), cards=tuple(cards), chart=chart)


def _level(spec: LevelSpec, cut, loaded, day, window, timeline) -> Section:
    sid = spec.series_id
    values = cut.get(sid)
    if values is None:
        return Section(spec.title, missing=(missing(sid, spec.title, loaded, day),))
    p = loaded.provenance[sid]
    entry = catalog.get(sid)
    change = mg.session_change(values, sid, spec.sessions)
    last_change = change.iloc[-1]
    cards = (
        Card(
            f"{sid} on {values.index[-1]:%Y-%m-%d}",
            f"{values.iloc[-1]:.2f}" + ("%" if spec.unit == "pp" else ""),
            help=f"{entry.label} ({p.line()}); release rule {entry.release}.",
        ),
        Card(
            spec.change_title,
            "n/a" if pd.isna(last_change) else f"{last_change:+.2f} {spec.unit}",
            help=f"Change over the last {spec.sessions} observations to "
            f"{values.index[-1]:%Y-%m-%d} ({p.line()}).",
        ),
    )
    frame = pd.DataFrame({"level": values, "change_20": change})
    lo, hi = window
    shown = frame.loc[pd.Timestamp(lo) : pd.Timestamp(hi)]
    if shown["level"].dropna().empty:
        ended = Notice(
            f"No {sid} values between {lo} and {hi}: its data ends {values.index[-1]:%Y-%m-%d}.",
            "info",
            ":material/history:",
        )
        return Section(spec.title, cards=cards, chart=ended)
    fig = charts.level_and_change_figure(
        shown["level"],
        shown["change_20"].dropna(),
        name=sid,
        level_title=spec.level_title,
        change_title=spec.change_title,
    )
    fig = _on_window(fig, lo, hi)
    chart = time_chart(f"global_{sid}", fig, shown, (p,), window=(lo, hi), timeline=timeline)
    return Section(spec.title, cards=cards, chart=chart)


def _on_window(fig, lo, hi):
    """The figure's date axes span the view's window, not only the data it holds: every chart
    of the view covers the same dates, and a series that ends early is seen to."""
    return fig.update_xaxes(range=[pd.Timestamp(lo), pd.Timestamp(hi)])
