"""Linked x-zoom: zooming, panning or resetting one time chart of a view does the same to the
view's other time charts, as on a trading terminal.

Streamlit draws each plotly chart on its own, so the link lives in the page: a script-only
component (``st.components.v2``, which runs in the app's document, not an iframe) listens to
every chart's ``plotly_relayout`` event and passes a change of the x range on to each other
chart with a date x axis. It applies it through plotly's own modebar handler (the function the
zoom and reset buttons call, which Streamlit's bundled plotly keeps on each chart), so the
other charts redraw exactly as if the user had zoomed them; a chart already showing the range
is left alone, so the charts never echo a change back and forth. Charts without a date axis
(gauges, the rotation graph, heatmaps, the event study) are not linked.
"""

from __future__ import annotations

import streamlit as st

JS = r"""
export default function () {
  const handlers = new WeakMap();
  const TOLERANCE_MS = 1000;

  const isTimeChart = (gd) => {
    const x = gd._fullLayout && gd._fullLayout.xaxis;
    return Boolean(x) && x.type === "date";
  };

  // plotly's GUI relayout, reached through a modebar button's click handler
  const relayoutOf = (gd) => {
    const bar = gd._fullLayout && gd._fullLayout._modeBar;
    for (const group of (bar && bar.buttons) || []) {
      for (const button of group || []) {
        if (button && typeof button.click === "function"
            && ["zoom2d", "pan2d", "resetScale2d"].includes(button.name)) {
          return (attr, value) => button.click(gd, {
            currentTarget: {
              getAttribute: (k) => (k === "data-attr" ? attr : k === "data-val" ? value : null),
              setAttribute: () => {},
            },
          });
        }
      }
    }
    return null;
  };

  const xChange = (event) => {
    let lo, hi, auto = false;
    for (const [key, value] of Object.entries(event || {})) {
      const end = key.match(/^xaxis\d*\.range\[(0|1)\]$/);
      if (end) { if (end[1] === "0") { lo = value; } else { hi = value; } continue; }
      if (/^xaxis\d*\.range$/.test(key) && Array.isArray(value)) { [lo, hi] = value; continue; }
      if (/^xaxis\d*\.autorange$/.test(key) && value) { auto = true; }
    }
    if (lo !== undefined && hi !== undefined) { return { range: [lo, hi] }; }
    return auto ? { auto: true } : null;
  };

  // the x axes that own their range: in stacked panels the others follow one ("matches")
  const rootAxes = (gd) => Object.keys(gd._fullLayout)
    .filter((name) => /^xaxis\d*$/.test(name))
    .filter((name) => gd._fullLayout[name].type === "date" && !gd._fullLayout[name].matches);

  const ms = (v) => Date.parse(String(v).replace(" ", "T"));
  const showing = (axis, change) => {
    if (change.auto) { return axis.autorange === true; }
    const [a, b] = (axis.range || []).map(ms);
    const [c, d] = change.range.map(ms);
    return Math.abs(a - c) < TOLERANCE_MS && Math.abs(b - d) < TOLERANCE_MS;
  };

  const propagate = (source, event) => {
    const change = xChange(event);
    if (!change) { return; }
    for (const gd of document.querySelectorAll(".js-plotly-plot")) {
      if (gd === source || !isTimeChart(gd)) { continue; }
      const relayout = relayoutOf(gd);
      if (!relayout) { continue; }
      for (const name of rootAxes(gd)) {
        if (showing(gd._fullLayout[name], change)) { continue; }
        if (change.auto) { relayout(`${name}.autorange`, true); }
        else { relayout(`${name}.range`, change.range); }
      }
    }
  };

  const attach = () => {
    for (const gd of document.querySelectorAll(".js-plotly-plot")) {
      if (typeof gd.on !== "function" || !gd._ev) { continue; }
      let handler = handlers.get(gd);
      if (!handler) { handler = (event) => propagate(gd, event); handlers.set(gd, handler); }
      // a chart redrawn from scratch drops its listeners: attach again
      if (!gd._ev.listeners("plotly_relayout").includes(handler)) {
        gd.on("plotly_relayout", handler);
      }
    }
  };

  // charts come and go with reruns: look again once the page has settled after a change
  let pending = null;
  const later = () => {
    if (pending === null) { pending = setTimeout(() => { pending = null; attach(); }, 250); }
  };
  attach();
  const observer = new MutationObserver(later);
  observer.observe(document.body, { childList: true, subtree: true });
  const timer = setInterval(attach, 2000);
  return () => { observer.disconnect(); clearInterval(timer); clearTimeout(pending); };
}
"""

_component = st.components.v2.component("rotation_radar.linked_zoom", js=JS)


def linked_zoom() -> None:
    """Mount the link (once per page run; it renders nothing)."""
    _component(key="linked_zoom")
