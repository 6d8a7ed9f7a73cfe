"""Macro surprises: each release against its expectation, standardised, and a composite index.

Everything stands as it did on the view's day (the shared as-of date, or the default): only
releases and consensus rows published by then count.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from dashboard import scoring
from dashboard.charts import macro as charts
from dashboard.data import usertables
from dashboard.data import vintages as vt
from dashboard.data.load import Loaded
from dashboard.signals import scorecard as rules
from dashboard.signals import surprise as su
from dashboard.state import LinkParam, ViewState
from dashboard.views.common import Day, Header, by_id, sources, view_day
from dashboard.views.model import (
    Card,
    Chart,
    Column,
    Memo,
    Notice,
    Panel,
    Setting,
    Table,
    Timeline,
    call,
    time_chart,
)

TITLE = "Macro surprises"
INTRO = (
    "The thesis: US data beat expectations in mid-January 2026: Philadelphia Fed manufacturing "
    "12.6 against -1.6 expected, Empire State 7.7 against 0.8, initial jobless claims 198k "
    "against 215k. Each release is measured against its expectation (the consensus where one "
    "is recorded, otherwise a labelled model expectation) and the standardised surprises are "
    "combined into one index, in the spirit of Citi's Economic Surprise Index."
)
HEADER = Header(TITLE, INTRO)
#: the scorecard signal of each indicator's gauge (the composite has its own card)
GAUGE_SIGNALS = {
    s.series[0]: s.id for s in rules.MACRO if s.id != "macro_surprise_index" and s.series
}
COMPOSITE_SIGNAL = "macro_surprise_index"
SCORECARD_NOTE = "(The scorecard uses the default parameters.)"
UNITS = {"Surprise (indicator units)": "surprise", "z-score": "z"}
#: expectation kind -> (badge colour, icon, label)
EXPECTATION_STYLE = {
    su.CONSENSUS: ("blue", ":material/groups:", "consensus"),
    su.MODEL: ("orange", ":material/functions:", "model expectation"),
}

#: The parts of the shared view state this view reads (its cache key).
READS = ("range_preset", "start", "end", "as_of", "events")


@dataclass(frozen=True, slots=True)
class Params:
    """The Parameters panel: the model expectation, the z-score window, the composite's decay."""

    model_window: int = su.DEFAULT_MODEL_WINDOW
    z_window: int = su.DEFAULT_Z_WINDOW
    half_life_days: float = su.DEFAULT_HALF_LIFE_DAYS
    window_days: int = su.DEFAULT_WINDOW_DAYS

    @property
    def z_min_periods(self) -> int:
        return min(su.DEFAULT_Z_MIN_PERIODS, self.z_window)

    @property
    def defaults(self) -> bool:
        return self == Params()


SETTINGS = (
    Setting(
        "model_window",
        "macro_model_window",
        "Model: mean of previous N prints",
        su.DEFAULT_MODEL_WINDOW,
        1,
        24,
        help="Used only where no consensus is recorded (1 = the prior print).",
    ),
    Setting(
        "z_window",
        "macro_z_window",
        "z: past surprises (window)",
        su.DEFAULT_Z_WINDOW,
        6,
        520,
        help="The surprise is divided by the standard deviation of this many previous "
        f"surprises (at least {su.DEFAULT_Z_MIN_PERIODS}, or the window if smaller).",
    ),
    Setting(
        "half_life_days",
        "macro_half_life",
        "Composite half-life (days)",
        su.DEFAULT_HALF_LIFE_DAYS,
        1.0,
        365.0,
    ),
    Setting(
        "window_days",
        "macro_window_days",
        "Composite window (days)",
        su.DEFAULT_WINDOW_DAYS,
        7,
        730,
    ),
)


#: The surprise history's units switch and indicator tabs: their widget keys (URL parameters).
UNITS_KEY = "macro_bars_unit"
INDICATOR_KEY = "macro_indicator"
INDICATOR_TABS = tuple(su.indicator(sid).short for sid in su.MACRO_IDS)
#: What a link may set on this page (checked by the sidebar before the widgets read it).
LINK_PARAMS = (
    *(s.link() for s in SETTINGS),
    LinkParam(UNITS_KEY, "choice", options=tuple(UNITS)),
    LinkParam(INDICATOR_KEY, "choice", options=INDICATOR_TABS),
)


@dataclass(frozen=True, slots=True)
class Badge:
    label: str
    color: str
    icon: str
    help: str = ""


@dataclass(frozen=True, slots=True)
class Gauge:
    """One indicator's latest release: the gauge, what it was measured against, the surprise."""

    series_id: str
    name: str
    missing: Notice | None = None  #: no data: the notice replaces everything below
    chart: Chart | None = None
    expectation: Badge | None = None
    cards: tuple[Card, ...] = ()
    signal: rules.Signal | None = None


@dataclass(frozen=True, slots=True)
class Composite:
    undefined: Notice | None  #: no release in the window before the day
    cards: tuple[Card, ...]
    signal: rules.Signal | None
    chart: Panel


@dataclass(frozen=True, slots=True)
class History:
    """What the surprise-history panel needs (drawn per unit by :func:`history_panels`)."""

    tables: dict[str, pd.DataFrame]
    window: tuple[date, date]
    sources: dict[str, tuple]


@dataclass(frozen=True, slots=True)
class ConsensusSection:
    bundled: Table
    bundled_count: int
    team_count: int
    checks: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class MacroView:
    header: Header
    stop: Notice | None = None
    day: Day | None = None
    formula: str = ""
    gauges: tuple[Gauge, ...] = ()
    composite: Composite | None = None
    history: History | None = None
    releases: Table | None = None
    consensus: ConsensusSection | None = None
    #: which version of the prints the surprises use (ALFRED first releases, or why not)
    vintage_note: str = ""


def build(
    loaded: Loaded,
    view: ViewState,
    params: Params,
    today: date,
    consensus: pd.DataFrame,
    timeline: Timeline | None = None,
    memo: Memo = call,
    alfred: vt.Vintages | None = None,
) -> MacroView:
    """The view on ``loaded`` (:data:`dashboard.signals.surprise.MACRO_IDS`); ``consensus``
    is the consensus table (bundled and team rows, with their ``origin``); ``alfred`` the
    ALFRED vintages (first releases) where FRED delivered the series with a key."""
    alfred = alfred or vt.Vintages()
    header = Header(TITLE, INTRO, sources(loaded, su.MACRO_IDS))
    available = {
        sid: loaded.series[sid]
        for sid in su.MACRO_IDS
        if sid in loaded.series and not loaded.series[sid].empty
    }
    if not available:
        return MacroView(
            header,
            Notice(
                "None of the macro series could be loaded (" + ", ".join(su.MACRO_IDS) + "), so "
                "there is nothing to show. Put their FRED CSV exports into the data folder or let "
                "the FRED source reach them.",
                "error",
            ),
        )
    day = view_day(view, loaded, today)
    formula = su.formula_markdown(
        model_window=params.model_window,
        z_window=params.z_window,
        z_min_periods=params.z_min_periods,
        half_life_days=params.half_life_days,
        window_days=params.window_days,
    )
    section = consensus_section(consensus, available)
    tables = {
        sid: memo(
            su.surprise_table,
            values,
            sid,
            consensus=consensus,
            as_of=day.stamp,
            model_window=params.model_window,
            z_window=params.z_window,
            z_min_periods=params.z_min_periods,
            vintages=alfred.get(sid),
        )
        for sid, values in available.items()
    }
    tables = {sid: t for sid, t in tables.items() if not t.empty}
    if not tables:
        stop = Notice(
            f"No macro release was published by {day.day:%Y-%m-%d}. Pick a later as-of date.",
            "info",
            ":material/event_busy:",
        )
        return MacroView(header, stop, day, formula, consensus=section)
    signals = by_id(
        memo(scoring.compute, loaded, as_of=day.stamp, specs=rules.MACRO, consensus=consensus)
    )
    first = min(t.index[0] for t in tables.values()).date()
    last_release = max(pd.Timestamp(t["published"].max()) for t in tables.values())
    # The view's last date: the day itself while the composite is defined on it (its value
    # there is the scorecard's), else the last release, where the stale composite ends.
    composite_live = (day.stamp - last_release).days < params.window_days
    window = view.window(first, day.day if composite_live else last_release.date())
    gauges = tuple(
        gauge(sid, tables.get(sid), loaded, day, params, consensus, signals.get(GAUGE_SIGNALS[sid]))
        for sid in su.MACRO_IDS
    )
    source_map = {sid: (loaded.provenance[sid],) for sid in tables}
    return MacroView(
        header=header,
        day=day,
        formula=formula,
        gauges=gauges,
        composite=composite(
            tables, day, last_release, window, params, loaded, signals, timeline, memo
        ),
        history=History(tables, window, source_map),
        releases=release_table(tables, window, loaded),
        consensus=section,
        vintage_note=su.vintage_summary(alfred, tuple(available)),
    )


def gauge(
    sid: str,
    table: pd.DataFrame | None,
    loaded: Loaded,
    day: Day,
    params: Params,
    consensus: pd.DataFrame,
    signal: rules.Signal | None,
) -> Gauge:
    info = su.indicator(sid)
    if table is None:
        return Gauge(sid, info.short, Notice(f"{info.short}: no data (see the badges above)."))
    row = table.iloc[-1]
    period = pd.Timestamp(table.index[-1])
    prov = loaded.provenance[sid]
    history = table["actual"].loc[period - pd.DateOffset(years=3) :]
    released = f"released {pd.Timestamp(row['published']):%Y-%m-%d}"
    fig = charts.gauge_figure(
        info,
        actual=float(row["actual"]),
        expected=None if pd.isna(row["expected"]) else float(row["expected"]),
        surprise=None if pd.isna(row["surprise"]) else float(row["surprise"]),
        expectation=None if pd.isna(row["expectation"]) else str(row["expectation"]),
        period=su.period_label(sid, period),
        history=history,
    )
    data = table.tail(1)[["actual", "expected", "expectation", "surprise", "z"]]
    chart = Chart(f"gauge_{sid}", fig, data, (prov,), released)
    kind = row["expectation"] if isinstance(row["expectation"], str) else None
    badge = None
    if kind:
        color, icon, label = EXPECTATION_STYLE[kind]
        origin = ""
        if kind == su.CONSENSUS:
            match = consensus[
                (consensus["indicator"] == sid) & (consensus["reference_period"] == period)
            ]
            if not match.empty:
                origin = f" · {match[usertables.ORIGIN_COLUMN].iloc[-1]} row"
        badge = Badge(
            f"{label}{origin}",
            color,
            icon,
            row["source_note"]
            or f"Mean of the previous {params.model_window} prints: no consensus is recorded "
            "for this release. This is a model surprise, not a consensus surprise.",
        )
    surprise = row["surprise"]
    where = f"{prov.line()}; {released}"
    cards = (
        Card(
            "Surprise" if kind != su.MODEL else "Model surprise",
            "n/a" if pd.isna(surprise) else f"{info.show(surprise):+,.1f}",
            None
            if pd.isna(surprise)
            else ("better" if surprise > 0 else "worse" if surprise < 0 else "as expected"),
            "normal" if not pd.isna(surprise) and surprise > 0 else "inverse",
            help=f"{info.display_unit}; positive = better than expected "
            + ("(fewer claims). " if sid == su.CLAIMS else ". ")
            + where,
        ),
        Card(
            "Standardised (z)",
            "n/a" if pd.isna(row["z"]) else f"{row['z']:+.2f}",
            help=f"Surprise divided by the standard deviation of the previous {params.z_window} "
            f"surprises. {where}",
        ),
    )
    return Gauge(sid, info.short, None, chart, badge, cards, signal)


def composite(tables, day, last_release, window, params, loaded, signals, timeline, memo):
    lo, hi = window
    undefined = None
    if (day.stamp - last_release).days >= params.window_days:  # else the window ends on the day
        undefined = Notice(
            f"No release in the {params.window_days} days to {day.day:%Y-%m-%d}, so the "
            f"composite is undefined on that date: it is stale. Shown greyed below: its last "
            f"reading, on {last_release:%Y-%m-%d} (the newest release), where the chart ends.",
            "info",
            ":material/event_busy:",
        )
    grid = pd.bdate_range(lo, hi)
    if len(grid) > 2500:
        grid = pd.date_range(lo, hi, freq="W-FRI").union(pd.DatetimeIndex([pd.Timestamp(hi)]))
    frame = memo(
        su.composite_index,
        tables,
        grid,
        half_life_days=params.half_life_days,
        window_days=params.window_days,
    )
    latest = frame["composite"].dropna()
    names = {sid: su.indicator(sid).short for sid in tables}
    signal = signals.get(COMPOSITE_SIGNAL)
    if latest.empty:
        empty = Notice(
            f"No standardised surprise between {lo} and {hi} (each needs "
            f"{params.z_min_periods} earlier surprises for its z-score)."
        )
        return Composite(undefined, (), None, empty)
    last_row = frame.loc[latest.index[-1]]
    biggest = max(names, key=lambda s: abs(last_row[s]) if pd.notna(last_row[s]) else -1)
    where = "; ".join(loaded.provenance[s].line() for s in tables)
    if undefined is None:
        headline = Card(
            "Composite",
            f"{latest.iloc[-1]:+.2f} sd",
            help=f"On {latest.index[-1]:%Y-%m-%d}: decay-weighted mean z of the releases "
            f"published in the previous {params.window_days} days. {where}",
        )
    else:
        # undefined on the day: the last reading, greyed and dated, never as today's value
        headline = Card(
            "Composite: stale",
            f":gray[{latest.iloc[-1]:+.2f} sd]",
            f"last reading, {latest.index[-1]:%Y-%m-%d}",
            help=f"Undefined on {day.day:%Y-%m-%d}: no release in the {params.window_days} days "
            f"before it. This is its value on {latest.index[-1]:%Y-%m-%d}, the newest release "
            f"in the window. {where}",
        )
    cards = (
        headline,
        Card(
            "Releases in the window" if undefined is None else "Releases in its last window",
            f"{int(last_row['releases'])}",
            f"{int(last_row['indicators'])} indicator(s)",
        ),
        Card(
            "Largest contribution",
            names[biggest],
            None if pd.isna(last_row[biggest]) else f"{last_row[biggest]:+.2f} sd",
            "normal",
            help="; ".join(
                f"{names[s]} {last_row[s]:+.2f} sd" for s in names if pd.notna(last_row[s])
            ),
        ),
    )
    note = (
        "A release counts from its publication date; contributions are in the legend"
        + ("" if params.defaults else "; parameters differ from the scorecard's defaults")
        + "."
    )
    chart = time_chart(
        "macro_composite",
        charts.composite_figure(frame, names=names),
        frame,
        [loaded.provenance[s] for s in tables],
        window=window,
        timeline=timeline,
        note=note,
    )
    return Composite(undefined, cards, signal, chart)


def history_panels(
    history: History, unit: str, timeline: Timeline | None = None
) -> tuple[tuple[str, Panel], ...]:
    """One surprise-history panel per indicator: ``unit`` is ``surprise`` or ``z``."""
    lo, hi = history.window
    panels = []
    for sid, table in history.tables.items():
        info = su.indicator(sid)
        shown = table.loc[pd.Timestamp(lo) : pd.Timestamp(hi)].dropna(subset=["expected"])
        if shown.empty:
            panels.append(
                (
                    info.short,
                    Notice(f"No {info.short} release with an expectation in {lo} .. {hi}."),
                )
            )
            continue
        fig = charts.surprise_bars(shown, info, column=unit)
        note = "Each bar sits at its reference period, not its release date."
        chart = time_chart(
            f"bars_{sid}",
            fig,
            shown,
            history.sources[sid],
            window=history.window,
            timeline=timeline,
            note=note,
        )
        panels.append((info.short, chart))
    return tuple(panels)


def release_table(tables, window, loaded) -> Table:
    lo, hi = window
    releases = su.release_table(tables)
    releases = releases[
        (releases["release_date"] >= pd.Timestamp(lo))
        & (releases["release_date"] <= pd.Timestamp(hi))
    ]
    caption = (
        f"Published {lo} .. {hi}, newest first. Claims in thousands; surprise > 0 means better "
        "than expected. Sources: " + "; ".join(loaded.provenance[s].line() for s in tables) + "."
    )
    columns = {
        "indicator": Column("indicator"),
        "series": Column("series"),
        "unit": Column("unit"),
        "reference_period": Column("reference period", "date"),
        "release_date": Column("release date", "date"),
        "actual": Column("actual", kind="number", format="%.1f"),
        "expected": Column("expected", kind="number", format="%.1f"),
        "expectation": Column("expectation type"),
        "surprise": Column("surprise", kind="number", format="%+.1f"),
        "z": Column("z (sd)", kind="number", format="%+.2f"),
        "source_note": Column("consensus source", width="large"),
        "vintage": Column("actual is", help="first release (ALFRED) or FRED's latest revision"),
    }
    return Table("macro_releases", releases, columns, caption, height=320)


def consensus_section(consensus: pd.DataFrame, available) -> ConsensusSection:
    origin = consensus[usertables.ORIGIN_COLUMN]
    bundled = consensus[origin == "bundled"]
    columns = {
        "indicator": Column("series"),
        "reference_period": Column("reference period", "date"),
        "release_date": Column("release date", "date"),
        "consensus": Column("consensus", "number"),
        "source_note": Column("source", width="large"),
        usertables.ORIGIN_COLUMN: Column("row"),
    }
    return ConsensusSection(
        Table("consensus_bundled", bundled, columns),
        len(bundled),
        int((origin == "user").sum()),
        tuple(su.consensus_checks(consensus, available)),
    )


#: The consensus editor's columns.
EDITOR_COLUMNS = {
    "indicator": Column("series", help="The catalog series the consensus is for."),
    "reference_period": Column(
        "reference period",
        kind="date",
        help="The observation date: the month (1st) or week-ending Saturday.",
    ),
    "release_date": Column("release date", "date"),
    "consensus": Column("consensus", kind="number", help="Median forecast, in series units."),
    "source_note": Column("source"),
}
