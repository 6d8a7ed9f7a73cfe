"""Macro surprises: each release against its expectation, standardised, and a composite index."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from dashboard import scorecard as thesis_scorecard
from dashboard.charts import macro as charts
from dashboard.data import usertables, vintages
from dashboard.data.load import load_series
from dashboard.settings import get_settings
from dashboard.signals import surprise as su
from dashboard.signals import thesis
from dashboard.ui import cached, events
from dashboard.ui.charts import show_chart
from dashboard.ui.page import current_view
from dashboard.ui.provenance import page_provenance, provenance_text
from dashboard.ui.scorecard import signal_badge

EXPECTATION_STYLE = {
    su.CONSENSUS: ("blue", ":material/groups:", "consensus"),
    su.MODEL: ("orange", ":material/functions:", "model expectation"),
}
EDITOR_KEY = "consensus_editor"
_FLASH = "_rr_macro_flash"
_SAVE = "_rr_macro_save"
#: the scorecard signal of each indicator's gauge (the composite has its own card)
GAUGE_SIGNALS = {s.series[0]: s.id for s in thesis.MACRO if s is not thesis.MACRO_SURPRISE_INDEX}

view = current_view()
st.title("Macro surprises")
st.caption(
    "The thesis: US data beat expectations in mid-January 2026: Philadelphia Fed manufacturing "
    "12.6 against -1.6 expected, Empire State 7.7 against 0.8, initial jobless claims 198k "
    "against 215k. Each release is measured against its expectation (the consensus where one "
    "is recorded, otherwise a labelled model expectation) and the standardised surprises are "
    "combined into one index, in the spirit of Citi's Economic Surprise Index."
)

loaded = load_series(su.MACRO_IDS)
page_provenance(loaded)
available = {
    sid: loaded.get(sid)
    for sid in su.MACRO_IDS
    if loaded.get(sid) is not None and not loaded.get(sid).empty
}
if not available:
    st.error(
        "None of the macro series could be loaded (" + ", ".join(su.MACRO_IDS) + "), so there "
        "is nothing to show. Put their FRED CSV exports into the data folder or let the FRED "
        "source reach them.",
        icon=":material/error:",
    )
    st.stop()

consensus = usertables.load(usertables.CONSENSUS)
for notice in consensus.notices:
    st.warning(f"Consensus table: {notice}", icon=":material/warning:")
flash = st.session_state.pop(_FLASH, None)
if flash:
    st.success(flash, icon=":material/check_circle:")

today = date.today()
controls = st.columns([1, 3], vertical_alignment="bottom")
as_of_value = controls[0].date_input(
    "As of",
    value=None,
    min_value=date(1960, 1, 1),
    max_value=today,
    key="asof",
    bind="query-params",
    format="YYYY-MM-DD",
    help="Replay the view as it stood on this date: only releases and consensus rows published "
    "by then count. Empty: today (everything published so far).",
)
as_of = pd.Timestamp(as_of_value or thesis_scorecard.default_as_of(loaded, today)[0])
with controls[1].expander("Parameters", icon=":material/tune:"):
    cols = st.columns(4)
    model_window = int(
        cols[0].number_input(
            "Model: mean of previous N prints",
            min_value=1,
            max_value=24,
            value=su.DEFAULT_MODEL_WINDOW,
            key="macro_model_window",
            help="Used only where no consensus is recorded (1 = the prior print).",
        )
    )
    z_window = int(
        cols[1].number_input(
            "z: past surprises (window)",
            min_value=6,
            max_value=520,
            value=su.DEFAULT_Z_WINDOW,
            key="macro_z_window",
            help="The surprise is divided by the standard deviation of this many previous "
            f"surprises (at least {su.DEFAULT_Z_MIN_PERIODS}, or the window if smaller).",
        )
    )
    half_life = float(
        cols[2].number_input(
            "Composite half-life (days)",
            min_value=1.0,
            max_value=365.0,
            value=su.DEFAULT_HALF_LIFE_DAYS,
            key="macro_half_life",
        )
    )
    window_days = int(
        cols[3].number_input(
            "Composite window (days)",
            min_value=7,
            max_value=730,
            value=su.DEFAULT_WINDOW_DAYS,
            key="macro_window_days",
        )
    )
params = dict(half_life_days=half_life, window_days=window_days)
z_min = min(su.DEFAULT_Z_MIN_PERIODS, z_window)
defaults = (model_window, z_window, half_life, window_days) == (
    su.DEFAULT_MODEL_WINDOW,
    su.DEFAULT_Z_WINDOW,
    su.DEFAULT_HALF_LIFE_DAYS,
    su.DEFAULT_WINDOW_DAYS,
)
with st.expander("How the surprises and the index are computed", icon=":material/function:"):
    st.markdown(
        su.formula_markdown(
            model_window=model_window,
            z_window=z_window,
            z_min_periods=z_min,
            half_life_days=half_life,
            window_days=window_days,
        )
    )

# ALFRED (with a FRED key): each print's first release; otherwise FRED's latest revision
alfred = vintages.load_for(loaded.provenance, get_settings(), tuple(available))
st.caption(su.vintage_summary(alfred, tuple(available)))
tables = {
    sid: cached.surprise_table(
        values,
        sid,
        consensus=consensus.frame,
        as_of=as_of,
        model_window=model_window,
        z_window=z_window,
        z_min_periods=z_min,
        vintages=alfred.get(sid),
    )
    for sid, values in available.items()
}
tables = {sid: t for sid, t in tables.items() if not t.empty}
if not tables:
    st.info(
        f"No macro release was published by {as_of:%Y-%m-%d}. Pick a later as-of date.",
        icon=":material/event_busy:",
    )
    st.stop()

scorecard = {s.id: s for s in cached.scorecard(loaded, as_of, specs=thesis.MACRO)}


def as_of_text(sid: str) -> str:
    return provenance_text([loaded.provenance[sid]])


def chart_note(lo, hi, text: str = "") -> str:
    """A chart's caption with the event-timeline fragment when the toggle is on."""
    return " ".join(p for p in (text, events.note(view, lo, hi)) if p)


def status_badge(signal: thesis.Signal) -> None:
    signal_badge(signal, note="(The scorecard uses the default parameters.)")


# --- gauges -------------------------------------------------------------------------------------
with st.container(border=True):
    st.subheader(f"Latest releases as of {as_of:%Y-%m-%d}")
    columns = st.columns(len(su.MACRO_IDS))
    for column, sid in zip(columns, su.MACRO_IDS, strict=True):
        info = su.indicator(sid)
        with column:
            table = tables.get(sid)
            if table is None:
                st.info(f"{info.short}: no data (see the badges above).")
                continue
            row = table.iloc[-1]
            period = pd.Timestamp(table.index[-1])
            prov = loaded.provenance[sid]
            history = table["actual"].loc[period - pd.DateOffset(years=3) :]
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
            show_chart(
                fig,
                data,
                [prov],
                key=f"gauge_{sid}",
                note=f"released {pd.Timestamp(row['published']):%Y-%m-%d}",
            )
            kind = row["expectation"] if isinstance(row["expectation"], str) else None
            if kind:
                color, icon, label = EXPECTATION_STYLE[kind]
                origin = ""
                if kind == su.CONSENSUS:
                    frame = consensus.frame
                    match = frame[
                        (frame["indicator"] == sid) & (frame["reference_period"] == period)
                    ]
                    if not match.empty:
                        origin = f" · {match[usertables.ORIGIN_COLUMN].iloc[-1]} row"
                st.badge(
                    f"{label}{origin}",
                    color=color,
                    icon=icon,
                    help=row["source_note"]
                    or f"Mean of the previous {model_window} prints: no consensus is recorded "
                    "for this release. This is a model surprise, not a consensus surprise.",
                )
            left, right = st.columns(2)
            unit = info.display_unit
            surprise = row["surprise"]
            where = f"{as_of_text(sid)}; released {pd.Timestamp(row['published']):%Y-%m-%d}"
            left.metric(
                "Surprise" if kind != su.MODEL else "Model surprise",
                "n/a" if pd.isna(surprise) else f"{info.show(surprise):+,.1f}",
                None
                if pd.isna(surprise)
                else ("better than expected" if surprise > 0 else "worse than expected"),
                delta_color="normal" if not pd.isna(surprise) and surprise > 0 else "inverse",
                delta_arrow="off",
                help=f"{unit}; positive = better than expected "
                + ("(fewer claims). " if sid == su.CLAIMS else ". ")
                + where,
            )
            right.metric(
                "Standardised (z)",
                "n/a" if pd.isna(row["z"]) else f"{row['z']:+.2f}",
                help=f"Surprise divided by the standard deviation of the previous {z_window} "
                f"surprises. {where}",
            )
            if GAUGE_SIGNALS.get(sid) in scorecard:
                status_badge(scorecard[GAUGE_SIGNALS[sid]])

# --- the composite --------------------------------------------------------------------------------
first = min(t.index[0] for t in tables.values()).date()
last_release = max(pd.Timestamp(t["published"].max()) for t in tables.values())
lo, hi = view.window(first, last_release.date())
with st.container(border=True):
    st.subheader("Composite surprise index")
    if (as_of - last_release).days >= window_days:
        st.info(
            f"No release in the {window_days} days to {as_of:%Y-%m-%d}, so the composite is "
            f"undefined on that date; the charts end at the last release, "
            f"{last_release:%Y-%m-%d}.",
            icon=":material/event_busy:",
        )
    grid = pd.bdate_range(lo, hi)
    if len(grid) > 2500:
        grid = pd.date_range(lo, hi, freq="W-FRI").union(pd.DatetimeIndex([pd.Timestamp(hi)]))
    composite = cached.composite_index(tables, grid, **params)
    latest = composite["composite"].dropna()
    names = {sid: su.indicator(sid).short for sid in tables}
    if latest.empty:
        st.info(
            f"No standardised surprise between {lo} and {hi} (each needs "
            f"{z_min} earlier surprises for its z-score)."
        )
    else:
        last_row = composite.loc[latest.index[-1]]
        cards = st.columns(3)
        cards[0].metric(
            "Composite",
            f"{latest.iloc[-1]:+.2f} sd",
            help=f"On {latest.index[-1]:%Y-%m-%d}: decay-weighted mean z of the releases "
            f"published in the previous {window_days} days. "
            + "; ".join(as_of_text(s) for s in tables),
        )
        cards[1].metric(
            "Releases in the window",
            f"{int(last_row['releases'])}",
            f"{int(last_row['indicators'])} indicator(s)",
            delta_color="off",
            delta_arrow="off",
        )
        biggest = max(names, key=lambda s: abs(last_row[s]) if pd.notna(last_row[s]) else -1)
        cards[2].metric(
            "Largest contribution",
            names[biggest],
            None if pd.isna(last_row[biggest]) else f"{last_row[biggest]:+.2f} sd",
            delta_arrow="off",
            help="; ".join(
                f"{names[s]} {last_row[s]:+.2f} sd" for s in names if pd.notna(last_row[s])
            ),
        )
        if thesis.MACRO_SURPRISE_INDEX.id in scorecard:
            status_badge(scorecard[thesis.MACRO_SURPRISE_INDEX.id])
        show_chart(
            events.annotate(charts.composite_figure(composite, names=names), view, lo, hi),
            composite,
            [loaded.provenance[s] for s in tables],
            key="macro_composite",
            note=chart_note(
                lo,
                hi,
                "A release counts from its publication date; contributions are in the legend"
                + ("" if defaults else "; parameters differ from the scorecard's defaults")
                + ".",
            ),
        )

# --- surprise history ----------------------------------------------------------------------------
with st.container(border=True):
    st.subheader("Surprise history")
    unit_choice = st.segmented_control(
        "Show",
        ["Surprise (indicator units)", "z-score"],
        default="Surprise (indicator units)",
        key="macro_bars_unit",
        required=True,
    )
    column_name = "z" if unit_choice == "z-score" else "surprise"
    st.caption(
        "Solid bars: consensus surprises. Hatched, lighter bars: model surprises (no consensus "
        "recorded). Green: better than expected."
    )
    tabs = st.tabs([su.indicator(s).short for s in tables])
    for tab, (sid, table) in zip(tabs, tables.items(), strict=True):
        with tab:
            shown = table.loc[pd.Timestamp(lo) : pd.Timestamp(hi)].dropna(subset=["expected"])
            if shown.empty:
                st.info(
                    f"No {su.indicator(sid).short} release with an expectation in {lo} .. {hi}."
                )
                continue
            fig = charts.surprise_bars(shown, su.indicator(sid), column=column_name)
            show_chart(
                events.annotate(fig, view, lo, hi),
                shown,
                [loaded.provenance[sid]],
                key=f"bars_{sid}",
                note=chart_note(
                    lo, hi, "Each bar sits at its reference period, not its release date."
                ),
            )

# --- release table --------------------------------------------------------------------------------
with st.container(border=True):
    st.subheader("Releases")
    releases = su.release_table(tables)
    releases = releases[
        (releases["release_date"] >= pd.Timestamp(lo))
        & (releases["release_date"] <= pd.Timestamp(hi))
    ]
    st.caption(
        f"Published {lo} .. {hi}, newest first. Claims in thousands; surprise > 0 means better "
        "than expected. Sources: " + "; ".join(as_of_text(s) for s in tables) + "."
    )
    st.dataframe(
        releases,
        hide_index=True,
        width="stretch",
        height=320,
        key="macro_releases",
        column_config={
            "reference_period": st.column_config.DateColumn(
                "reference period", format="YYYY-MM-DD"
            ),
            "release_date": st.column_config.DateColumn("release date", format="YYYY-MM-DD"),
            "actual": st.column_config.NumberColumn(format="%.1f"),
            "expected": st.column_config.NumberColumn(format="%.1f"),
            "expectation": st.column_config.TextColumn("expectation type"),
            "surprise": st.column_config.NumberColumn(format="%+.1f"),
            "z": st.column_config.NumberColumn(format="%+.2f"),
            "source_note": st.column_config.TextColumn("consensus source", width="large"),
            "vintage": st.column_config.TextColumn(
                "actual is", help="first release (ALFRED) or FRED's latest revision"
            ),
        },
    )

# --- consensus editor ------------------------------------------------------------------------------
with st.container(border=True):
    st.subheader("Consensus expectations")
    bundled = consensus.frame[consensus.frame[usertables.ORIGIN_COLUMN] == "bundled"]
    user_count = int((consensus.frame[usertables.ORIGIN_COLUMN] == "user").sum())
    with st.container(horizontal=True, gap="small"):
        st.badge(f"{len(bundled)} bundled row(s)", color="gray", icon=":material/inventory_2:")
        st.badge(
            f"{user_count} team row(s)",
            color="blue",
            icon=":material/edit_note:",
            help=f"Saved in {consensus.user_path}",
        )
    st.caption(
        "Bundled rows ship with Rotation Radar (read-only). Your team's rows are saved beside "
        f"the cache ({consensus.user_path}); a row with the same indicator and reference period "
        "replaces the bundled one. Values in the series' own units (claims: number of claims, "
        "e.g. 215000). A consensus counts from its release date."
    )
    st.dataframe(
        bundled,
        hide_index=True,
        width="stretch",
        key="consensus_bundled",
        column_config={
            "reference_period": st.column_config.DateColumn(format="YYYY-MM-DD"),
            "release_date": st.column_config.DateColumn(format="YYYY-MM-DD"),
            "source_note": st.column_config.TextColumn(width="large"),
        },
    )
    for note in su.consensus_checks(consensus.frame, available):
        st.caption(f":material/info: {note}")

    rows = usertables.user_rows(usertables.CONSENSUS)
    editable = pd.DataFrame(
        {
            "indicator": rows["indicator"].astype("object"),
            "reference_period": pd.to_datetime(rows["reference_period"]),
            "release_date": pd.to_datetime(rows["release_date"]),
            "consensus": pd.to_numeric(rows["consensus"]).astype("float64"),
            "source_note": rows["source_note"].astype("object"),
        }
    )
    edited = st.data_editor(
        editable,
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        key=EDITOR_KEY,
        column_config={
            "indicator": st.column_config.SelectboxColumn(
                options=list(usertables.CONSENSUS.choices["indicator"]),
                help="The catalog series the consensus is for.",
            ),
            "reference_period": st.column_config.DateColumn(
                format="YYYY-MM-DD",
                help="The observation date: the month (1st) or week-ending Saturday.",
            ),
            "release_date": st.column_config.DateColumn(format="YYYY-MM-DD"),
            "consensus": st.column_config.NumberColumn(help="Median forecast, in series units."),
            "source_note": st.column_config.TextColumn(max_chars=usertables.MAX_CELL_CHARS),
        },
    )
    # A callback flag, not the button's return value: the flag survives a rerun that happens
    # before this line (the page's first run inside app.py), a click's trigger would not.
    st.button(
        "Save team rows",
        icon=":material/save:",
        key="consensus_save",
        on_click=lambda: st.session_state.__setitem__(_SAVE, True),
        help="Validates every row; nothing is written while any row is invalid.",
    )
    if st.session_state.pop(_SAVE, False):
        errors = usertables.save_user_rows(usertables.CONSENSUS, edited)
        if errors:
            st.error(
                "Not saved: fix these rows first (nothing was written, the stored rows are "
                "unchanged):\n\n" + "\n".join(f"- {e}" for e in errors),
                icon=":material/error:",
            )
        else:
            st.session_state[_FLASH] = (
                f"Saved {len(edited.dropna(how='all'))} team row(s) to {consensus.user_path}."
            )
            st.session_state.pop(EDITOR_KEY, None)
            st.rerun()
