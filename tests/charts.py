"""Every chart the views draw, built from loaded data (no Streamlit), for tests that look at
all of them at once: colours, layout, events."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import plotly.graph_objects as go
import pytest

from dashboard.data import usertables
from dashboard.data.load import Loaded, fetch_series
from dashboard.state import ViewState
from dashboard.views import compare, cross_asset, global_view, liquidity, macro, small_caps
from dashboard.views.model import Chart, Timeline


def demo_data(cache_dir, ids) -> Loaded:
    """The demo series ``ids``, loaded with the demo source only (for module-scoped fixtures,
    which run before the per-test settings of conftest)."""
    with pytest.MonkeyPatch.context() as env:
        env.setenv("ROTATION_SOURCES", "demo")
        env.setenv("ROTATION_CACHE_DIR", str(cache_dir))
        env.delenv("ROTATION_DATA_DIR", raising=False)
        return fetch_series(ids)


def consensus():
    return usertables.load(usertables.CONSENSUS).frame


def view_charts(
    loaded: Loaded, today: date, view: ViewState | None = None, timeline: Timeline | None = None
) -> dict[str, Chart]:
    """``{chart key: Chart}`` for every chart of every view (the macro history in both units)."""
    view = view or ViewState()
    found: list[Chart] = []
    sc = small_caps.build(loaded, view, small_caps.Params(), today, timeline)
    found += [sc.ratio, sc.breakout, sc.rebased, sc.relative]
    m = macro.build(loaded, view, macro.Params(), today, consensus(), timeline)
    found += [g.chart for g in m.gauges] + [m.composite.chart]
    for unit in macro.UNITS.values():
        found += [_keyed(p, f"{unit}") for _, p in macro.history_panels(m.history, unit, timeline)]
    li = liquidity.build(loaded, view, liquidity.Params(), today, timeline)
    found += [li.level, li.flows, li.overlay]
    if li.leadlag is not None:  # withheld when the flows are synthetic and the returns are not
        found.append(li.leadlag.panel)
    ca = cross_asset.build(loaded, view, cross_asset.Params(), today, timeline)
    found += [ca.performance, ca.rotation, ca.leadlag, ca.study.chart, ca.study.sequence]
    gl = global_view.build(loaded, view, today, timeline)
    found += [gl.gdp.chart, gl.copper.chart] + [s.chart for s in gl.levels]
    cm = compare.build(loaded, view, compare.Params(average=True), today, timeline)
    found += [cm.performance, cm.strength]
    return {c.key: c for c in found if isinstance(c, Chart)}


def _keyed(item, suffix: str):
    if isinstance(item, Chart):
        return Chart(f"{item.key}_{suffix}", item.figure, item.data, item.sources, item.note)
    return item


def colours(fig: go.Figure) -> Iterator[tuple[str, str]]:
    """``(where, colour)`` for every colour string in a figure's traces and layout (colour
    scales and the template excluded)."""
    spec = fig.to_plotly_json()
    layout = {k: v for k, v in spec.get("layout", {}).items() if k != "template"}

    def walk(node, path):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "colorscale":
                    continue
                yield from walk(value, f"{path}.{key}")
        elif isinstance(node, list | tuple):
            for i, value in enumerate(node):
                yield from walk(value, f"{path}[{i}]")
        elif isinstance(node, str) and "color" in path.rsplit(".", 1)[-1].split("[")[0]:
            yield path, node

    for i, trace in enumerate(spec.get("data", [])):
        yield from walk(trace, f"data[{i}]")
    yield from walk(layout, "layout")
