"""Liquidity: the money-market-fund "wall of cash", its flows, and whether it is rolling over."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import scorecard as thesis_scorecard
from dashboard.charts import liquidity as charts
from dashboard.data.load import load_series
from dashboard.signals import liquidity as liq
from dashboard.signals.thesis import MMF_TREND
from dashboard.ui import cached, events
from dashboard.ui.charts import show_chart
from dashboard.ui.page import current_view
from dashboard.ui.provenance import page_provenance
from dashboard.ui.scorecard import signal_badge

view = current_view()
st.title("Money-market-fund liquidity")
st.caption(
    "The thesis: money-market-fund assets climbed for two years to about \\$7.8T and started "
    "to fall (\\$7.72T): cash leaving 4-5% yields for risk assets. Is the wall of cash rolling "
    "over, and have MMF outflows led small caps before?"
)

ids = (*liq.MMF_IDS, liq.SMALL_CAPS, liq.LARGE_CAPS)
loaded = load_series(ids)
page_provenance(loaded)

synthetic = {sid for sid, p in loaded.provenance.items() if p.synthetic}
origins = {sid: p.origin for sid, p in loaded.provenance.items()}
mmf_loaded = {sid: loaded.get(sid) for sid in liq.MMF_IDS if loaded.get(sid) is not None}
selection = liq.select_series(mmf_loaded, synthetic, origins)
if selection.total is None and selection.weekly is None:
    st.error(
        "No money-market-fund series could be loaded, so there is nothing to show. "
        "Drop an `MMF_TOTAL.csv` (date, total assets in USD bn or ICI's USD mn) into the data "
        "folder, or let the OFR and FRED sources reach MMF-MMF_TOT-M / MMMFFAQ027S / WRMFNS.",
        icon=":material/error:",
    )
    st.stop()


def role_badge(series: liq.MmfSeries, role: str) -> None:
    """Says which series plays which part, and what kind of series it is."""
    kind = {"Q": "quarterly", "M": "monthly"}.get(series.frequency, "weekly")
    if series.synthetic:
        origin, color, icon = "synthetic", "violet", ":material/science:"
    elif series.series_id == liq.MMF_TOTAL:
        origin, color, icon = "user-supplied", "green", ":material/upload_file:"
    elif series.series_id == liq.MONTHLY_TOTAL:
        origin, color, icon = "OFR", "blue", ":material/account_balance:"
    else:
        origin, color, icon = "FRED", "blue", ":material/account_balance:"
    st.badge(
        f"{role}: {series.series_id} · {kind} · {origin}",
        color=color,
        icon=icon,
        help=series.description,
    )


with st.container(horizontal=True, gap="small"):
    if selection.total is not None:
        role_badge(selection.total, "Total")
    if selection.weekly is not None and (
        selection.total is None or selection.weekly.series_id != selection.total.series_id
    ):
        role_badge(selection.weekly, "Weekly flows")
st.caption(selection.note)


def chart_note(lo, hi, text: str = "") -> str:
    """A chart's caption with the event-timeline fragment when the toggle is on."""
    return " ".join(p for p in (text, events.note(view, lo, hi)) if p)


with st.expander("Turning-point rule and lead-lag settings", icon=":material/tune:"):
    left, middle, right = st.columns(3)
    min_decline = left.number_input(
        "Decline from the running peak, %",
        min_value=0.1,
        max_value=20.0,
        value=liq.DEFAULT_MIN_DECLINE_PCT,
        step=0.1,
        key="liq_min_decline",
        help="A turn needs the level at least this far below its running peak...",
    )
    min_weeks = middle.number_input(
        "...held for at least (weeks)",
        min_value=0,
        max_value=52,
        value=liq.DEFAULT_MIN_WEEKS,
        step=1,
        key="liq_min_weeks",
        help="...on every observation for this many weeks. The detection date is when both hold.",
    )
    max_lag = right.number_input(
        "Lead-lag: longest lag (weeks)",
        min_value=1,
        max_value=52,
        value=liq.DEFAULT_MAX_LAG,
        step=1,
        key="liq_max_lag",
    )

# --- the level and its turn ----------------------------------------------------------------------
main = selection.total or selection.weekly
main_prov = loaded.provenance[main.series_id]
level = main.values
analysis = cached.detect_turns(level, min_decline_pct=float(min_decline), min_weeks=int(min_weeks))
latest = analysis.latest
last_date = level.index[-1]
quarterly = main.frequency != "W"  # sparse points: draw markers
# the trend step follows the data's frequency (4 weeks / 1 month / 13 weeks); the card says which
trend = liq.trend_horizon(main.frequency)
change_pct = liq.horizon_pct_change(level, trend).iloc[-1]
change_bn = liq.horizon_change(level, trend).iloc[-1]
as_of = f"as of {last_date:%Y-%m-%d} ({main_prov.source}/{main_prov.status})"
turn = analysis.current_turn

scorecard = cached.scorecard(
    loaded, as_of=thesis_scorecard.default_as_of(loaded)[0], specs=(MMF_TREND,)
)[0]

with st.container(border=True):
    heading = "The wall of cash" if main.is_total else "Retail money funds (proxy, not the total)"
    st.subheader(heading)
    cards = st.columns(4)
    cards[0].metric(
        "Total MMF assets" if main.is_total else "Retail MMF assets (proxy)",
        f"${latest['level'] / 1000:,.2f}T",
        help=f"{main.description}. {as_of}.",
    )
    cards[1].metric(
        f"{trend.label} change",
        "n/a" if pd.isna(change_pct) else f"{change_pct:+.2f}%",
        None if pd.isna(change_bn) else f"{change_bn:+,.0f} $bn",
        delta_color="off",
        help=f"Change over {trend.span} ({trend.rule}). Negative means cash leaving money "
        f"funds. {as_of}.",
    )
    cards[2].metric(
        "Weeks since peak",
        f"{latest['weeks_since_peak']:.0f}",
        f"{latest['drawdown_pct']:+.2f}% from the peak",
        delta_color="off",
        help=f"Running peak ${latest['peak']:,.0f}bn on {latest['peak_date']:%Y-%m-%d}. {as_of}.",
    )
    rule = f"Rule: at least {min_decline:g}% below the running peak for {min_weeks} weeks."
    pending = analysis.pending
    if turn is not None:
        cards[3].metric(
            "Turn",
            f"detected {turn.detected:%Y-%m-%d}",
            f"{turn.decline_pct:+.2f}% on detection",
            delta_color="off",
            delta_arrow="off",
            help=f"{rule} Peak {turn.peak_date:%Y-%m-%d}, detected "
            f"{turn.weeks_to_detect:.0f} weeks later. {as_of}.",
        )
    elif pending is not None:
        cards[3].metric(
            "Turn",
            "pending",
            f"below since {pending[0]:%Y-%m-%d}",
            delta_color="off",
            delta_arrow="off",
            help=f"{rule} The level has been that far below the peak since "
            f"{pending[0]:%Y-%m-%d}; the turn is confirmed on {pending[1]:%Y-%m-%d} if it "
            f"stays there. {as_of}.",
        )
    else:
        cards[3].metric(
            "Turn",
            "not detected",
            help=f"{rule} The current running peak has not been followed by such a decline. "
            f"{as_of}.",
        )
    signal_badge(scorecard)

    first, last = level.index[0].date(), last_date.date()
    lo, hi = view.window(first, last)
    window = analysis.state.loc[pd.Timestamp(lo) : pd.Timestamp(hi)]
    if window.empty:
        st.info(f"No {main.series_id} observations between {lo} and {hi}.")
    else:
        fig = charts.level_figure(
            window, analysis.turns, name=main.series_id, pending=pending, quarterly=quarterly
        )
        note = (
            f"Turn rule: {min_decline:g}% below the running peak for {min_weeks} weeks; a turn "
            "is marked on the date the rule first confirms it, the shaded span runs from the peak."
        )
        if pd.Timestamp(latest["peak_date"]) < window.index[0]:
            note += f" The running peak ({latest['peak_date']:%Y-%m-%d}) is before this window."
        show_chart(
            events.annotate(fig, view, lo, hi),
            window,
            [main_prov],
            key="mmf_level",
            note=chart_note(lo, hi, note),
        )

# --- flows ---------------------------------------------------------------------------------------
weekly = selection.weekly
with st.container(border=True):
    st.subheader("Weekly flows")
    if weekly is None:
        st.info(
            "No weekly series is loaded (MMF_TOTAL or WRMFNS), so weekly flows cannot be shown; "
            "the total above is the only MMF data."
        )
        flows_pct = None
    else:
        weekly_prov = loaded.provenance[weekly.series_id]
        table = liq.change_table(weekly.values, (1, 4, 13))  # level and changes, USD bn / %
        flows_pct = table["pct_1w"]
        zscores = liq.flow_zscore(flows_pct)
        table["flow_z"] = zscores
        flow_window = table.loc[pd.Timestamp(lo) : pd.Timestamp(hi)]
        st.caption(
            f"{weekly.description}. Flows are weekly changes in assets (they include reinvested "
            "yield); the hover shows each week's z-score against the previous 52 weeks."
        )
        last_z = zscores.dropna()
        if not last_z.empty:
            st.metric(
                "Latest flow z-score",
                f"{last_z.iloc[-1]:+.1f}",
                help=f"Week of {last_z.index[-1]:%Y-%m-%d}: weekly % flow against the mean and "
                f"standard deviation of the previous 52 weeks ({weekly_prov.source}/"
                f"{weekly_prov.status}).",
            )
        if flow_window["change_1w"].dropna().empty:
            st.info(f"No weekly flows between {lo} and {hi}.")
        else:
            fig = charts.flow_figure(flow_window["change_1w"], flow_window["flow_z"])
            show_chart(
                events.annotate(fig, view, lo, hi),
                flow_window,
                [weekly_prov],
                key="mmf_flows",
                note=chart_note(lo, hi),
            )

# --- against small caps --------------------------------------------------------------------------
with st.container(border=True):
    st.subheader("Flows against small-cap relative performance")
    iwm, spy = loaded.get(liq.SMALL_CAPS), loaded.get(liq.LARGE_CAPS)
    if flows_pct is None:
        st.info("Needs weekly MMF flows (MMF_TOTAL or WRMFNS).")
    elif iwm is None or spy is None:
        st.info("Needs IWM and SPY prices; see the badges above for why they are missing.")
    else:
        price_prov = [loaded.provenance[liq.SMALL_CAPS], loaded.provenance[liq.LARGE_CAPS]]
        sources = [loaded.provenance[weekly.series_id], *price_prov]
        overlay = pd.DataFrame(
            {
                "mmf_change_4w_pct": liq.pct_change(weekly.values, 4),
                "iwm_vs_spy_4w_pct": liq.weekly_relative_return(
                    iwm, spy, weekly.values.index, weeks=4
                ),
            }
        ).loc[pd.Timestamp(lo) : pd.Timestamp(hi)]
        if overlay.dropna(how="all").empty:
            st.info(f"No overlapping MMF and price data between {lo} and {hi}.")
        else:
            fig = charts.flows_vs_relative_figure(
                overlay["mmf_change_4w_pct"],
                overlay["iwm_vs_spy_4w_pct"],
                flow_name=f"{weekly.series_id} 4-week change",
                relative_name="IWM vs SPY, 4 weeks",
            )
            show_chart(
                events.annotate(fig, view, lo, hi),
                overlay,
                sources,
                key="mmf_vs_smallcaps",
                note=chart_note(
                    lo,
                    hi,
                    "Both over the 4 weeks ending on each MMF date; prices are the last close "
                    "on or before it.",
                ),
            )

        relative = liq.weekly_relative_return(iwm, spy, weekly.values.index)
        result = cached.lead_lag(flows_pct, relative, max_lag=int(max_lag))
        st.markdown("**Lead-lag: do outflows precede small-cap outperformance?**")
        if result.best_lag is None:
            st.info(
                f"Too little overlapping history: each lag needs at least {result.min_pairs} "
                "weeks with both an MMF flow and an IWM-vs-SPY return."
            )
        else:
            st.write(
                f"Strongest (most negative) correlation at **lag {result.best_lag} weeks**: "
                f"{result.best_correlation:+.3f} over {result.best_pairs} weekly pairs "
                f"({result.sample_start:%Y-%m-%d} to {result.sample_end:%Y-%m-%d}, the whole "
                f"overlapping history, not the date window). "
                + (
                    "Outside the rough 95% band of zero (a band for one lag: picking the best "
                    f"of {len(result.profile)} lags makes such a finding likelier by chance)."
                    if result.outside_band
                    else "Inside the rough 95% band of zero: no reliable lead."
                )
                + (
                    " A negative value means outflows came before outperformance."
                    if result.best_correlation < 0
                    else " No lag shows outflows preceding outperformance."
                )
            )
            show_chart(
                charts.leadlag_figure(result.profile, result.best_lag),
                result.profile,
                sources,
                key="mmf_leadlag",
                note=f"{weekly.series_id} weekly % flow in week t against the IWM/SPY "
                "relative return in week t+k.",
            )
