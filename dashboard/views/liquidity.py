"""Liquidity: the money-market-fund "wall of cash", its flows, and whether it is rolling over.

Everything stands as it did on the view's day (the shared as-of date, or the default): each
series is cut to what its publisher had released by then.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from dashboard import scoring
from dashboard.charts import liquidity as charts
from dashboard.data.load import Loaded
from dashboard.signals import liquidity as liq
from dashboard.signals import scorecard as rules
from dashboard.state import ViewState
from dashboard.views.common import Day, Header, published, sources, view_day
from dashboard.views.format import plural
from dashboard.views.model import (
    Card,
    Chart,
    Memo,
    Notice,
    Panel,
    Setting,
    Timeline,
    call,
    time_chart,
)

TITLE = "Money-market-fund liquidity"
INTRO = (
    "The thesis: money-market-fund assets climbed for two years to about \\$7.8T and started "
    "to fall (\\$7.72T): cash leaving 4-5% yields for risk assets. Is the wall of cash rolling "
    "over, and have MMF outflows led small caps before?"
)
HEADER = Header(TITLE, INTRO)
IDS = (*liq.MMF_IDS, liq.SMALL_CAPS, liq.LARGE_CAPS)

#: The parts of the shared view state this view reads (its cache key).
READS = ("range_preset", "start", "end", "as_of", "events")


@dataclass(frozen=True, slots=True)
class Params:
    """The turning-point rule and the lead-lag's longest lag."""

    min_decline_pct: float = liq.DEFAULT_MIN_DECLINE_PCT
    min_weeks: int = liq.DEFAULT_MIN_WEEKS
    max_lag: int = liq.DEFAULT_MAX_LAG


SETTINGS = (
    Setting(
        "min_decline_pct",
        "liq_min_decline",
        "Decline from the running peak, %",
        liq.DEFAULT_MIN_DECLINE_PCT,
        0.1,
        20.0,
        0.1,
        "A turn needs the level at least this far below its running peak...",
    ),
    Setting(
        "min_weeks",
        "liq_min_weeks",
        "...held for at least (weeks)",
        liq.DEFAULT_MIN_WEEKS,
        0,
        52,
        1,
        "...on every observation for this many weeks. The detection date is when both hold.",
    ),
    Setting(
        "max_lag", "liq_max_lag", "Lead-lag: longest lag (weeks)", liq.DEFAULT_MAX_LAG, 1, 52, 1
    ),
)


#: What a link may set on this page (checked by the sidebar before the widgets read it).
LINK_PARAMS = tuple(s.link() for s in SETTINGS)


@dataclass(frozen=True, slots=True)
class Role:
    """Which series plays which part, and what kind of series it is (a badge)."""

    label: str
    color: str
    icon: str
    help: str


@dataclass(frozen=True, slots=True)
class LeadLagFinding:
    text: str  #: the finding in words ("" when there is too little history)
    panel: Panel


@dataclass(frozen=True, slots=True)
class LiquidityView:
    header: Header
    stop: Notice | None = None
    day: Day | None = None  #: the day the view stands on (the caption says why)
    roles: tuple[Role, ...] = ()
    selection_note: str = ""
    heading: str = ""
    cards: tuple[Card, ...] = ()
    signal: rules.Signal | None = None
    level: Panel | None = None
    flows_note: str = ""
    flow_z: Card | None = None
    flows: Panel | None = None
    overlay: Panel | None = None
    leadlag: LeadLagFinding | None = None


def role(series: liq.MmfSeries, part: str) -> Role:
    kind = {"Q": "quarterly", "M": "monthly"}.get(series.frequency, "weekly")
    if series.synthetic:
        origin, color, icon = "synthetic", "violet", ":material/science:"
    elif series.series_id == liq.MMF_TOTAL:
        origin, color, icon = "user-supplied", "green", ":material/upload_file:"
    elif series.series_id == liq.MONTHLY_TOTAL:
        origin, color, icon = "OFR", "blue", ":material/account_balance:"
    else:
        origin, color, icon = "FRED", "blue", ":material/account_balance:"
    return Role(f"{part}: {series.series_id} · {kind} · {origin}", color, icon, series.description)


def build(
    loaded: Loaded,
    view: ViewState,
    params: Params,
    today: date,
    timeline: Timeline | None = None,
    memo: Memo = call,
) -> LiquidityView:
    header = Header(TITLE, INTRO, sources(loaded, IDS))
    day = view_day(view, loaded, today)
    cut = published(loaded, day, IDS)
    synthetic = {sid for sid, p in loaded.provenance.items() if p.synthetic}
    origins = {sid: p.origin for sid, p in loaded.provenance.items()}
    mmf = {sid: cut[sid] for sid in liq.MMF_IDS if sid in cut}
    selection = liq.select_series(mmf, synthetic, origins)
    if selection.total is None and selection.weekly is None:
        return LiquidityView(
            header,
            Notice(
                "No money-market-fund series could be loaded, so there is nothing to show. Drop "
                "an `MMF_TOTAL.csv` (date, total assets in USD bn or ICI's USD mn) into the data "
                "folder, or let the OFR and FRED sources reach MMF-MMF_TOT-M / MMMFFAQ027S / "
                "WRMFNS.",
                "error",
            ),
        )
    roles = []
    if selection.total is not None:
        roles.append(role(selection.total, "Total"))
    weekly = selection.weekly
    if weekly is not None and (
        selection.total is None or weekly.series_id != selection.total.series_id
    ):
        roles.append(role(weekly, "Weekly flows"))

    main = selection.total or selection.weekly
    main_prov = loaded.provenance[main.series_id]
    level = main.values
    analysis = memo(
        liq.detect_turns,
        level,
        min_decline_pct=params.min_decline_pct,
        min_weeks=params.min_weeks,
    )
    lo, hi = view.window(level.index[0].date(), level.index[-1].date())
    window = (lo, hi)
    signal = memo(scoring.compute, loaded, as_of=day.day, specs=rules.LIQUIDITY)[0]
    flows_pct = None
    flow_z = flows = None
    flows_note = ""
    if weekly is None:
        flows = Notice(
            "No weekly series is loaded (MMF_TOTAL or WRMFNS), so weekly flows cannot be shown; "
            "the total above is the only MMF data."
        )
    else:
        weekly_prov = loaded.provenance[weekly.series_id]
        table = liq.change_table(weekly.values, (1, 4, 13))  # level and changes, USD bn / %
        flows_pct = table["pct_1w"]
        zscores = liq.flow_zscore(flows_pct)
        table = table.assign(flow_z=zscores)
        flows_note = (
            f"{weekly.description}. Flows are weekly changes in assets (they include reinvested "
            "yield); the hover shows each week's z-score against the previous 52 weeks."
        )
        last_z = zscores.dropna()
        if not last_z.empty:
            flow_z = Card(
                "Latest flow z-score",
                f"{last_z.iloc[-1]:+.1f}",
                help=f"Week of {last_z.index[-1]:%Y-%m-%d}: weekly % flow against the mean and "
                f"standard deviation of the previous 52 weeks ({weekly_prov.line()}).",
            )
        shown = table.loc[pd.Timestamp(lo) : pd.Timestamp(hi)]
        if shown["change_1w"].dropna().empty:
            flows = Notice(f"No weekly flows between {lo} and {hi}.")
        else:
            fig = charts.flow_figure(shown["change_1w"], shown["flow_z"])
            flows = time_chart(
                "mmf_flows", fig, shown, (weekly_prov,), window=window, timeline=timeline
            )
    overlay, leadlag = _against_small_caps(
        cut, weekly, flows_pct, window, loaded, params, timeline, memo
    )
    return LiquidityView(
        header=header,
        day=day,
        roles=tuple(roles),
        selection_note=selection.note,
        heading="The wall of cash"
        if main.is_total
        else "Retail money funds (proxy, not the total)",
        cards=_cards(main, main_prov, level, analysis, params),
        signal=signal,
        level=_level_panel(main, main_prov, analysis, params, window, timeline),
        flows_note=flows_note,
        flow_z=flow_z,
        flows=flows,
        overlay=overlay,
        leadlag=leadlag,
    )


def _cards(main, main_prov, level, analysis, params) -> tuple[Card, ...]:
    latest = analysis.latest
    # the trend step follows the data's frequency (4 weeks / 1 month / 13 weeks); the card says so
    trend = liq.trend_horizon(main.frequency)
    change_pct = liq.horizon_pct_change(level, trend).iloc[-1]
    change_bn = liq.horizon_change(level, trend).iloc[-1]
    as_of = f"as of {level.index[-1]:%Y-%m-%d} ({main_prov.line()})"
    rule = (
        f"Rule: at least {params.min_decline_pct:g}% below the running peak for "
        f"{params.min_weeks} weeks."
    )
    turn, pending = analysis.current_turn, analysis.pending
    if turn is not None:
        turn_card = Card(
            "Turn",
            f"detected {turn.detected:%Y-%m-%d}",
            f"{turn.decline_pct:+.2f}% on detection",
            help=f"{rule} Peak {turn.peak_date:%Y-%m-%d}, detected "
            f"{turn.weeks_to_detect:.0f} weeks later. {as_of}.",
        )
    elif pending is not None:
        turn_card = Card(
            "Turn",
            "pending",
            f"below since {pending[0]:%Y-%m-%d}",
            help=f"{rule} The level has been that far below the peak since "
            f"{pending[0]:%Y-%m-%d}; the turn is confirmed on {pending[1]:%Y-%m-%d} if it "
            f"stays there. {as_of}.",
        )
    else:
        turn_card = Card(
            "Turn",
            "not detected",
            help=f"{rule} The current running peak has not been followed by such a decline. "
            f"{as_of}.",
        )
    return (
        Card(
            "Total MMF assets" if main.is_total else "Retail MMF assets (proxy)",
            f"${latest['level'] / 1000:,.2f}T",
            help=f"{main.description}. {as_of}.",
        ),
        Card(
            f"{trend.label} change",
            "n/a" if pd.isna(change_pct) else f"{change_pct:+.2f}%",
            None if pd.isna(change_bn) else f"{change_bn:+,.0f} $bn",
            help=f"Change over {trend.span} ({trend.rule}). Negative means cash leaving money "
            f"funds. {as_of}.",
        ),
        Card(
            "Weeks since peak",
            f"{latest['weeks_since_peak']:.0f}",
            f"{latest['drawdown_pct']:+.2f}% from the peak",
            help=f"Running peak ${latest['peak']:,.0f}bn on {latest['peak_date']:%Y-%m-%d}. "
            f"{as_of}.",
        ),
        turn_card,
    )


def _level_panel(main, main_prov, analysis, params, window, timeline) -> Panel:
    lo, hi = window
    state = analysis.state.loc[pd.Timestamp(lo) : pd.Timestamp(hi)]
    if state.empty:
        return Notice(f"No {main.series_id} observations between {lo} and {hi}.")
    fig = charts.level_figure(
        state,
        analysis.turns,
        name=main.series_id,
        pending=analysis.pending,
        quarterly=main.frequency != "W",  # sparse points: draw markers
    )
    note = (
        f"Turn rule: {params.min_decline_pct:g}% below the running peak for {params.min_weeks} "
        "weeks; a turn is marked on the date the rule first confirms it, the shaded span runs "
        "from the peak."
    )
    peak_date = pd.Timestamp(analysis.latest["peak_date"])
    if peak_date < state.index[0]:
        note += f" The running peak ({peak_date:%Y-%m-%d}) is before this window."
    return time_chart(
        "mmf_level", fig, state, (main_prov,), window=window, timeline=timeline, note=note
    )


def _against_small_caps(cut, weekly, flows_pct, window, loaded, params, timeline, memo):
    iwm, spy = cut.get(liq.SMALL_CAPS), cut.get(liq.LARGE_CAPS)
    if flows_pct is None:
        return Notice("Needs weekly MMF flows (MMF_TOTAL or WRMFNS)."), None
    if iwm is None or spy is None:
        return Notice(
            "Needs IWM and SPY prices; see the badges above for why they are missing."
        ), None
    price_prov = [loaded.provenance[liq.SMALL_CAPS], loaded.provenance[liq.LARGE_CAPS]]
    prov = (loaded.provenance[weekly.series_id], *price_prov)
    mixed = mixed_notice(prov)
    if mixed is not None:
        # synthetic flows against market prices: any correlation would be an artefact
        return mixed, None
    illustration = all(p.synthetic for p in prov)
    lo, hi = window
    overlay = pd.DataFrame(
        {
            "mmf_change_4w_pct": liq.pct_change(weekly.values, 4),
            "iwm_vs_spy_4w_pct": liq.weekly_relative_return(iwm, spy, weekly.values.index, weeks=4),
        }
    ).loc[pd.Timestamp(lo) : pd.Timestamp(hi)]
    if overlay.dropna(how="all").empty:
        overlay_panel = Notice(f"No overlapping MMF and price data between {lo} and {hi}.")
    else:
        fig = charts.flows_vs_relative_figure(
            overlay["mmf_change_4w_pct"],
            overlay["iwm_vs_spy_4w_pct"],
            flow_name=f"{weekly.series_id} 4-week change",
            relative_name="IWM vs SPY, 4 weeks",
        )
        note = (
            "Both over the 4 weeks ending on each MMF date; prices are the last close on or "
            "before it."
        )
        overlay_panel = time_chart(
            "mmf_vs_smallcaps", fig, overlay, prov, window=window, timeline=timeline, note=note
        )
    rel = liq.weekly_relative_return(iwm, spy, weekly.values.index)
    result = memo(liq.lead_lag, flows_pct, rel, max_lag=params.max_lag, two_sided=True)
    if result.best_lag is None:
        return overlay_panel, LeadLagFinding(
            "",
            Notice(
                f"Too little overlapping history: each lag needs at least {result.min_pairs} "
                "weeks with both an MMF flow and an IWM-vs-SPY return."
            ),
        )
    text = lead_lag_text(result.profile)
    strongest = _strongest(result.profile)
    if illustration:
        text = (
            "**Illustration on synthetic demo data, not evidence:** the flows and the prices "
            "are both made up for the demo. " + text
        )
    chart = Chart(
        "mmf_leadlag",
        charts.leadlag_figure(
            result.profile,
            None if illustration or not _outside(result.profile, strongest) else strongest,
        ),
        result.profile,
        prov,
        f"{weekly.series_id} weekly % flow in week t against the IWM/SPY relative return in "
        "week t+k: k > 0, flows first; k < 0, small caps first."
        + ("" if illustration else " Highlighted: the strongest lag, when outside the band."),
    )
    return overlay_panel, LeadLagFinding(text, chart)


def mixed_notice(provenance) -> Notice | None:
    """A refusal when synthetic and market series would be combined into one finding."""
    fake = [p.series_id for p in provenance if p.synthetic]
    real = [p.series_id for p in provenance if not p.synthetic]
    if not fake or not real:
        return None
    return Notice(
        f"Not computed: {', '.join(fake)} {'is' if len(fake) == 1 else 'are'} synthetic demo "
        f"data and {', '.join(real)} {'is' if len(real) == 1 else 'are'} market data. Made-up "
        "flows against real prices can only give a made-up correlation, so neither the "
        "overlay nor the lead-lag is drawn. Load real weekly flows (your MMF_TOTAL.csv, or "
        "FRED's WRMFNS) to test whether outflows lead small caps.",
        "warning",
        ":material/block:",
    )


def _direction(lag: int, weeks: str | None = None) -> str:
    """``flows lead small caps by 3 weeks`` (k > 0), ``small caps lead flows by 2 weeks``
    (k < 0), ``same week``; ``weeks`` words a span of lags ("2-4 weeks")."""
    count = weeks or plural(abs(lag), "week")
    if lag > 0:
        return f"flows lead small caps by {count}"
    if lag < 0:
        return f"small caps lead flows by {count}"
    return "same week"


def _strongest(profile: pd.DataFrame) -> int | None:
    valid = profile["correlation"].dropna()
    return None if valid.empty else int(valid.abs().idxmax())


def _outside(profile: pd.DataFrame, lag: int | None) -> bool:
    if lag is None:
        return False
    row = profile.loc[lag]
    return bool(abs(row["correlation"]) > row["band"])


def _runs(lags: list[int]) -> list[list[int]]:
    """Consecutive lags on the same side of zero together: [-2, -1, 0, 2, 3, 4, 9] ->
    [[-2, -1], [0], [2, 3, 4], [9]]."""
    runs: list[list[int]] = []
    for lag in lags:
        if runs and lag == runs[-1][-1] + 1 and np.sign(lag) == np.sign(runs[-1][-1]):
            runs[-1].append(lag)
        else:
            runs.append([lag])
    return runs


def _describe_run(profile: pd.DataFrame, run: list[int]) -> str:
    """``flows lead small caps by 2-4 weeks (+0.070 to +0.090: inflows came before
    outperformance)``: a run of lags on one side of zero, its correlations and their sign."""
    corr = profile.loc[run, "correlation"]
    near, far = sorted(abs(k) for k in (run[0], run[-1]))
    where = _direction(run[0], None if len(run) == 1 else f"{near}-{far} weeks")
    values = f"{corr.iloc[0]:+.3f}" if len(run) == 1 else f"{corr.min():+.3f} to {corr.max():+.3f}"
    positive, negative = bool((corr > 0).all()), bool((corr < 0).all())
    flows = "inflows" if positive else "outflows"
    if not positive and not negative:
        meaning = "mixed signs"
    elif run[0] > 0:
        meaning = f"{flows} came before outperformance"
    elif run[0] < 0:
        meaning = f"outperformance came before {flows}"
    else:
        meaning = "moving together" if positive else "moving in opposite directions"
    return f"{where} ({values}: {meaning})"


def lead_lag_text(profile: pd.DataFrame) -> str:
    """The finding in words, for both directions, matching the bars: the strongest lag, every
    lag outside the rough 95% band, and whether any shows what the thesis needs (outflows
    before small-cap outperformance: a negative correlation with flows leading)."""
    strongest = _strongest(profile)
    row = profile.loc[strongest]
    first, last = row["first"], row["last"]
    text = (
        f"Strongest correlation: **{_direction(strongest)}**, {row['correlation']:+.3f} over "
        f"{int(row['pairs'])} weekly pairs ({first:%Y-%m-%d} to {last:%Y-%m-%d}, the whole "
        "overlapping history, not the date window)"
        + (
            ", outside the rough 95% band of zero."
            if _outside(profile, strongest)
            else ", inside the rough 95% band of zero."
        )
    )
    valid = profile.dropna(subset=["correlation"])
    crossing = [int(k) for k in valid.index if _outside(profile, int(k))]
    if crossing:
        # flows first, then the same week, then small caps first; nearest lags first
        runs = sorted(_runs(crossing), key=lambda run: (run[0] <= 0, abs(run[0]) + abs(run[-1])))
        text += " Outside the band: " + "; ".join(_describe_run(profile, r) for r in runs) + "."
    else:
        text += " No lag is outside the band: no reliable lead in either direction."
    thesis = [k for k in crossing if k > 0 and profile.loc[k, "correlation"] < 0]
    text += (
        " The thesis needs outflows before small-cap outperformance (a negative correlation "
        "with flows leading): "
        + (
            f"seen at {', '.join(str(k) for k in thesis)} weeks."
            if thesis
            else "no such lag crosses the band."
        )
    )
    expected = 0.05 * len(valid)
    text += (
        f" Each band is for one lag: among {len(valid)} lags about {expected:.0f} would cross "
        "by chance alone."
    )
    return text
