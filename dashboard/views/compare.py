"""Compare: the sidebar's tickers side by side, against the sidebar's benchmark.

Every number stands on one calendar and one window: the sessions on which every ticker shown
and the benchmark have a close (an inner join; BTC-USD sampled on equity sessions), cut to the
date range, which counts back from the last of those common sessions. Rebased performance is
100 at the window's first common session; relative strength is each ticker's ratio to the
benchmark, also 100 there. Everything stands as it did on the view's day (the shared as-of
date, or the default): later prices are not used.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from dashboard.charts import compare as charts
from dashboard.data import catalog
from dashboard.data.load import Loaded
from dashboard.data.provenance import describe
from dashboard.signals import breakout, relative
from dashboard.state import ViewState
from dashboard.views import reasons
from dashboard.views.common import Day, Header, published, sources, view_day
from dashboard.views.format import plural
from dashboard.views.model import (
    Card,
    Column,
    Notice,
    Panel,
    Setting,
    Table,
    Timeline,
    time_chart,
)

TITLE = "Compare"
INTRO = (
    "The sidebar's tickers side by side: performance rebased to 100 at the start of the date "
    "range, relative strength against the sidebar's benchmark, and each one's return, excess "
    "return and drawdown over the window. Add or remove tickers in the sidebar; the link keeps "
    "them."
)
HEADER = Header(TITLE, INTRO)
AVERAGE = "Average"
#: Points of a card's sparkline (the rebased line, thinned).
SPARK_POINTS = 60

#: The parts of the shared view state this view reads (its cache key).
READS = ("tickers", "benchmark", "range_preset", "start", "end", "as_of", "events")


@dataclass(frozen=True, slots=True)
class Params:
    """The settings panel (``?cmp_rs_ma=``, ``?cmp_average=``)."""

    rs_ma: int = 50
    average: bool = False


SETTINGS = (
    Setting(
        "rs_ma",
        "cmp_rs_ma",
        "Relative-strength trend: average of (sessions)",
        50,
        5,
        250,
        5,
        help="A ticker's relative strength is rising while its ratio to the benchmark is above "
        "its moving average over this many common sessions (counted before the window too).",
    ),
    Setting(
        "average",
        "cmp_average",
        "Show the equal-weight average",
        False,
        help="The mean of the tickers' rebased lines: an equal-weight basket bought at the "
        "window start and held (the benchmark not included unless it is one of the tickers).",
    ),
)
#: What a link may set on this page (checked by the sidebar before the widgets read it).
LINK_PARAMS = tuple(s.link() for s in SETTINGS)


def series_ids(view: ViewState) -> tuple[str, ...]:
    return tuple(dict.fromkeys((*view.tickers, view.benchmark)))


@dataclass(frozen=True, slots=True)
class TickerCard:
    """One ticker's card: return over the window (the value), against the benchmark (the
    delta), its drawdown (a line under it) and the rebased line as a sparkline."""

    card: Card
    drawdown: str
    spark: tuple[float, ...]


@dataclass(frozen=True, slots=True)
class CompareView:
    header: Header
    day: Day | None = None
    #: set when there is nothing to compare (the page shows it and stops)
    stop: Notice | None = None
    #: tickers loaded but with nothing published by the day (the page's provenance names those
    #: that could not be loaded, and why)
    missing: Notice | None = None
    window_note: str = ""
    cards: tuple[TickerCard, ...] = ()
    performance: Panel | None = None
    strength: Panel | None = None
    table: Table | None = None


def build(
    loaded: Loaded,
    view: ViewState,
    params: Params,
    today: date,
    timeline: Timeline | None = None,
) -> CompareView:
    bench = view.benchmark
    ids = series_ids(view)
    header = Header(TITLE, INTRO, sources(loaded, ids))
    if not view.tickers:
        return CompareView(header, stop=Notice("Add tickers in the sidebar to compare them."))
    day = view_day(view, loaded, today)
    cut = published(loaded, day, ids)
    missing = _missing(loaded, ids, cut, day)
    if bench not in cut:
        stop = Notice(
            f"No prices for the benchmark {bench}, so nothing can be compared against it; pick "
            "another benchmark in the sidebar.",
            "error",
        )
        return CompareView(header, day, stop, missing)
    tickers = [t for t in view.tickers if t in cut]
    if not tickers:
        stop = Notice("None of the sidebar's tickers has prices to compare.", "error")
        return CompareView(header, day, stop, missing)

    alignment = relative.align({sid: cut[sid] for sid in dict.fromkeys((*tickers, bench))})
    common = alignment.frame
    if len(common) < 2:
        stop = Notice(
            f"{reasons.names([*tickers, bench])} share fewer than two sessions, so there is no "
            "common window to compare them on.",
            "warning",
        )
        return CompareView(header, day, stop, missing)
    lo, hi = view.window(common.index[0].date(), common.index[-1].date())
    shown = common.loc[pd.Timestamp(lo) : pd.Timestamp(hi)]
    if len(shown) < 2:
        stop = Notice(f"Fewer than two common sessions between {lo} and {hi}.", "warning")
        return CompareView(header, day, stop, missing)
    lo, hi = shown.index[0].date(), shown.index[-1].date()
    window = (lo, hi)

    rebased = relative.rebase(shown)
    strength = pd.DataFrame({t: 100.0 * rebased[t] / rebased[bench] for t in tickers if t != bench})
    prov = sources(loaded, [*tickers, bench])
    rows = [_row(t, bench, shown, common, loaded, params) for t in dict.fromkeys((*tickers, bench))]
    table = _table(rows, bench, params, window, prov)
    lines = rebased
    if params.average:
        lines = rebased.assign(**{AVERAGE: rebased[tickers].mean(axis=1)})
    return CompareView(
        header=header,
        day=day,
        missing=missing,
        window_note=_window_note(shown, cut, day),
        cards=tuple(_card(r, bench, rebased[r["ticker"]]) for r in rows),
        performance=time_chart(
            "cmp_performance",
            charts.performance_figure(
                lines, benchmark=bench, average=AVERAGE if params.average else None
            ),
            lines,
            prov,
            window=window,
            timeline=timeline,
            note=f"100 = the close on {lo:%Y-%m-%d}, the window's first common session; "
            f"{bench} (the benchmark) dashed"
            + (", the equal-weight average dotted." if params.average else "."),
        ),
        strength=_strength_panel(strength, bench, window, prov, timeline),
        table=table,
    )


def _missing(loaded: Loaded, ids, cut, day: Day) -> Notice | None:
    """The tickers loaded but with nothing published by the view's day (those no source could
    deliver are named, with why, by the page's provenance above)."""
    later = [
        sid for sid in ids if sid not in cut and sid in loaded.provenance
        and loaded.provenance[sid].available
    ]  # fmt: skip
    if not later:
        return None
    return Notice(
        f"Left out of every chart: nothing published by {day.day:%Y-%m-%d} for "
        f"{reasons.names(later)}.",
        "warning",
        ":material/block:",
    )


def _window_note(shown, cut, day: Day) -> str:
    """Which sessions the numbers stand on, and which ticker cuts them short."""
    lo, hi = shown.index[0], shown.index[-1]
    text = (
        f"{lo:%Y-%m-%d} to {hi:%Y-%m-%d}: {plural(len(shown), 'common session')} of "
        f"{reasons.names(list(shown.columns))}, rebased to 100 on {lo:%Y-%m-%d}."
    )
    # closes in the window that are not on the common calendar (weekends of 7-day markets,
    # one market's holidays): left out of every figure, and said so
    off = {sid: len(cut[sid].loc[lo:hi]) - len(shown) for sid in shown.columns}
    off = {sid: n for sid, n in off.items() if n > 0}
    if off:
        text += (
            " Left out, not on every calendar: "
            + ", ".join(f"{n:,} {sid} {'close' if n == 1 else 'closes'}" for sid, n in off.items())
            + "."
        )
    ends = {sid: cut[sid].index[-1] for sid in shown.columns}
    newest = max(ends.values())
    if hi < newest:
        short = [sid for sid, end in ends.items() if end == hi]
        text += (
            f" The window ends on {hi:%Y-%m-%d}, the last session {reasons.names(short)} "
            f"{'has' if len(short) == 1 else 'have'} (others run to {newest:%Y-%m-%d}): "
            f"remove {'it' if len(short) == 1 else 'them'} from the sidebar for a later window."
        )
    if day.replay:
        text += f" As of {day.reason}."
    return text


def _row(sid, bench, shown, common, loaded, params) -> dict:
    """One ticker's figures over the window (percent and percentage points)."""
    values = shown[sid]
    ret = 100.0 * (values.iloc[-1] / values.iloc[0] - 1.0)
    bench_ret = 100.0 * (shown[bench].iloc[-1] / shown[bench].iloc[0] - 1.0)
    down = breakout.drawdown(values)
    trough = down.idxmin()
    line = common[sid] / common[bench]
    ma = relative.moving_average(line.loc[: shown.index[-1]], params.rs_ma)
    trend = np.nan
    if sid != bench and pd.notna(ma.iloc[-1]):
        trend = 100.0 * (line.loc[shown.index[-1]] / ma.iloc[-1] - 1.0)
    spec = catalog.get(sid)
    return {
        "ticker": sid,
        "name": spec.label,
        "return_pct": ret,
        "vs_bench_pp": np.nan if sid == bench else ret - bench_ret,
        "rs_vs_ma_pct": trend,
        "drawdown_pct": down.iloc[-1],
        "max_drawdown_pct": down.min(),
        "max_drawdown_date": trough.date() if down.min() < 0 else None,
        "high_date": values.idxmax().date(),
        "last_close": values.iloc[-1],
        "last_date": values.index[-1].date(),
        "source": loaded.provenance[sid].line(),
    }


def _card(row: dict, bench: str, rebased: pd.Series) -> TickerCard:
    sid = row["ticker"]
    if sid == bench:
        delta, color = "the benchmark", "off"
    else:
        delta, color = f"{row['vs_bench_pp']:+.2f} pp vs {bench}", "normal"
    if row["drawdown_pct"] >= 0:
        drawdown = f"At its window high (max drawdown {row['max_drawdown_pct']:.1f}%)"
    else:
        drawdown = (
            f"Drawdown {row['drawdown_pct']:.1f}% from {row['high_date']:%Y-%m-%d} "
            f"(max {row['max_drawdown_pct']:.1f}%)"
        )
    step = max(1, len(rebased) // SPARK_POINTS)
    spark = tuple(float(v) for v in rebased.iloc[::step].round(2))
    help_text = (
        f"{row['name']}. Return from the window's first to its last common session "
        f"({row['last_date']:%Y-%m-%d}, close {row['last_close']:,.2f}); the delta is that "
        f"return minus {bench}'s, in percentage points. {row['source']}."
    )
    return TickerCard(
        Card(sid, f"{row['return_pct']:+.2f}%", delta, color, help_text), drawdown, spark
    )


def _strength_panel(strength, bench, window, prov, timeline) -> Panel:
    if strength.empty:
        return Notice(
            f"The only ticker is the benchmark {bench}: add others in the sidebar to see their "
            "strength against it."
        )
    fig = charts.strength_figure(strength, benchmark=bench)
    note = (
        f"Each ticker's close divided by {bench}'s, 100 on {window[0]:%Y-%m-%d}: above 100 it has "
        f"beaten {bench} since the window start; a rising line is beating it now."
    )
    return time_chart(
        "cmp_strength", fig, strength, prov, window=window, timeline=timeline, note=note
    )


def _table(rows, bench, params, window, prov) -> Table:
    frame = pd.DataFrame(rows).drop(columns=["high_date"])
    for name in ("max_drawdown_date", "last_date"):
        frame[name] = pd.to_datetime(frame[name])
    columns = {
        "ticker": Column("ticker"),
        "name": Column("name", width="medium"),
        "return_pct": Column("return, %", "number", "%+.2f"),
        "vs_bench_pp": Column(f"vs {bench}, pp", "number", "%+.2f"),
        "rs_vs_ma_pct": Column(
            f"RS vs its {params.rs_ma}-session average, %",
            "number",
            "%+.2f",
            help=f"The ratio to {bench} against its {params.rs_ma}-session moving average on the "
            "last common session: positive = relative strength rising.",
        ),
        "drawdown_pct": Column("drawdown now, %", "number", "%.2f"),
        "max_drawdown_pct": Column("max drawdown, %", "number", "%.2f"),
        "max_drawdown_date": Column("max drawdown on", "date"),
        "last_close": Column("last close", "number", "%.2f"),
        "last_date": Column("last common session", "date"),
        "source": Column("source", width="medium"),
    }
    caption = (
        f"{window[0]:%Y-%m-%d} to {window[1]:%Y-%m-%d}, on common sessions. Drawdowns are from "
        f"the highest close in the window. Sources: {describe(prov)}."
    )
    return Table("cmp_table", frame, columns, caption)
