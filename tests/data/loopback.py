"""The plumbing every fake provider on 127.0.0.1 shares: a threaded HTTP server whose answers
come from ``answer(path, query)`` (``query`` as :func:`urllib.parse.parse_qs` gives it)."""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Self
from urllib.parse import parse_qs, urlsplit


class LoopbackServer(ABC):
    """Subclasses implement :meth:`answer`; ``mode`` switches how they fail, ``hits`` counts
    requests per path, ``_stop`` ends any deliberate hang when the server stops."""

    def __init__(self) -> None:
        self.mode = "ok"
        self.hits: Counter[str] = Counter()
        self._stop = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._server.block_on_close = False
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def root(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> Self:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._server.shutdown()
        self._server.server_close()

    @abstractmethod
    def answer(self, path: str, query: dict[str, list[str]]) -> tuple[int, str, bytes]:
        """(status, content type, body) for one GET: what each fake provider says."""

    def extra_headers(self, status: int, raw_path: str) -> dict[str, str]:
        """Headers beyond Content-Type and Content-Length (e.g. a redirect's Location)."""
        return {}

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                status, ctype, body = fake.answer(parts.path, parse_qs(parts.query))
                try:
                    self.send_response(status)
                    for name, value in fake.extra_headers(status, self.path).items():
                        self.send_header(name, value)
                    self.send_header("Content-Type", ctype)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:  # the client gave up (timeout tests)
                    pass

            def log_message(self, format: str, *args: object) -> None:
                """Silent: the access log would print request lines (with the key)."""

        return Handler
