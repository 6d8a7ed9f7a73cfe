"""Small caps: the outperformance streak, the breakout above the 2021 peak, relative strength."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from dashboard import scoring
from dashboard.charts import small_caps as charts
from dashboard.data import catalog
from dashboard.data.load import load_series
from dashboard.signals import relative, streaks
from dashboard.signals.scorecard import SMALL_CAPS
from dashboard.signals.scorecard.small_caps import BREAKOUT_CUTOFF
from dashboard.ui import cached, events
from dashboard.ui.charts import show_chart
from dashboard.ui.page import current_view
from dashboard.ui.provenance import page_provenance
from dashboard.ui.scorecard import signal_badge

#: Each side's natural benchmark (an ETF against an ETF, an index against an index).
NATURAL_BENCHMARK = {"IWM": "SPY", "^RUT": "^GSPC"}
HORIZONS = (5, 20, 60)
DEFAULT_PAIR = "IWM"

view = current_view()
bench = view.benchmark
st.title("Small caps")
st.caption(
    "The thesis: small caps beat the market for 10 sessions in a row by mid-January 2026 "
    '("the longest streak since 1990") while the Russell 2000 broke above its November 2021 '
    "all-time high (2,442.74 on 2021-11-08). Check both on any pair and any date."
)

# --- the pair ------------------------------------------------------------------------------------
options = list(dict.fromkeys(("IWM", "^RUT", *view.tickers)))
raw_pair = st.query_params.get("pair")
if raw_pair is not None and raw_pair not in options:
    if isinstance(raw_pair, str) and catalog.is_valid_ticker(raw_pair):
        options.append(raw_pair)  # a valid symbol from a shared link is offered, not dropped
    else:
        shown = repr(raw_pair[:24] + ("…" if len(raw_pair) > 24 else ""))
        st.warning(
            f"Ignored pair={shown}: not a Yahoo symbol (e.g. IWM, ^RUT). Showing "
            f"{DEFAULT_PAIR} instead.",
            icon=":material/link_off:",
        )
left, right = st.columns([2, 3], vertical_alignment="bottom")
pair = left.selectbox(
    "Small-cap side",
    options,
    index=options.index(DEFAULT_PAIR),
    key="pair",
    bind="query-params",
    help="Compared with the sidebar's benchmark. Any ticker from the sidebar can be chosen.",
)
pair = pair or DEFAULT_PAIR
right.markdown(f"against the benchmark **{bench}** (sidebar)")


def _use_benchmark(symbol: str) -> None:
    st.session_state["bench"] = symbol


if pair == bench:
    st.info(
        f"The small-cap side and the benchmark are both {pair}: a series cannot outperform "
        "itself. Pick another benchmark in the sidebar or another small-cap side above.",
        icon=":material/info:",
    )
    st.stop()

natural = NATURAL_BENCHMARK.get(pair)
if natural and natural != bench and natural in catalog.BENCHMARKS:
    with st.container(horizontal=True, vertical_alignment="center"):
        st.caption(
            f"{pair} pairs naturally with {natural} ("
            + ("index against index" if pair.startswith("^") else "ETF against ETF")
            + f"); {bench} is the current benchmark."
        )
        st.button(
            f"Compare with {natural}",
            on_click=_use_benchmark,
            args=(natural,),
            key="use_natural_bench",
            icon=":material/compare_arrows:",
        )

with st.expander("Settings", icon=":material/tune:"):
    c1, c2, c3, c4 = st.columns(4)
    ma_window = c1.number_input(
        "Ratio moving average (sessions)", 5, 400, 50, step=5, key="sc_ma_window"
    )
    cutoff = c2.date_input(
        "Prior peak: highest close before",
        value=BREAKOUT_CUTOFF.date(),
        min_value=date(1950, 1, 1),
        key="sc_cutoff",
        format="YYYY-MM-DD",
        help="The breakout is the first close above the highest close before this date.",
    )
    min_shade = c3.number_input(
        "Shade streaks of at least (sessions)", 1, 30, 5, key="sc_min_shade"
    )
    top_n = c4.number_input("Longest streaks listed", 3, 50, 10, key="sc_top_n")

# --- data ----------------------------------------------------------------------------------------
score_ids = tuple(sid for spec in SMALL_CAPS for sid in spec.series)
ids = tuple(dict.fromkeys((pair, bench, *score_ids)))
loaded = load_series(ids)
page_provenance(loaded)
small, large = loaded.get(pair), loaded.get(bench)
if small is None or large is None or small.empty or large.empty:
    missing = ", ".join(s for s, v in ((pair, small), (bench, large)) if v is None or v.empty)
    st.error(
        f"No prices for {missing}, so this pair cannot be compared; see the badges above.",
        icon=":material/error:",
    )
    st.stop()

prov = [loaded.provenance[pair], loaded.provenance[bench]]
source_text = "; ".join(
    f"{p.series_id} {p.source}/{p.status} to {p.last_date:%Y-%m-%d}" for p in prov if p.last_date
)
common = relative.align({pair: small, bench: large}).frame
if len(common) < 2:
    st.warning(
        f"{pair} and {bench} share fewer than two sessions, so there is no daily return to "
        "compare.",
        icon=":material/warning:",
    )
    st.stop()
lo, hi = view.window(common.index[0].date(), common.index[-1].date())
lo_ts, hi_ts = pd.Timestamp(lo), pd.Timestamp(hi)
# Everything below stands as it did on the window's last day: a view ending 2026-01-15 shows
# the streak, breakout and returns of 2026-01-15, not of the newest data.
small, large = small.loc[:hi_ts], large.loc[:hi_ts]
result = cached.compute_streaks(small, large, small_name=pair, bench_name=bench)
frame = result.alignment.frame
cut = pd.Timestamp(cutoff) if cutoff else BREAKOUT_CUTOFF
peak_state = cached.breakout_analyse(small, cut, name=pair)
line = relative.ratio(small, large)
rel = pd.DataFrame({f"{n} sessions": relative.relative_return(small, large, n) for n in HORIZONS})
rel20 = rel["20 sessions"].dropna()


def chart_note(text: str) -> str:
    """A chart's caption with the event-timeline fragment when the toggle is on."""
    return " ".join(p for p in (text, events.note(view, lo, hi)) if p)


# --- cards ---------------------------------------------------------------------------------------
with st.container(border=True):
    st.subheader(f"{pair} against {bench} on {hi:%Y-%m-%d}")
    st.caption(
        f"{result.alignment.note} Streaks are counted over the whole history up to {hi:%Y-%m-%d}, "
        "the end of the date range."
    )
    cards = st.columns(4)
    since = result.longest_since
    if result.current == 0:
        streak_delta = "no current streak"
    elif since is None:
        streak_delta = f"longest since {result.first_date:%Y} (whole history)"
    else:
        streak_delta = f"longest since {since:%Y-%m-%d}"
    cards[0].metric(
        "Current outperformance streak",
        f"{result.current} session" + ("" if result.current == 1 else "s"),
        streak_delta,
        delta_color="off",
        delta_arrow="off",
        help=f"{streaks.describe_current(result)} A session counts when {pair}'s daily return "
        f"is strictly above {bench}'s (ties do not). {source_text}.",
    )
    status = peak_state.status
    if peak_state.pct_above is None:
        cards[1].metric(
            "Vs prior peak",
            "n/a",
            status,
            delta_color="off",
            delta_arrow="off",
            help=f"{peak_state.describe()} {source_text}.",
        )
    else:
        if status == "above":
            bo_delta = (
                f"above since {peak_state.breakout_date:%Y-%m-%d}"
                f" ({peak_state.sessions_since} sessions)"
            )
        elif status == "fell back":
            bo_delta = f"broke out {peak_state.breakout_date:%Y-%m-%d}, back below"
        else:
            bo_delta = "no breakout yet"
        cards[1].metric(
            f"{pair} vs its high before {cut:%Y-%m-%d}",
            f"{peak_state.pct_above:+.2f}%",
            bo_delta,
            delta_color="normal" if status == "above" else "inverse",
            delta_arrow="off",
            help=f"{peak_state.describe()} {loaded.provenance[pair].badge()}.",
        )
    cards[2].metric(
        "20-session relative return",
        "n/a" if rel20.empty else f"{rel20.iloc[-1]:+.2f}%",
        None if rel20.empty else f"to {rel20.index[-1]:%Y-%m-%d}",
        delta_color="off",
        delta_arrow="off",
        help=f"100 x (R_t / R_t-20 - 1) with R = {pair} / {bench} on common sessions. "
        f"{source_text}.",
    )
    cards[3].metric(
        "Drawdown from running high",
        "n/a" if peak_state.drawdown_pct is None else f"{peak_state.drawdown_pct:.2f}%",
        "new all-time high"
        if peak_state.at_new_high
        else (
            None
            if peak_state.running_high_date is None
            else f"high {peak_state.running_high:,.2f} on {peak_state.running_high_date:%Y-%m-%d}"
        ),
        delta_color="off",
        delta_arrow="off",
        help=f"{pair}'s latest close against its highest close so far (the history loaded). "
        f"{loaded.provenance[pair].badge()}.",
    )
    default_day = scoring.default_as_of(loaded)[0]
    scored_on = min(default_day, hi)  # a range ending earlier replays the scorecard then
    scorecard = cached.scorecard(loaded, scored_on, specs=SMALL_CAPS)
    with st.container(horizontal=True, gap="small"):
        for sig in scorecard:
            signal_badge(sig)
    st.caption(
        f"Scorecard as of {scored_on:%Y-%m-%d}: it always scores IWM vs SPY (streak) and ^RUT "
        "(breakout), whatever pair is shown here."
    )

# --- ratio line ----------------------------------------------------------------------------------
with st.container(border=True):
    st.subheader("Ratio line and streaks")
    ma = relative.moving_average(line, int(ma_window))
    window_line = line.loc[lo_ts:hi_ts]
    if window_line.dropna().empty:
        st.info(f"No common sessions between {lo} and {hi}.")
    else:
        current = result.current_streak
        marks = {}
        if peak_state.peak_date is not None:
            marks[f"prior peak {peak_state.peak_date:%Y-%m-%d}"] = peak_state.peak_date
        if peak_state.breakout_date is not None:
            marks[f"breakout {peak_state.breakout_date:%Y-%m-%d}"] = peak_state.breakout_date
        fig = charts.ratio_figure(
            window_line,
            ma.loc[lo_ts:hi_ts],
            name=f"{pair} / {bench}",
            ma_label=f"{int(ma_window)}-session average",
            streaks=result.periods(int(min_shade)),
            current=None if current is None else (current["base"], current["end"]),
            marks=marks,
        )
        data = pd.DataFrame(
            {
                "ratio": line,
                f"ma_{int(ma_window)}": ma,
                "outperformed": result.sessions["outperformed"],
                "streak": result.sessions["streak"],
            }
        ).loc[lo_ts:hi_ts]
        show_chart(
            events.annotate(fig, view, lo, hi),
            data,
            prov,
            key="sc_ratio",
            note=chart_note(
                f"Rising = {pair} outperforms. Shaded: streaks of at least {int(min_shade)} "
                "sessions (green: the current one), from the close each streak's first winning "
                f"return is measured from. {result.alignment.note}"
            ),
        )

# --- breakout ------------------------------------------------------------------------------------
with st.container(border=True):
    st.subheader(f"{pair}: breakout above the prior peak")
    st.caption(peak_state.describe())
    window_state = peak_state.state.loc[lo_ts:hi_ts]
    if window_state.empty:
        st.info(f"No {pair} closes between {lo} and {hi}.")
    else:
        note = "Running high and drawdown use closes up to each date only."
        if peak_state.peak_date is not None and peak_state.peak_date < window_state.index[0]:
            note += f" The prior peak ({peak_state.peak_date:%Y-%m-%d}) is before this window."
        fig = charts.breakout_figure(
            window_state,
            name=pair,
            peak=peak_state.peak,
            peak_date=peak_state.peak_date,
            breakout_date=peak_state.breakout_date,
            cutoff=cut,
        )
        show_chart(
            events.annotate(fig, view, lo, hi),
            window_state,
            [loaded.provenance[pair]],
            key="sc_breakout",
            note=chart_note(note),
        )

# --- rebased and rolling relative ----------------------------------------------------------------
with st.container(border=True):
    st.subheader("Performance")
    window_frame = frame.loc[lo_ts:hi_ts]
    if len(window_frame) < 2:
        st.info(f"Fewer than two common sessions between {lo} and {hi}.")
    else:
        rebased = relative.rebase(window_frame)
        show_chart(
            events.annotate(charts.rebased_figure(rebased), view, lo, hi),
            rebased,
            prov,
            key="sc_rebased",
            note=chart_note(
                f"Both rebased to 100 on {window_frame.index[0]:%Y-%m-%d} (common sessions)."
            ),
        )
        window_rel = rel.loc[lo_ts:hi_ts]
        if window_rel.dropna(how="all").empty:
            st.info("Not enough history in this window for rolling relative returns.")
        else:
            show_chart(
                events.annotate(charts.relative_returns_figure(window_rel), view, lo, hi),
                window_rel,
                prov,
                key="sc_relative",
                note=chart_note(
                    f"Relative return of the {pair}/{bench} ratio over the last 5, 20 and 60 "
                    "common sessions, in %."
                ),
            )

# --- the longest streaks -------------------------------------------------------------------------
with st.container(border=True):
    st.subheader("Longest streaks")
    top = result.longest(int(top_n))
    if top.empty:
        st.info(f"{pair} never beat {bench} on a session in the aligned history.")
    else:
        st.caption(
            f"{pair} vs {bench}, {result.first_date:%Y-%m-%d} .. {result.last_date:%Y-%m-%d}: "
            f"{len(result.history):,} streaks in all. Returns run from the close before the "
            f"first session to the last session's close. Source: {source_text}."
        )
        st.dataframe(
            top.drop(columns=["base"]),
            hide_index=True,
            width="stretch",
            column_config={
                "rank": st.column_config.NumberColumn("rank"),
                "start": st.column_config.DateColumn("first session", format="YYYY-MM-DD"),
                "end": st.column_config.DateColumn("last session", format="YYYY-MM-DD"),
                "length": st.column_config.NumberColumn("sessions"),
                "ongoing": st.column_config.CheckboxColumn("ongoing"),
                "small_return_pct": st.column_config.NumberColumn(f"{pair} %", format="%+.2f"),
                "bench_return_pct": st.column_config.NumberColumn(f"{bench} %", format="%+.2f"),
                "excess_pp": st.column_config.NumberColumn("excess, pp", format="%+.2f"),
            },
        )
