"""Load at the server: concurrent sessions over Streamlit's own websocket protocol, no browser.

A session is what a browser tab is to the server: one websocket on ``/_stcore/stream``
(subprotocol ``streamlit``). For each view the generator sends the BackMsg a browser sends on
navigation, ``rerun_script`` with the page's URL path (``page_name``) and a query string, then
reads ForwardMsgs until ``script_finished`` says the run completed. The time from the send to
that message is the view's server time: the script run plus the deltas it streams (charts
included), with no rendering and no browser competing for the cores. A run that ends early
for a rerun (app.py's page wrapper does that once per fresh session) is followed to its end.

Each session walks every view of app.py (``tests.views``), starting and ending on the default
page, as the Chromium walk did. Sessions are spread round-robin over the replicas' URLs.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from tests.views import View, views

#: a representative shared link: the sidebar's state in the URL
QUERY = "range=1Y&bench=SPY"
FINISHED = ForwardMsg.ScriptFinishedStatus


@dataclass
class WsLoadResult:
    sessions: int
    replicas: int
    times: dict[str, list[float]] = field(default_factory=dict)  #: view key -> seconds
    exceptions: list[str] = field(default_factory=list)  #: "session/view: text"
    failures: list[str] = field(default_factory=list)  #: views that never finished
    completed: int = 0  #: sessions that walked every view
    per_replica: dict[str, int] = field(default_factory=dict)  #: url -> sessions completed
    wall_s: float = 0.0
    bytes_received: int = 0

    def percentile(self, key: str, q: float) -> float | None:
        values = sorted(self.times.get(key, []))
        if not values:
            return None
        if len(values) == 1:
            return values[0]
        return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]

    @property
    def all_times(self) -> list[float]:
        return [t for ts in self.times.values() for t in ts]

    @property
    def sessions_per_s(self) -> float:
        return self.completed / self.wall_s if self.wall_s else 0.0

    @property
    def views_per_s(self) -> float:
        return len(self.all_times) / self.wall_s if self.wall_s else 0.0


def rerun_message(view: View, query: str = QUERY) -> bytes:
    """The BackMsg a browser sends to show ``view`` with ``query`` in its address bar."""
    msg = BackMsg()
    msg.rerun_script.query_string = query
    msg.rerun_script.page_name = "" if view.default else view.url_path
    return msg.SerializeToString()


async def run_view(ws, view: View, timeout_s: float) -> tuple[float, list[str], int]:
    """Ask for ``view`` and wait for its run to finish: (seconds, exception texts, bytes)."""
    exceptions: list[str] = []
    received = 0
    start = time.perf_counter()
    await ws.send(rerun_message(view))
    async with asyncio.timeout(timeout_s):
        while True:
            raw = await ws.recv()
            received += len(raw)
            msg = ForwardMsg()
            msg.ParseFromString(raw)
            kind = msg.WhichOneof("type")
            if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                element = msg.delta.new_element
                if element.WhichOneof("type") == "exception":
                    exceptions.append(f"{element.exception.type}: {element.exception.message}")
            elif kind == "page_not_found":
                raise LookupError(f"page not found: {view.url_path}")
            elif kind == "script_finished":
                if msg.script_finished == FINISHED.FINISHED_EARLY_FOR_RERUN:
                    continue  # the rerun it asked for follows on the same socket
                if msg.script_finished == FINISHED.FINISHED_WITH_COMPILE_ERROR:
                    exceptions.append("script failed to compile")
                return time.perf_counter() - start, exceptions, received


async def _session(url: str, walk: Sequence[View], n: int, out: WsLoadResult, timeout_s: float):
    from websockets.asyncio.client import connect

    stream = url.replace("http://", "ws://", 1).rstrip("/") + "/_stcore/stream"
    try:
        async with connect(
            stream, subprotocols=["streamlit"], max_size=None, open_timeout=timeout_s
        ) as ws:
            for view in walk:
                try:
                    seconds, errors, received = await run_view(ws, view, timeout_s)
                except (TimeoutError, LookupError) as exc:
                    out.failures.append(f"session {n}/{view.key}: {type(exc).__name__} {exc}")
                    return
                out.times.setdefault(view.key, []).append(seconds)
                out.bytes_received += received
                out.exceptions += [f"session {n}/{view.key}: {e}"[:300] for e in errors]
            out.completed += 1
            out.per_replica[url] = out.per_replica.get(url, 0) + 1
    except OSError as exc:  # refused, reset: a result, not a crash of the generator
        out.failures.append(f"session {n}: {type(exc).__name__}: {exc}"[:300])


async def _run(urls: Sequence[str], sessions: int, timeout_s: float) -> WsLoadResult:
    all_views = views()
    walk = (*all_views, all_views[0])  # the default page, every other view, back home
    out = WsLoadResult(sessions=sessions, replicas=len(urls))
    start = time.perf_counter()
    await asyncio.gather(
        *(_session(urls[n % len(urls)], walk, n, out, timeout_s) for n in range(sessions))
    )
    out.wall_s = time.perf_counter() - start
    return out


def run_ws_load(urls: str | Sequence[str], sessions: int, timeout_s: float = 300.0):
    """``sessions`` concurrent websocket sessions, each walking every view, spread over
    ``urls`` (one per replica). Bounded: every wait has ``timeout_s``."""
    urls = [urls] if isinstance(urls, str) else list(urls)
    # A thread of its own: the caller's thread may already run an event loop (sync Playwright)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, _run(urls, sessions, timeout_s)).result()
