"""Global: green shoots abroad (German and UK real GDP), copper, the broad dollar, real yields."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from dashboard import scoring
from dashboard.charts import global_view as charts
from dashboard.data import catalog
from dashboard.data.load import load_series
from dashboard.signals import macro_global as mg
from dashboard.signals import scorecard as rules
from dashboard.ui import cached, events
from dashboard.ui import scorecard as ui
from dashboard.ui.charts import show_chart
from dashboard.ui.page import current_view
from dashboard.ui.provenance import page_provenance

IDS = (mg.GERMANY, mg.UK, mg.COPPER_MONTHLY, mg.COPPER_FUTURES, mg.DOLLAR, mg.REAL_YIELD)

view = current_view()
today = date.today()
st.title("Global green shoots")
st.caption(
    "The thesis' last leg: growth is turning up abroad (Germany, the UK), copper is rising, the "
    "dollar is easing, and rising US real yields take the shine off gold. Every figure below is "
    "what had been published by the as-of date."
)

loaded = load_series(IDS)
page_provenance(loaded)
if not any(loaded.get(s) is not None for s in IDS):
    st.error(
        "None of the global series could be loaded (see the badges above for why). Configure a "
        "data folder with e.g. CLVMNACSCAB1GQDE.csv or let the FRED source reach them.",
        icon=":material/error:",
    )
    st.stop()

as_of = ui.asof_picker(today, label="As of", default=scoring.default_as_of(loaded, today)[0])
as_of_ts = pd.Timestamp(as_of)
published = rules.point_in_time(loaded.series, as_of_ts)
prov = loaded.provenance


def series(sid: str) -> pd.Series | None:
    s = published.get(sid)
    return s.dropna() if s is not None and not s.dropna().empty else None


def missing(sid: str, what: str) -> None:
    p = prov.get(sid)
    if p is not None and not p.available:
        why = "; ".join(p.notes) or "no source could deliver it"
        st.info(f"{what} ({sid}) is not loaded: {why}.", icon=":material/block:")
    else:
        st.info(
            f"{what} ({sid}): nothing published by {as_of:%Y-%m-%d} (its first release comes "
            "later).",
            icon=":material/schedule:",
        )


def window(values: pd.DataFrame | pd.Series) -> tuple[date, date]:
    return view.window(values.index[0].date(), values.index[-1].date())


def chart_note(lo: date, hi: date, extra: str = "") -> str:
    return " ".join(p for p in (extra, events.note(view, lo, hi)) if p)


signals = {s.id: s for s in cached.scorecard(loaded, as_of_ts, specs=rules.GLOBAL)}
with st.container(horizontal=True, gap="small"):
    for signal in signals.values():
        ui.signal_badge(signal)

# --- real GDP -------------------------------------------------------------------------------------
with st.container(border=True):
    st.subheader("Real GDP growth: Germany and the UK")
    st.caption(
        "Quarter-on-quarter % change of real GDP computed from the levels (not annualised; "
        "the annualised rate is in the hover help). A quarter counts from its release date "
        "(quarter end + 45 days, an approximation of the statistical offices' calendars)."
    )
    tables, growth = {}, {}
    cols = st.columns(2)
    for column, sid in zip(cols, (mg.GERMANY, mg.UK), strict=True):
        country = mg.GDP_COUNTRIES[sid]
        with column:
            levels = series(sid)
            if levels is None:
                missing(sid, f"{country} real GDP")
                continue
            spec = catalog.get(sid)
            reading = mg.country_growth(sid, levels, as_of_ts, spec.release)
            table = mg.gdp_table(levels)
            tables[sid], growth[country] = table, table["qoq_pct"]
            p = prov[sid]
            if reading.quarter is None or pd.isna(reading.growth):
                st.metric(f"{country} real GDP, q/q", "n/a")
                continue
            row = table.loc[reading.quarter]
            st.metric(
                f"{country} real GDP {mg.quarter_label(reading.quarter)}, q/q",
                f"{reading.growth:+.2f}%",
                f"{row['yoy_pct']:+.2f}% y/y" if pd.notna(row["yoy_pct"]) else None,
                delta_color="normal",
                help=f"{spec.label} ({sid}, {p.source}/{p.status}): level "
                f"{row['level']:,.0f} {spec.units}; annualised {row['saar_pct']:+.2f}%. "
                f"Published by {as_of:%Y-%m-%d} under the release rule {spec.release}.",
            )
            if reading.release.stale:
                st.warning(
                    f"Stale: {reading.describe()}. The newest {country} quarter in the data is "
                    f"{mg.quarter_label(reading.quarter)}; the scorecard does not use it.",
                    icon=":material/history:",
                )
            elif reading.release.behind:
                st.caption(f":material/schedule: {reading.release.describe()}.")
    if growth:
        frame = pd.concat(growth, axis=1, sort=True)
        lo, hi = window(frame)
        shown = frame.loc[pd.Timestamp(lo) : pd.Timestamp(hi)]
        if shown.dropna(how="all").empty:
            st.info(f"No quarters between {lo} and {hi}; widen the date range.")
        else:
            fig = events.annotate(charts.gdp_growth_figure(dict(shown.items())), view, lo, hi)
            data = pd.concat({mg.GDP_COUNTRIES[k]: v for k, v in tables.items()}, axis=1, sort=True)
            show_chart(
                fig,
                data.loc[pd.Timestamp(lo) : pd.Timestamp(hi)],
                [prov[s] for s in tables],
                key="global_gdp",
                note=chart_note(lo, hi, "Bars are dated at the start of each quarter."),
            )

# --- copper ---------------------------------------------------------------------------------------
with st.container(border=True):
    st.subheader("Copper")
    monthly, futures = series(mg.COPPER_MONTHLY), series(mg.COPPER_FUTURES)
    cols = st.columns(2)
    with cols[0]:
        if monthly is None:
            missing(mg.COPPER_MONTHLY, "IMF monthly copper price")
        else:
            change6 = mg.pct_change(monthly, 6)
            st.metric(
                f"Copper {monthly.index[-1]:%b %Y} (IMF monthly average)",
                f"${monthly.iloc[-1]:,.0f}/t",
                f"{change6.iloc[-1]:+.1f}% over 6 months" if pd.notna(change6.iloc[-1]) else None,
                help=f"PCOPPUSDM ({prov[mg.COPPER_MONTHLY].source}/"
                f"{prov[mg.COPPER_MONTHLY].status}); a month counts 40 days after it ends.",
            )
    with cols[1]:
        if futures is None:
            missing(mg.COPPER_FUTURES, "COMEX copper futures")
        else:
            change63 = mg.pct_change(futures, 63)
            st.metric(
                f"COMEX copper (HG=F) {futures.index[-1]:%Y-%m-%d}",
                f"${futures.iloc[-1]:.3f}/lb",
                f"{change63.iloc[-1]:+.1f}% over 63 sessions"
                if pd.notna(change63.iloc[-1])
                else None,
                help=f"HG=F ({prov[mg.COPPER_FUTURES].source}/{prov[mg.COPPER_FUTURES].status}), "
                f"front-month close in USD per pound = ${mg.copper_usd_per_tonne(futures).iloc[-1]:,.0f}/t.",
            )
    parts = {}
    if futures is not None:
        parts["HG=F_usd_t"] = mg.copper_usd_per_tonne(futures)
    if monthly is not None:
        parts["PCOPPUSDM_usd_t"] = monthly
    if parts:
        frame = pd.concat(parts, axis=1, sort=True)
        lo, hi = window(frame)
        shown = frame.loc[pd.Timestamp(lo) : pd.Timestamp(hi)]
        fig = charts.copper_figure(shown.get("PCOPPUSDM_usd_t"), shown.get("HG=F_usd_t"))
        show_chart(
            events.annotate(fig, view, lo, hi),
            shown,
            [prov[s] for s in (mg.COPPER_MONTHLY, mg.COPPER_FUTURES) if prov[s].available],
            key="global_copper",
            note=chart_note(
                lo, hi, "HG=F converted from USD/lb at 2,204.62 lb per tonne; futures roll."
            ),
        )

# --- dollar and real yields -------------------------------------------------------------------
for sid, title, level_title, change_title, unit, sessions in (
    (
        mg.DOLLAR,
        "Broad US dollar",
        "index (Jan 2006 = 100)",
        f"{mg.DOLLAR_SESSIONS}-session % change",
        "%",
        mg.DOLLAR_SESSIONS,
    ),
    (
        mg.REAL_YIELD,
        "10-year TIPS real yield",
        "%",
        f"{mg.REAL_YIELD_SESSIONS}-session change, pp",
        "pp",
        mg.REAL_YIELD_SESSIONS,
    ),
):
    with st.container(border=True):
        st.subheader(title)
        values = series(sid)
        if values is None:
            missing(sid, title)
            continue
        p = prov[sid]
        change = mg.session_change(values, sid, sessions)
        last_change = change.iloc[-1]
        cols = st.columns(2)
        cols[0].metric(
            f"{sid} on {values.index[-1]:%Y-%m-%d}",
            f"{values.iloc[-1]:.2f}" + ("%" if unit == "pp" else ""),
            help=f"{catalog.get(sid).label} ({p.source}/{p.status}); release rule "
            f"{catalog.get(sid).release}.",
        )
        cols[1].metric(
            change_title,
            "n/a" if pd.isna(last_change) else f"{last_change:+.2f} {unit}",
            help=f"Change over the last {sessions} observations to "
            f"{values.index[-1]:%Y-%m-%d} ({p.source}/{p.status}).",
        )
        frame = pd.DataFrame({"level": values, "change_20": change})
        lo, hi = window(frame)
        shown = frame.loc[pd.Timestamp(lo) : pd.Timestamp(hi)]
        fig = charts.level_and_change_figure(
            shown["level"],
            shown["change_20"].dropna(),
            name=sid,
            level_title=level_title,
            change_title=change_title,
        )
        show_chart(
            events.annotate(fig, view, lo, hi),
            shown,
            [p],
            key=f"global_{sid}",
            note=chart_note(lo, hi),
        )
