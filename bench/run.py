"""``make bench``: the performance figures of issue 9, written to bench/RESULTS.md.

Runs on the demo data and, when present, on ../shared/market-data twice: with the csvdir source
then demo for what the folder lacks, and with the default source chain (csvdir, yahoo, ofr, fred,
demo: what a user who only sets ROTATION_DATA_DIR gets; offline, so the network sources fail and
the degraded path is measured). No source reaches the internet.

Figures, each with its target (targets are never loosened; a miss says MISSED):

* server render time per view (AppTest, warm cache, median of RUNS reruns) and its ratio to a
  baseline page: the same app shell (page config + shared sidebar) rendering the same number
  of pre-built figures, namely the view's own figures captured and rebuilt (<= 1.5x);
* plotly JSON bytes a view sends at range=Max (the figure specs) (<= 1.5 MB);
* the signal library on 12 series x 40 years daily (bench/signals.py) (<= 100 ms);
* a repeated load of the whole catalog through the loader's memory cache, on demo data, the
  real folder with the default source chain and the store (bench/loader_cache.py) (<= 5 ms);
* `streamlit run` to the first fully rendered view in Chromium (<= 3 s);
* toggling a date range or a ticker in Chromium until the view has repainted (bench/repaint.py),
  p50 per view (<= 1 s);
* peak server RSS (VmHWM) after one session visited every view (<= 400 MB);
* at the server, over Streamlit's websocket protocol (bench/wsload.py, no browsers): 10, 25 and
  50 concurrent sessions walking every view against one and two read-only replicas reading the
  same bucket (bench/cluster.py: moto's S3 server, one publish pass): p50/p95 per view, sessions
  served per second, and each replica's peak RSS. These have no target: figures as measured.
"""

from __future__ import annotations

import contextlib
import os
import platform
import re
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import cluster as local_cluster  # noqa: E402
from bench import loader_cache, repaint  # noqa: E402
from bench import signals as signal_bench  # noqa: E402
from bench.wsload import QUERY, run_ws_load  # noqa: E402
from tests.e2e.conftest import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    IDLE_JS,
    MARK_JS,
    AppServer,
    server_env,
)
from tests.views import views  # noqa: E402

RESULTS = ROOT / "bench" / "RESULTS.md"
MARKET_DATA = Path(os.environ.get("ROTATION_MARKET_DATA", ROOT.parent / "shared" / "market-data"))
RUNS = 5
STARTUPS = 3
SESSION_LEVELS = (10, 25, 50)
REPLICAS = (1, 2)

TARGET_RATIO = 1.5
TARGET_BYTES = 1.5e6
TARGET_SIGNALS_S = 0.100
TARGET_CROSS_ASSET_S = 0.300
TARGET_TIMELINE_S = 1.0
TARGET_STARTUP_S = 3.0
TARGET_RSS_MB = 400.0
#: A repeated load of unchanged data: "a few milliseconds in every configuration".
TARGET_LOADER_REPEAT_S = 0.005


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


# --- AppTest: render time, baseline, bytes ------------------------------------------------------
def _baseline_script():
    import streamlit as st

    from bench import baseline_figures
    from dashboard.ui.sidebar import render_sidebar

    st.set_page_config(page_title="baseline", layout="wide")
    render_sidebar()
    st.title("Baseline")
    for i, fig in enumerate(baseline_figures.FIGURES):
        st.plotly_chart(fig, theme="streamlit", key=f"baseline_{i}")


def _timed_reruns(at, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - start)
        if at.exception:
            raise RuntimeError(at.exception[0].value)
    return statistics.median(times)


def _open(view, query: dict):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    for k, v in query.items():
        at.query_params[k] = v
    if not view.default:
        at.switch_page(view.file)
    at.run()
    return at


def apptest_figures(env: dict[str, str]) -> list[dict]:
    import plotly.io as pio
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from bench import baseline_figures
    from dashboard.ui import cache

    for name in ("ROTATION_SOURCES", "ROTATION_DATA_DIR"):
        os.environ.pop(name, None)
    os.environ.update(env)
    st.cache_data.clear()
    cache.clear()
    rows = []
    for view in views():
        at = _open(view, {})
        render = _timed_reruns(at, RUNS)  # warm: the first run filled the cache
        specs = [el.proto.spec for el in at.get("plotly_chart")]
        baseline_figures.FIGURES = [pio.from_json(s) for s in specs]
        base = AppTest.from_function(_baseline_script, default_timeout=120)
        base.run()
        drawn = len(base.get("plotly_chart"))
        if drawn != len(specs):
            raise RuntimeError(f"baseline drew {drawn} figures, the view {len(specs)}")
        baseline = _timed_reruns(base, RUNS)
        at_max = _open(view, {"range": "Max"})
        max_bytes = sum(len(el.proto.spec.encode()) for el in at_max.get("plotly_chart"))
        rows.append(
            {
                "view": view.key,
                "charts": len(specs),
                "render_s": render,
                "baseline_s": baseline,
                "ratio": render / baseline if baseline > 0 else float("inf"),
                "max_bytes": max_bytes,
                "max_charts": len(at_max.get("plotly_chart")),
            }
        )
    return rows


# --- browser: startup, RSS, load ----------------------------------------------------------------
def _vmhwm_mb(pid: int) -> float | None:
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    return None


def browser_figures(extra_env: dict[str, str]) -> dict:
    from playwright.sync_api import sync_playwright

    out: dict = {"startup_s": [], "rss_walk_mb": None, "repaint": None}
    all_views = views()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for i in range(STARTUPS):
            tmp = Path(tempfile.mkdtemp(prefix="rr-bench-"))
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            page = context.new_page()
            started = time.time()
            server = AppServer(server_env(tmp, **extra_env), tmp / "streamlit.log")
            try:
                server.wait_healthy(timeout=120)
                page.goto(server.url)
                page.wait_for_selector('[data-testid="stMainBlockContainer"] h1', timeout=120_000)
                page.wait_for_function(IDLE_JS, arg=600, timeout=120_000, polling=50)
                idle = page.evaluate("() => performance.timeOrigin + window.__rrIdleSince")
                out["startup_s"].append(idle / 1000.0 - started)
                if i == STARTUPS - 1:  # one session visits every view, then read the peak RSS
                    for view in (*all_views[1:], all_views[0]):
                        page.evaluate(MARK_JS)
                        link = page.locator('[data-testid="stSidebarNavLink"]')
                        link.filter(has_text=view.title).first.click()
                        if not view.default:
                            page.wait_for_url(f"**/{view.url_path}*", timeout=120_000)
                        page.wait_for_function(IDLE_JS, arg=600, timeout=120_000, polling=100)
                    out["rss_walk_mb"] = _vmhwm_mb(server.proc.pid)
                    out["repaint"] = repaint.measure(server.url, page, all_views)
            finally:
                context.close()
                server.stop()
        browser.close()
    return out


# --- server side: websocket sessions against read-only replicas of one bucket -------------------
def server_figures(data_dir: Path | None) -> dict:
    """Two replicas of one moto bucket; each level of concurrency against one, then both."""
    logs = Path(tempfile.mkdtemp(prefix="rr-bench-cluster-"))
    running = local_cluster.start(2, data_dir=str(data_dir) if data_dir else None, logs=logs)
    out: dict = {"published": running.published, "runs": [], "rss_mb": []}
    try:
        urls = running.replica_urls
        for url in urls:  # warm each replica's caches, as a replica in service is
            warm = run_ws_load(url, 1, timeout_s=300)
            if warm.failures or warm.exceptions:
                raise RuntimeError(f"warm-up failed: {(warm.failures + warm.exceptions)[:3]}")
        out["load_before"] = os.getloadavg()
        for sessions in SESSION_LEVELS:
            for replicas in REPLICAS:
                print(f"bench: {sessions} sessions, {replicas} replica(s) ...", file=sys.stderr)
                out["runs"].append(run_ws_load(urls[:replicas], sessions, timeout_s=600))
        out["rss_mb"] = [_vmhwm_mb(pid) for pid in running.pids("replica")]
    finally:
        running.stop()
    return out


# --- report -------------------------------------------------------------------------------------
def _mb(n: float) -> str:
    return f"{n / 1e6:.2f} MB"


def report(name: str, app_rows: list[dict], browser: dict | None, lines: list[str]) -> None:
    lines += [f"## {name}", ""]
    lines += [
        "| view | charts | render (median) | baseline | ratio (<= 1.5x) | plotly JSON at Max "
        "(<= 1.5 MB) |",
        "|---|---:|---:|---:|---|---|",
    ]
    for r in app_rows:
        lines.append(
            f"| {r['view']} | {r['charts']} | {r['render_s'] * 1000:.0f} ms | "
            f"{r['baseline_s'] * 1000:.0f} ms | {r['ratio']:.2f}x {verdict(r['ratio'] <= TARGET_RATIO)}"
            f" | {_mb(r['max_bytes'])} ({r['max_charts']} charts) "
            f"{verdict(r['max_bytes'] <= TARGET_BYTES)} |"
        )
    lines.append("")
    if browser is None:
        lines += ["Browser figures skipped: Chromium not found.", ""]
        return
    startup = statistics.median(browser["startup_s"])
    lines.append(
        f"- `streamlit run` to first rendered view (median of {len(browser['startup_s'])}): "
        f"{startup:.2f} s (target <= {TARGET_STARTUP_S:g} s): {verdict(startup <= TARGET_STARTUP_S)}"
        f"; runs: {', '.join(f'{s:.2f}' for s in browser['startup_s'])} s"
    )
    rss = browser["rss_walk_mb"]
    if rss is None:
        lines.append("- peak server RSS after one session visited every view: not measurable")
    else:
        lines.append(
            f"- peak server RSS (VmHWM) after one session visited every view: {rss:.0f} MB "
            f"(target <= {TARGET_RSS_MB:g} MB): {verdict(rss <= TARGET_RSS_MB)}"
        )
    rp = browser["repaint"]
    lines += [
        "",
        f"Toggle to repaint in Chromium (bench/repaint.py; {repaint.TOGGLES} clicks per view and "
        f"kind, p50 target <= {repaint.TARGET_S:g} s): date range overall p50 "
        f"{rp.overall('range'):.2f} s, ticker overall p50 {rp.overall('ticker'):.2f} s.",
        "",
        "| view | date range p50 | ticker p50 | date range runs (s) | ticker runs (s) |",
        "|---|---|---|---|---|",
    ]
    for view in views():
        cells = []
        for kind in ("range", "ticker"):
            p50 = rp.p50(view.key, kind)
            cells.append(f"{p50:.2f} s {verdict(p50 <= repaint.TARGET_S)}")
        runs = [
            ", ".join(f"{t:.2f}" for t in rp.times.get((view.key, kind), []))
            for kind in ("range", "ticker")
        ]
        lines.append(f"| {view.key} | {cells[0]} | {cells[1]} | {runs[0]} | {runs[1]} |")
    lines.append("")


def _seconds(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f} s"


def report_server(name: str, server: dict, lines: list[str]) -> None:
    pub = server["published"]
    runs = server["runs"]
    load1, load5, _ = server["load_before"]
    lines += [
        f"## At the server: {name}",
        "",
        f"Two read-only replicas (`ROTATION_READ_ONLY=1 streamlit run app.py`) of one bucket on "
        f"moto's S3 server, filled by one `rotation publish --from {pub['from']}` "
        f"({', '.join(f'{n} {s}' for s, n in pub['by_source'].items())}). Sessions over the "
        f"websocket protocol (bench/wsload.py), all started at once, each walking all "
        f"{len(views())} views (home first and last) with `?{QUERY}`; render time = "
        "`rerun_script` sent to `script_finished` received. Each replica was warmed by one "
        f"walk first. Machine load average before the runs: {load1:.1f} (1 min), "
        f"{load5:.1f} (5 min) on {os.cpu_count()} cores, shared with other work.",
        "",
        "| sessions | replicas | wall | sessions served/s | views/s | p50 (all views) | "
        "p95 (all views) | exceptions | failed |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in runs:
        every = sorted(r.all_times)
        p50 = statistics.median(every) if every else None
        p95 = statistics.quantiles(every, n=100, method="inclusive")[94] if len(every) > 1 else None
        lines.append(
            f"| {r.sessions} | {r.replicas} | {r.wall_s:.1f} s | {r.sessions_per_s:.2f} | "
            f"{r.views_per_s:.1f} | {_seconds(p50)} | {_seconds(p95)} | {len(r.exceptions)} | "
            f"{len(r.failures)} |"
        )
    lines.append("")
    for sessions in SESSION_LEVELS:
        level = [r for r in runs if r.sessions == sessions]
        header = " | ".join(
            f"{r.replicas} replica{'s' * (r.replicas > 1)} p50 / p95" for r in level
        )
        lines += [
            f"{sessions} concurrent sessions, per view:",
            "",
            f"| view | {header} |",
            "|---|" + "---:|" * len(level),
        ]
        for view in views():
            cells = " | ".join(
                f"{_seconds(r.percentile(view.key, 50))} / {_seconds(r.percentile(view.key, 95))}"
                for r in level
            )
            lines.append(f"| {view.key} | {cells} |")
        lines.append("")
    rss = ", ".join("-" if m is None else f"{m:.0f} MB" for m in server["rss_mb"])
    lines.append(f"- peak RSS (VmHWM) of each replica after all runs: {rss}")
    problems = [x for r in runs for x in (r.exceptions + r.failures)][:10]
    lines += [f"- {x}" for x in problems] + [""]


SERVER_HEADING = "## At the server"


def server_section() -> list[str]:
    """The server-side figures alone (real files when present, else the demo)."""
    data_dir = MARKET_DATA if MARKET_DATA.is_dir() else None
    print("bench: at the server (two replicas of one bucket) ...", file=sys.stderr)
    started = datetime.now(UTC)
    server = server_figures(data_dir)
    lines: list[str] = []
    report_server(
        f"real files ({MARKET_DATA.name}) published to the bucket" if data_dir else "demo data",
        server,
        lines,
    )
    lines.insert(2, f"Run {started:%Y-%m-%d %H:%M} UTC, streamlit {version('streamlit')}.")
    lines.insert(3, "")
    return lines


def only_server() -> int:
    """``make bench BENCH_ARGS=--only-server``: rerun the server section, keep the rest."""
    lines = server_section()
    old = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    before, found, after = old.partition(SERVER_HEADING)
    if found:  # drop the old section, up to the next heading or the wall-time line
        nxt = re.search(r"^(## |Bench wall time)", after, re.MULTILINE)
        after = after[nxt.start() :] if nxt else ""
    else:
        wall = re.search(r"^Bench wall time", old, re.MULTILINE)
        before, after = (old[: wall.start()], old[wall.start() :]) if wall else (old, "")
    RESULTS.write_text(before.rstrip("\n") + "\n\n" + "\n".join(lines) + "\n" + after)
    print("\n".join(lines))
    return 0


def signal_library_report() -> list[str]:
    """The signal library section: the figure against its target, per-function medians."""
    sig = signal_bench.run()
    load1, load5, _ = os.getloadavg()
    lines = [
        "## Signal library",
        "",
        f"{sig['series']} synthetic series x {sig['points']:,} business days (40 years). "
        f"Whole library (sum of the medians below): {sig['total_s'] * 1000:.0f} ms (target <= "
        f"{TARGET_SIGNALS_S * 1000:.0f} ms): {verdict(sig['total_s'] <= TARGET_SIGNALS_S)}. "
        f"One pass over all of it: {sig['pass_wall_s'] * 1000:.0f} ms wall, "
        f"{sig['pass_cpu_s'] * 1000:.0f} ms CPU (median of passes; load average "
        f"{load1:.1f} / {load5:.1f} over 1 / 5 minutes while measured).",
        "",
        "Inputs in another shape (weekly, monthly and quarterly samples, the series side by "
        "side) are derived once before timing, in "
        f"{sig['prepare_s'] * 1000:.0f} ms: that is pandas resampling, not the library. With "
        "every input derived again inside each timed call (how this figure was measured "
        f"before): {sig['unprepared_s'] * 1000:.0f} ms.",
        "",
        "| module | function | median |",
        "|---|---|---:|",
        f"| thesis | evaluate(SCORECARD) ({sig['specs']} specs) | {sig['scorecard_s'] * 1000:.1f} ms |",
    ]
    return lines + [f"| {m} | {n} | {t * 1000:.1f} ms |" for m, n, t in sig["rows"]] + [""]


def loader_cache_report() -> list[str]:
    """The loader cache section: a repeated load_series of the catalog per configuration."""
    rows = loader_cache.run(MARKET_DATA if MARKET_DATA.is_dir() else None)
    lines = [
        "## Loader cache",
        "",
        "`load_series` of every catalog series in a fresh process cache: the first load "
        "(cold: files and the store read, the offline network attempts) and the median of "
        "repeated loads of unchanged data, as each rerun of a page does (target <= "
        f"{TARGET_LOADER_REPEAT_S * 1000:g} ms). Offline: in the real-folder case every live "
        "source fails, so the series the folder lacks are degraded (demo) and held until the "
        "source's back-off lifts.",
        "",
        "| configuration | series | cold | repeated (median) | statuses |",
        "|---|---:|---:|---|---|",
    ]
    for r in rows:
        statuses = ", ".join(f"{n} {k}" for k, n in sorted(r["statuses"].items()))
        lines.append(
            f"| {r['config']} | {r['ids']} | {r['cold_s'] * 1000:.0f} ms | "
            f"{r['repeated_s'] * 1000:.2f} ms "
            f"{verdict(r['repeated_s'] <= TARGET_LOADER_REPEAT_S)} | {statuses} |"
        )
    return lines + [""]


def main() -> int:
    if "--only-server" in sys.argv[1:]:
        return only_server()
    t0 = time.monotonic()
    os.environ.setdefault("STREAMLIT_BROWSER_GATHER_USAGE_STATS", "false")
    for name in ("ROTATION_DATA_DIR", "FRED_API_KEY"):
        os.environ.pop(name, None)
    configs = [("Demo data (ROTATION_SOURCES=demo)", {"ROTATION_SOURCES": "demo"})]
    if MARKET_DATA.is_dir():
        configs.append(
            (
                f"Real files ({MARKET_DATA.name}: ROTATION_SOURCES=csvdir,demo)",
                {"ROTATION_SOURCES": "csvdir,demo", "ROTATION_DATA_DIR": str(MARKET_DATA)},
            )
        )
        configs.append(
            (
                f"Real files, default source chain ({MARKET_DATA.name}: ROTATION_DATA_DIR only, "
                "so csvdir,yahoo,ofr,fred,demo; offline)",
                # empty means unset (dashboard.settings), and overrides the harness' demo default
                {"ROTATION_SOURCES": "", "ROTATION_DATA_DIR": str(MARKET_DATA)},
            )
        )
    lines = [
        "# Benchmark results",
        "",
        f"Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC. Machine: {os.cpu_count()} cores, "
        f"{platform.machine()}, {platform.system()} {platform.release()}; Python "
        f"{platform.python_version()}, streamlit {version('streamlit')}, plotly "
        f"{version('plotly')}, pandas {version('pandas')}. Produced by `make bench` "
        "(bench/run.py); medians over repeated runs. Offline: demo and local files only.",
        "",
        "Render time: AppTest reruns of the view (app shell + page) with a warm cache, median of "
        f"{RUNS}. Baseline: the same shell (page config + shared sidebar) drawing the view's own "
        "figures, captured from the view and rebuilt before timing (a view without charts is "
        "compared with the bare shell). Plotly JSON: the figure specs the view sends at "
        "range=Max. Startup: process start to the first view idle in Chromium (settle wait not "
        "counted). RSS: the server's VmHWM from /proc. Load at the server: see its section.",
        "",
    ]
    lines += signal_library_report()
    lines += loader_cache_report()
    cross = signal_bench.cross_asset_view()
    lines += [
        f"Cross-asset view, everything it computes (`events.cross_asset_bundle`) for "
        f"{cross['assets']} assets x {cross['points']:,} sessions (25 years): "
        f"{cross['seconds'] * 1000:.0f} ms (target <= {TARGET_CROSS_ASSET_S * 1000:.0f} ms): "
        f"{verdict(cross['seconds'] <= TARGET_CROSS_ASSET_S)}",
        "",
    ]
    timeline = signal_bench.thesis_timeline()
    slowest = max(timeline["synthetic_s"], timeline["demo_s"])
    lines += [
        f"Thesis timeline (the Overview's strips: {timeline['specs']} signals x "
        f"{timeline['weeks']} weeks, 2 years, each week point in time, warm): "
        f"{timeline['synthetic_s'] * 1000:.0f} ms on the 40-year synthetic series, "
        f"{timeline['demo_s'] * 1000:.0f} ms on the demo data (target <= "
        f"{TARGET_TIMELINE_S * 1000:.0f} ms): {verdict(slowest <= TARGET_TIMELINE_S)}",
        "",
    ]
    for name, env in configs:
        print(f"bench: {name} ...", file=sys.stderr)
        with tempfile.TemporaryDirectory(prefix="rr-bench-cache-") as cache:
            app_rows = apptest_figures({**env, "ROTATION_CACHE_DIR": cache})
        browser = browser_figures(env) if CHROMIUM.exists() else None
        report(name, app_rows, browser, lines)
    lines += server_section()
    lines.append(f"Bench wall time: {time.monotonic() - t0:.0f} s.")
    text = "\n".join(lines) + "\n"
    RESULTS.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
