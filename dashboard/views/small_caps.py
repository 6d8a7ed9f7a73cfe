"""Small caps: the outperformance streak, the breakout above the 2021 peak, relative strength.

Everything stands as it did on the view's last day: the end of the date range, or the shared
as-of date when it is earlier. Streaks are counted over the whole history up to that day, charts
follow the date range.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from dashboard import scoring
from dashboard.charts import small_caps as charts
from dashboard.data import catalog
from dashboard.data.load import Loaded
from dashboard.data.provenance import describe
from dashboard.signals import breakout, relative, streaks
from dashboard.signals import scorecard as rules
from dashboard.signals.scorecard.small_caps import BREAKOUT_CUTOFF
from dashboard.state import LinkParam, ViewState
from dashboard.views.common import Header, published, sources, view_day
from dashboard.views.format import percent, plural
from dashboard.views.model import (
    Card,
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

TITLE = "Small caps"
INTRO = (
    "The thesis: small caps beat the market for 10 sessions in a row by mid-January 2026 "
    '("the longest streak since 1990") while the Russell 2000 broke above its November 2021 '
    "all-time high (2,442.74 on 2021-11-08). Check both on any pair and any date."
)
#: Each side's natural benchmark (an ETF against an ETF, an index against an index).
NATURAL_BENCHMARK = {"IWM": "SPY", "^RUT": "^GSPC"}
HORIZONS = (5, 20, 60)
DEFAULT_PAIR = "IWM"
HEADER = Header(TITLE, INTRO)
SCORE_IDS = tuple(sid for spec in rules.SMALL_CAPS for sid in spec.series)

#: The parts of the shared view state this view reads (its cache key).
READS = ("benchmark", "range_preset", "start", "end", "as_of", "events")


@dataclass(frozen=True, slots=True)
class Params:
    """The page's own settings (``?pair=`` and the Settings panel)."""

    pair: str = DEFAULT_PAIR
    ma_window: int = 50
    cutoff: date = BREAKOUT_CUTOFF.date()
    min_shade: int = 5
    top_n: int = 10


SETTINGS = (
    Setting("ma_window", "sc_ma_window", "Ratio moving average (sessions)", 50, 5, 400, 5),
    Setting(
        "cutoff",
        "sc_cutoff",
        "Prior peak: highest close before",
        BREAKOUT_CUTOFF.date(),
        date(1950, 1, 1),
        help="The breakout is the first close above the highest close before this date.",
    ),
    Setting("min_shade", "sc_min_shade", "Shade streaks of at least (sessions)", 5, 1, 30),
    Setting("top_n", "sc_top_n", "Longest streaks listed", 10, 3, 50),
)


#: The small-cap sides offered besides the sidebar's tickers.
PAIRS = ("IWM", "^RUT")
#: What a link may set on this page (checked by the sidebar before the widgets read it).
LINK_PARAMS = (LinkParam("pair", "symbol", options=PAIRS), *(s.link() for s in SETTINGS))


def pair_options(view: ViewState) -> list[str]:
    """The small-cap sides offered: IWM, ^RUT and the sidebar's tickers."""
    return list(dict.fromkeys((*PAIRS, *view.tickers)))


def series_ids(view: ViewState, params: Params) -> tuple[str, ...]:
    return tuple(dict.fromkeys((params.pair, view.benchmark, *SCORE_IDS)))


def natural_benchmark(pair: str, bench: str) -> tuple[str, str] | None:
    """The pair's natural benchmark and why, when it is not the current one."""
    natural = NATURAL_BENCHMARK.get(pair)
    if not natural or natural == bench or natural not in catalog.BENCHMARKS:
        return None
    kind = "index against index" if pair.startswith("^") else "ETF against ETF"
    return (
        natural,
        f"{pair} pairs naturally with {natural} ({kind}); {bench} is the current benchmark.",
    )


@dataclass(frozen=True, slots=True)
class SmallCapsView:
    header: Header
    pair: str
    bench: str
    natural: tuple[str, str] | None  #: (benchmark, why) to offer
    #: set when there is nothing to compare (the page shows it and stops)
    stop: Notice | None = None
    heading: str = ""
    heading_note: str = ""
    cards: tuple[Card, ...] = ()
    signals: tuple[rules.Signal, ...] = ()
    scorecard_note: str = ""
    ratio: Panel | None = None
    breakout_title: str = ""
    breakout_note: str = ""
    breakout: Panel | None = None
    rebased: Panel | None = None
    relative: Panel | None = None
    streaks: Table | Notice | None = None


def build(
    loaded: Loaded,
    view: ViewState,
    params: Params,
    today: date,
    timeline: Timeline | None = None,
    memo: Memo = call,
) -> SmallCapsView:
    pair, bench = params.pair, view.benchmark
    natural = natural_benchmark(pair, bench)
    if pair == bench:
        return SmallCapsView(
            HEADER,
            pair,
            bench,
            natural,
            Notice(
                f"The small-cap side and the benchmark are both {pair}: a series cannot "
                "outperform itself. Pick another benchmark in the sidebar or another small-cap "
                "side above."
            ),
        )
    header = Header(TITLE, INTRO, sources(loaded))
    day = view_day(view, loaded, today)
    cut = published(loaded, day, (pair, bench))
    small, large = cut.get(pair), cut.get(bench)
    if small is None or large is None:
        missing = ", ".join(s for s, v in ((pair, small), (bench, large)) if v is None)
        stop = Notice(
            f"No prices for {missing}, so this pair cannot be compared; see the badges above.",
            "error",
        )
        return SmallCapsView(header, pair, bench, natural, stop)
    common = relative.align({pair: small, bench: large}).frame
    if len(common) < 2:
        stop = Notice(
            f"{pair} and {bench} share fewer than two sessions, so there is no daily return to "
            "compare.",
            "warning",
        )
        return SmallCapsView(header, pair, bench, natural, stop)

    prov = (loaded.provenance[pair], loaded.provenance[bench])
    source_text = describe(p for p in prov if p.last_date)
    lo, hi = view.window(common.index[0].date(), common.index[-1].date())
    hi_ts = pd.Timestamp(hi)
    small, large = small.loc[:hi_ts], large.loc[:hi_ts]
    result = memo(streaks.compute_streaks, small, large, small_name=pair, bench_name=bench)
    cut_day = pd.Timestamp(params.cutoff)
    peak = memo(breakout.analyse, small, cut_day, name=pair)
    line = relative.ratio(small, large)
    rel = pd.DataFrame(
        {f"{n} sessions": relative.relative_return(small, large, n) for n in HORIZONS}
    )
    scored_on = min(day.day, hi)  # a range ending earlier replays the scorecard then
    signals = memo(scoring.compute, loaded, as_of=scored_on, specs=rules.SMALL_CAPS)
    window = (lo, hi)
    return SmallCapsView(
        header=header,
        pair=pair,
        bench=bench,
        natural=natural,
        heading=f"{pair} against {bench} on {hi:%Y-%m-%d}",
        heading_note=(
            f"{result.alignment.note} Streaks are counted over the whole history up to "
            f"{hi:%Y-%m-%d}, the end of the date range."
        ),
        cards=_cards(pair, bench, result, peak, cut_day, rel, loaded, source_text),
        signals=tuple(signals),
        scorecard_note=(
            f"Scorecard as of {scored_on:%Y-%m-%d}: it always scores IWM vs SPY (streak) and "
            "^RUT (breakout), whatever pair is shown here."
        ),
        ratio=_ratio_panel(pair, bench, line, result, peak, params, window, prov, timeline),
        breakout_title=f"{pair}: breakout above the prior peak",
        breakout_note=peak.describe(),
        breakout=_breakout_panel(pair, peak, cut_day, window, loaded, timeline),
        rebased=_rebased_panel(result.alignment.frame, window, prov, timeline),
        relative=_relative_panel(pair, bench, rel, window, prov, timeline),
        streaks=_streaks_table(pair, bench, result, params.top_n, source_text),
    )


def _cards(pair, bench, result, peak, cut_day, rel, loaded, source_text) -> tuple[Card, ...]:
    since = result.longest_since
    if result.current == 0:
        streak_delta = "no current streak"
    elif since is None:
        streak_delta = f"longest since {result.first_date:%Y} (whole history)"
    else:
        streak_delta = f"longest since {since:%Y-%m-%d}"
    streak = Card(
        "Current outperformance streak",
        plural(result.current, "session"),
        streak_delta,
        help=f"{streaks.describe_current(result)} A session counts when {pair}'s daily return "
        f"is strictly above {bench}'s (ties do not). {source_text}.",
    )
    pair_source = loaded.provenance[pair].line()
    status = peak.status
    if peak.pct_above is None:
        versus = Card("Vs prior peak", "n/a", status, help=f"{peak.describe()} {source_text}.")
    else:
        if status == "above":
            delta = f"above since {peak.breakout_date:%Y-%m-%d}"
        elif status == "fell back":
            delta = f"back below; broke out {peak.breakout_date:%Y-%m-%d}"
        else:
            delta = "no breakout yet"
        before = (
            f"{cut_day:%Y}" if (cut_day.month, cut_day.day) == (1, 1) else f"{cut_day:%Y-%m-%d}"
        )
        versus = Card(
            f"{pair} vs peak before {before}",
            f"{peak.pct_above:+.2f}%",
            delta,
            "normal" if status == "above" else "inverse",
            help=f"The prior peak is {pair}'s highest close before {cut_day:%Y-%m-%d}. "
            f"{peak.describe()} {pair_source}.",
        )
    rel20 = rel["20 sessions"].dropna()
    relative_card = Card(
        "20-session relative return",
        "n/a" if rel20.empty else percent(rel20.iloc[-1]),
        None if rel20.empty else f"to {rel20.index[-1]:%Y-%m-%d}",
        help=f"100 x (R_t / R_t-20 - 1) with R = {pair} / {bench} on common sessions. "
        f"{source_text}.",
    )
    if peak.at_new_high:
        high = "new all-time high"
    elif peak.running_high_date is None:
        high = None
    else:
        high = f"high {peak.running_high:,.2f} on {peak.running_high_date:%Y-%m-%d}"
    drawdown = Card(
        "Drawdown from running high",
        "n/a" if peak.drawdown_pct is None else f"{peak.drawdown_pct:.2f}%",
        high,
        help=f"{pair}'s latest close against its highest close so far (the history loaded). "
        f"{pair_source}.",
    )
    return streak, versus, relative_card, drawdown


def _ratio_panel(pair, bench, line, result, peak, params, window, prov, timeline) -> Panel:
    lo, hi = (pd.Timestamp(d) for d in window)
    ma = relative.moving_average(line, params.ma_window)
    shown = line.loc[lo:hi]
    if shown.dropna().empty:
        return Notice(f"No common sessions between {window[0]} and {window[1]}.")
    current = result.current_streak
    marks = {}
    if peak.peak_date is not None:
        marks[f"prior peak {peak.peak_date:%Y-%m-%d}"] = peak.peak_date
    if peak.breakout_date is not None:
        marks[f"breakout {peak.breakout_date:%Y-%m-%d}"] = peak.breakout_date
    fig = charts.ratio_figure(
        shown,
        ma.loc[lo:hi],
        name=f"{pair} / {bench}",
        ma_label=f"{params.ma_window}-session average",
        streaks=result.periods(params.min_shade),
        current=None if current is None else (current["base"], current["end"]),
        marks=marks,
    )
    data = pd.DataFrame(
        {
            "ratio": line,
            f"ma_{params.ma_window}": ma,
            "outperformed": result.sessions["outperformed"],
            "streak": result.sessions["streak"],
        }
    ).loc[lo:hi]
    note = (
        f"Rising = {pair} outperforms. Shaded: streaks of at least {params.min_shade} sessions "
        "(green: the current one), from the close each streak's first winning return is "
        f"measured from. {result.alignment.note}"
    )
    return time_chart("sc_ratio", fig, data, prov, window=window, timeline=timeline, note=note)


def _breakout_panel(pair, peak, cut_day, window, loaded, timeline) -> Panel:
    state = peak.state.loc[pd.Timestamp(window[0]) : pd.Timestamp(window[1])]
    if state.empty:
        return Notice(f"No {pair} closes between {window[0]} and {window[1]}.")
    note = "Running high and drawdown use closes up to each date only."
    if peak.peak_date is not None and peak.peak_date < state.index[0]:
        note += f" The prior peak ({peak.peak_date:%Y-%m-%d}) is before this window."
    fig = charts.breakout_figure(
        state,
        name=pair,
        peak=peak.peak,
        peak_date=peak.peak_date,
        breakout_date=peak.breakout_date,
        cutoff=cut_day,
    )
    prov = (loaded.provenance[pair],)
    return time_chart("sc_breakout", fig, state, prov, window=window, timeline=timeline, note=note)


def _rebased_panel(frame, window, prov, timeline) -> Panel:
    shown = frame.loc[pd.Timestamp(window[0]) : pd.Timestamp(window[1])]
    if len(shown) < 2:
        return Notice(f"Fewer than two common sessions between {window[0]} and {window[1]}.")
    rebased = relative.rebase(shown)
    note = f"Both rebased to 100 on {shown.index[0]:%Y-%m-%d} (common sessions)."
    fig = charts.rebased_figure(rebased)
    return time_chart("sc_rebased", fig, rebased, prov, window=window, timeline=timeline, note=note)


def _relative_panel(pair, bench, rel, window, prov, timeline) -> Panel | None:
    shown = rel.loc[pd.Timestamp(window[0]) : pd.Timestamp(window[1])]
    if shown.dropna(how="all").empty:
        return Notice("Not enough history in this window for rolling relative returns.")
    note = (
        f"Relative return of the {pair}/{bench} ratio over the last 5, 20 and 60 common "
        "sessions, in %."
    )
    fig = charts.relative_returns_figure(shown)
    return time_chart("sc_relative", fig, shown, prov, window=window, timeline=timeline, note=note)


def _streaks_table(pair, bench, result, top_n, source_text) -> Table | Notice:
    top = result.longest(top_n)
    if top.empty:
        return Notice(f"{pair} never beat {bench} on a session in the aligned history.")
    caption = (
        f"{pair} vs {bench}, {result.first_date:%Y-%m-%d} .. {result.last_date:%Y-%m-%d}: "
        f"{len(result.history):,} streaks in all. Returns run from the close before the first "
        f"session to the last session's close. Source: {source_text}."
    )
    columns = {
        "rank": Column("rank", "number"),
        "start": Column("first session", "date"),
        "end": Column("last session", "date"),
        "length": Column("sessions", "number"),
        "ongoing": Column("ongoing", "check"),
        "small_return_pct": Column(f"{pair} %", "number", "%+.2f"),
        "bench_return_pct": Column(f"{bench} %", "number", "%+.2f"),
        "excess_pp": Column("excess, pp", "number", "%+.2f"),
    }
    return Table("sc_streaks", top.drop(columns=["base"]), columns, caption)
