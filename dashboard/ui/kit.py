"""The page kit: how every page draws what its view model holds.

One call per kind of piece: :func:`header` (title, intro, provenance badges, notices),
:func:`cards`, :func:`chart` (figure, source caption, CSV download), :func:`panel` (a chart or
the notice that replaces it), :func:`table` and :func:`table_editor` (the one validated editor
for the team's rows). Pages only choose the order and the containers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date

import pandas as pd
import streamlit as st

from dashboard.data import usertables
from dashboard.data.provenance import Provenance, describe
from dashboard.ui.provenance import DEMO_LABEL, page_provenance
from dashboard.views.common import Header
from dashboard.views.model import Card, Chart, Column, Notice, Panel, Setting, Table

PLOTLY_CONFIG = {
    "displaylogo": False,
    "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    "toImageButtonOptions": {"format": "png", "scale": 2},
}
_ALERTS = {"info": st.info, "warning": st.warning, "error": st.error, "success": st.success}
_ICONS = {
    "info": ":material/info:",
    "warning": ":material/warning:",
    "error": ":material/error:",
    "success": ":material/check_circle:",
}


def title(header: Header) -> None:
    """The page title and what the view tests."""
    st.title(header.title)
    if header.intro:
        st.caption(header.intro)


def header(header: Header) -> None:
    """The top of a page: title and intro, demo banner and provenance badges, then the view's
    notices (pages whose widgets decide what to load draw :func:`title` first and this
    view model's :func:`provenance` after them)."""
    title(header)
    provenance(header)


def provenance(header: Header) -> None:
    page_provenance(header.sources)
    show_notices(header.notices)


def notice(item: Notice) -> None:
    _ALERTS[item.kind](item.text, icon=item.icon or _ICONS[item.kind])


def stop_on(item: Notice | None) -> None:
    """When a view says there is nothing to show, say why and end the page here."""
    if item is not None:
        notice(item)
        st.stop()


def show_notices(items: Iterable[Notice]) -> None:
    for item in items:
        notice(item)


def cards(items: Sequence[Card], columns: int | None = None) -> None:
    """Metric cards side by side (``columns`` per row; default: all in one row)."""
    if not items:
        return
    per_row = columns or len(items)
    for start in range(0, len(items), per_row):
        row = items[start : start + per_row]
        for column, card in zip(st.columns(per_row), row, strict=False):
            metric(card, column)


def metric(card: Card, where=st, *, chart: Sequence[float] = (), border: bool = False) -> None:
    """A metric card; ``chart``: a sparkline drawn under it (e.g. the line behind the value)."""
    where.metric(
        card.label,
        card.value,
        card.delta,
        delta_color=card.delta_color,
        delta_arrow="auto" if card.delta_color != "off" else "off",
        help=card.help,
        chart_data=list(chart) or None,
        border=border,
    )


def ticker_cards(items: Sequence, per_row: int = 4) -> None:
    """Cards with a sparkline and a line under each (``item.card``, ``item.spark``,
    ``item.drawdown``: the Compare view's per-ticker cards), ``per_row`` to a row."""
    for start in range(0, len(items), per_row):
        for column, item in zip(st.columns(per_row), items[start : start + per_row], strict=False):
            with column:
                metric(item.card, chart=item.spark, border=True)
                st.caption(item.drawdown)


def csv_bytes(data: pd.DataFrame, sources: Iterable[Provenance]) -> bytes:
    """The plotted data as CSV, preceded by ``# source:`` comment lines."""
    sources = list(sources)
    header_lines = "".join(f"# source: {p.badge()} ({p.origin})\n" for p in sources)
    if any(p.synthetic for p in sources):
        header_lines = f"# {DEMO_LABEL}: not market data\n" + header_lines
    return (header_lines + data.to_csv(date_format="%Y-%m-%d")).encode("utf-8")


def caption_text(item: Chart) -> str:
    """``Source: IWM demo/synthetic to 2026-01-16; ... <note>`` (demo data says so first)."""
    text = f"Source: {describe(item.sources)}" if item.sources else "Source: none"
    if any(p.synthetic for p in item.sources):
        text = f"**{DEMO_LABEL}.** {text}"
    return f"{text}. {item.note}" if item.note else text


def chart(item: Chart) -> None:
    """A figure with its source caption and a CSV download of the data behind it.

    PNG export comes from plotly's modebar (camera icon); the CSV holds the data at full
    resolution with a header naming the sources, so a number on screen can be traced.
    """
    st.plotly_chart(item.figure, theme="streamlit", config=PLOTLY_CONFIG, key=f"chart_{item.key}")
    left, right = st.columns([5, 1], vertical_alignment="center")
    left.caption(caption_text(item))
    with right:
        st.download_button(
            "CSV",
            data=lambda: csv_bytes(item.data, item.sources),
            file_name=f"rotation-radar-{item.key}.csv",
            mime="text/csv",
            icon=":material/download:",
            key=f"csv_{item.key}",
            on_click="ignore",
            help="Download the data behind this chart (full resolution, with sources).",
        )


def panel(item: Panel | Table | None) -> None:
    """A chart or a table, or the notice that says why there is none."""
    if isinstance(item, Chart):
        chart(item)
    elif isinstance(item, Table):
        table(item)
    elif isinstance(item, Notice):
        notice(item)


def settings(label: str, items: Sequence[Setting], columns: int = 4) -> dict:
    """A page's settings in a collapsed panel; returns ``{name: value}`` for the view's
    ``Params``.

    Each widget is bound to the URL under its key (``bind="query-params"``), so a shared link
    carries the settings. The widgets are drawn whether the panel is open or not: a bound
    widget that is not drawn loses its parameter from the URL (a handful of inputs costs a
    rerun little).
    """
    values = {}
    with st.expander(label, icon=":material/tune:"):
        for column, item in zip(st.columns(columns) * len(items), items, strict=False):
            value = _setting_widget(column, item)
            values[item.name] = item.default if value is None else value
    return values


def _setting_widget(column, item: Setting):
    if isinstance(item.default, bool):
        return column.toggle(
            item.label, value=item.default, key=item.key, help=item.help, bind="query-params"
        )
    if isinstance(item.default, date):
        return column.date_input(
            item.label, value=item.default, min_value=item.min, max_value=item.max or date.today(),
            key=item.key, format="YYYY-MM-DD", help=item.help, bind="query-params",
        )  # fmt: skip
    return column.number_input(
        item.label, min_value=item.min, max_value=item.max, value=item.default,
        step=item.step, key=item.key, help=item.help, bind="query-params",
    )  # fmt: skip


#: What a table shows in a cell with no value (Streamlit's default is "None").
MISSING = "—"


def plain_label(name: object) -> str:
    """A column name a reader can read: ``peak_lag`` -> ``peak lag``."""
    return str(name).replace("_", " ").strip()


def column_config(columns: Mapping[str, Column], names: Iterable[object] = ()) -> dict:
    """Streamlit's column config for ``columns``; any other column in ``names`` still gets a
    plain label (never a raw identifier such as ``ci_low``)."""
    columns = {**{str(n): Column() for n in names}, **columns}
    config = {}
    for name, col in columns.items():
        col = col if col.label else replace(col, label=plain_label(name))
        common = {"label": col.label, "help": col.help, "width": col.width}
        if col.kind == "date":
            config[name] = st.column_config.DateColumn(format=col.format or "YYYY-MM-DD", **common)
        elif col.kind == "number":
            config[name] = st.column_config.NumberColumn(format=col.format, **common)
        elif col.kind == "check":
            config[name] = st.column_config.CheckboxColumn(**common)
        else:
            config[name] = st.column_config.TextColumn(**common)
    return config


def table(item: Table, sources: Sequence[Provenance] = ()) -> None:
    """A table with its caption, a plain label on every column and a dash in empty cells;
    with ``sources``, a CSV download of it (sources in its header) as for a chart."""
    if item.caption:
        st.caption(item.caption)
    st.dataframe(
        item.frame,
        hide_index=item.hide_index,
        width="stretch",
        height=item.height or "auto",
        key=f"table_{item.key}",
        column_config=column_config(item.columns, item.frame.columns),
        placeholder=MISSING,
    )
    if sources:
        st.download_button(
            "Table CSV",
            data=lambda: csv_bytes(item.frame.set_index(item.frame.columns[0]), sources),
            file_name=f"rotation-radar-{item.key}.csv",
            mime="text/csv",
            icon=":material/download:",
            key=f"csv_{item.key}",
            on_click="ignore",
        )


def lazy_expander(label: str, *, key: str, icon: str | None = None):
    """An expander whose content runs only while it is open (a closed one costs a rerun
    nothing). Use ``with lazy_expander(...) as box: if box.open: ...``."""
    return st.expander(label, key=key, icon=icon, on_change="rerun")


_FLASH = "_rr_editor_flash"


def table_editor(
    spec: usertables.TableSpec,
    *,
    key: str,
    columns: Mapping[str, Column],
    save_label: str,
    save_key: str,
    choices: Mapping[str, Sequence[str]] | None = None,
    on_saved: Callable[[], None] | None = None,
) -> None:
    """The team's own rows of ``spec`` in an editor, saved only when every row is valid.

    Invalid rows are refused with one message per row and nothing is written, so the stored
    rows stay as they were and nothing typed is lost silently. A save is a callback flag, not
    the button's return value: the flag survives a rerun that happens before this line (a
    page's first run inside app.py), a click's trigger would not.
    """
    flash = st.session_state.pop(f"{_FLASH}_{key}", None)
    if flash:
        st.success(flash, icon=":material/check_circle:")
    rows = usertables.user_rows(spec)
    config = column_config(columns, [c.name for c in spec.columns])
    for name, options in (choices or {}).items():
        config[name] = st.column_config.SelectboxColumn(
            label=columns[name].label, help=columns[name].help, options=list(options)
        )
    edited = st.data_editor(
        _editable(spec, rows),
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        key=key,
        column_config=config,
    )
    save_flag = f"_rr_save_{key}"
    st.button(
        save_label,
        icon=":material/save:",
        key=save_key,
        on_click=lambda: st.session_state.__setitem__(save_flag, True),
        help="Validates every row; nothing is written while any row is invalid.",
    )
    if not st.session_state.pop(save_flag, False):
        return
    errors = usertables.save_user_rows(spec, pd.DataFrame(edited))
    if errors:
        st.error(
            "Not saved: fix these rows first (nothing was written, the stored rows are "
            "unchanged):\n\n" + "\n".join(f"- {e}" for e in errors),
            icon=":material/error:",
        )
        return
    saved = len(pd.DataFrame(edited).dropna(how="all"))
    st.session_state[f"{_FLASH}_{key}"] = (
        f"Saved {saved} team row(s) to {usertables.user_path(spec)}."
    )
    st.session_state.pop(key, None)
    if on_saved is not None:
        on_saved()
    st.rerun()


def _editable(spec: usertables.TableSpec, rows: pd.DataFrame) -> pd.DataFrame:
    """The stored rows with the column types the editor's widgets need."""
    typed = {}
    for column in spec.columns:
        values = rows[column.name]
        if column.kind == "date":
            typed[column.name] = pd.to_datetime(values)
        elif column.kind == "number":
            typed[column.name] = pd.to_numeric(values).astype("float64")
        else:
            typed[column.name] = values.astype("object")
    return pd.DataFrame(typed)
