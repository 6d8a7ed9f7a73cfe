"""The one way pages draw a chart: figure + provenance caption + CSV of the plotted data.

PNG export comes from plotly's modebar (camera icon); the CSV holds the data behind the chart
at full resolution, with a header line naming the sources, so a number on screen can always be
traced and reproduced.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard.data.provenance import Provenance
from dashboard.ui.provenance import DEMO_LABEL, provenance_text

PLOTLY_CONFIG = {
    "displaylogo": False,
    "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    "toImageButtonOptions": {"format": "png", "scale": 2},
}


def csv_bytes(data: pd.DataFrame, provenance: Iterable[Provenance]) -> bytes:
    """The plotted data as CSV, preceded by ``# source:`` comment lines."""
    header = "".join(f"# source: {p.badge()} ({p.origin})\n" for p in provenance)
    if any(p.synthetic for p in provenance):
        header = f"# {DEMO_LABEL}: not market data\n" + header
    return (header + data.to_csv(date_format="%Y-%m-%d")).encode("utf-8")


def show_chart(
    fig: go.Figure,
    data: pd.DataFrame,
    provenance: Iterable[Provenance],
    *,
    key: str,
    note: str | None = None,
) -> None:
    """Render ``fig`` with its provenance caption and a CSV download of ``data``."""
    provenance = list(provenance)
    st.plotly_chart(fig, theme="streamlit", config=PLOTLY_CONFIG, key=f"chart_{key}")
    caption = f"Source: {provenance_text(provenance)}" if provenance else "Source: none"
    if any(p.synthetic for p in provenance):
        caption = f"**{DEMO_LABEL}.** {caption}"
    if note:
        caption = f"{caption}. {note}"
    left, right = st.columns([5, 1], vertical_alignment="center")
    left.caption(caption)
    right.download_button(
        "CSV",
        data=lambda: csv_bytes(data, provenance),
        file_name=f"rotation-radar-{key}.csv",
        mime="text/csv",
        icon=":material/download:",
        key=f"csv_{key}",
        on_click="ignore",
        help="Download the data behind this chart (full resolution, with sources).",
    )
