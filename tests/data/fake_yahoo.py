"""Yahoo Finance on 127.0.0.1, reached by the REAL yfinance and curl_cffi through a proxy.

yfinance's URLs are fixed (``https://query2.finance.yahoo.com/...``), so the only honest way to
put a fake behind them is where a corporate network would: an HTTP proxy. :class:`YahooProxy`
listens on loopback and plays each failure a network can show:

=============  ==================================================================================
mode           what the client sees
=============  ==================================================================================
``ok``         a TLS-intercepting proxy (a test CA the client trusts through
               ``CURL_CA_BUNDLE`` / ``REQUESTS_CA_BUNDLE``, as behind a corporate proxy) in front
               of a fake Yahoo: cookie, crumb and ``/v8/finance/chart/<T>`` for :data:`MARKET`;
               other symbols get Yahoo's 404 "No data found, symbol may be delisted"
``blackhole``  the proxy accepts the connection and never says a word
``401``        Yahoo answers the chart with HTTP 401 "Invalid Crumb" (cookie and crumb fine)
``429``        every Yahoo endpoint answers HTTP 429 "Too Many Requests"
``500``...     the chart answers that 5xx status with an HTML error page
``empty``      the chart answers 200 with a result that holds no prices
=============  ==================================================================================

A refused connection needs no server: :func:`closed_port` is a loopback port nobody listens on.
``hits`` counts requests per (host, path) so tests can see what reached "Yahoo".
"""

from __future__ import annotations

import contextlib
import json
import socket
import ssl
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from http import HTTPStatus
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import trustme

CRUMB = "fakeCrumb123"
YAHOO_HOSTS = (
    "fc.yahoo.com",
    "query1.finance.yahoo.com",
    "query2.finance.yahoo.com",
    "guce.yahoo.com",
    "consent.yahoo.com",
    "finance.yahoo.com",
)
#: Daily closes the fake Yahoo knows: symbol -> close on each business day of this range.
MARKET_DAYS = pd.bdate_range("2025-12-01", "2026-01-16")
MARKET: dict[str, float] = {"IWM": 220.0, "SPY": 690.0, "QQQ": 610.0}


def closed_port() -> int:
    """A loopback port with nothing listening (connections to it are refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _meta(symbol: str) -> dict:
    return {
        "currency": "USD",
        "symbol": symbol,
        "exchangeName": "PCX",
        "fullExchangeName": "NYSEArca",
        "instrumentType": "ETF",
        "firstTradeDate": 959003400,
        "regularMarketTime": 1768597200,
        "hasPrePostMarketData": True,
        "gmtoffset": -18000,
        "timezone": "EST",
        "exchangeTimezoneName": "America/New_York",
        "regularMarketPrice": MARKET.get(symbol, 1.0),
        "chartPreviousClose": MARKET.get(symbol, 1.0),
        "priceHint": 2,
        "dataGranularity": "1d",
        "range": "",
        "validRanges": ["1d", "5d", "1mo", "3mo", "6mo", "1y", "2y", "5y", "10y", "ytd", "max"],
    }


def chart_body(symbol: str, query: dict[str, str]) -> dict:
    """Yahoo's chart JSON for ``symbol`` between ``period1`` and ``period2`` (or ``range``)."""
    base = MARKET[symbol]
    days = MARKET_DAYS
    if "period1" in query:
        lo = pd.Timestamp(int(query["period1"]), unit="s").tz_localize(None).normalize()
        hi = pd.Timestamp(int(query.get("period2", 4102444800)), unit="s").tz_localize(None)
        days = days[(days >= lo) & (days < hi)]
    elif query.get("range") == "1d":
        days = days[-1:]
    elif query.get("range") == "5d":
        days = days[-5:]
    stamps = [int((d + pd.Timedelta(hours=14, minutes=30)).timestamp()) for d in days]
    closes = [base + i for i in range(len(days))]
    quote = {
        "open": [c - 0.5 for c in closes],
        "high": [c + 1.0 for c in closes],
        "low": [c - 1.0 for c in closes],
        "close": closes,
        "volume": [1_000_000] * len(days),
    }
    result = {
        "meta": _meta(symbol),
        "indicators": {"quote": [quote], "adjclose": [{"adjclose": closes}]},
    }
    if stamps:
        result["timestamp"] = stamps
    return {"chart": {"result": [result], "error": None}}


class YahooProxy:
    """The proxy and the fake Yahoo behind it. Set ``mode`` at any time."""

    def __init__(self, workdir: Path, mode: str = "ok") -> None:
        self.mode = mode
        self.hits: Counter[tuple[str, str]] = Counter()
        self.ca = trustme.CA()
        self.ca_file = workdir / "test-ca.pem"
        self.ca.cert_pem.write_to_path(str(self.ca_file))
        self._tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self._tls.set_alpn_protocols(["http/1.1"])
        self.ca.issue_cert(*YAHOO_HOSTS, "*.yahoo.com").configure_cert(self._tls)
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.2)
        self._stop = threading.Event()
        self._open: list[socket.socket] = []
        self._thread = threading.Thread(target=self._accept, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._listener.getsockname()[:2]
        return f"http://{host}:{port}"

    def start(self) -> YahooProxy:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        for sock in self._open:
            with contextlib.suppress(OSError):
                sock.close()
        self._listener.close()

    # --- the proxy ---------------------------------------------------------------------------

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self._open.append(conn)
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        if self.mode == "blackhole":
            self._stop.wait()  # accept, read nothing, answer nothing
            return
        try:
            conn.settimeout(10)
            head = _read_head(conn)
            if not head.startswith("CONNECT "):
                conn.sendall(b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n")
                return
            host = head.split()[1].rsplit(":", 1)[0]
            conn.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
            tls = self._tls.wrap_socket(conn, server_side=True)
            while not self._stop.is_set():
                request = _read_head(tls)
                if not request:
                    return
                self._answer(tls, host, request)
        except (OSError, ssl.SSLError, ValueError):
            return

    # --- the fake Yahoo ----------------------------------------------------------------------

    def _answer(self, tls: ssl.SSLSocket, host: str, request: str) -> None:
        line, *header_lines = request.split("\r\n")
        headers = {
            k.strip().lower(): v.strip() for k, _, v in (h.partition(":") for h in header_lines)
        }
        length = int(headers.get("content-length", "0") or 0)
        if length:
            _read_exact(tls, length)
        target = urlsplit(line.split()[1])
        path, query = target.path, {k: v[0] for k, v in parse_qs(target.query).items()}
        self.hits[(host, path)] += 1
        status, ctype, body, extra = self.route(host, path, query)
        head = [
            f"HTTP/1.1 {status} {HTTPStatus(status).phrase}",
            f"Content-Type: {ctype}",
            f"Content-Length: {len(body)}",
        ]
        tls.sendall(("\r\n".join(head + extra) + "\r\n\r\n").encode() + body)

    def route(self, host: str, path: str, query: dict[str, str]):
        """(status, content type, body, extra header lines) for one request."""
        if self.mode == "429":
            return 429, "text/plain", b"Too Many Requests\r\n", []
        if host == "fc.yahoo.com":
            expires = (datetime.now(UTC) + timedelta(days=365)).strftime(
                "%a, %d %b %Y %H:%M:%S GMT"
            )
            cookie = f"Set-Cookie: A3=d=fake&S=x; Expires={expires}; Path=/; Domain=.yahoo.com"
            return 404, "text/html", b"<html>not found</html>", [cookie]
        if path.endswith("/getcrumb"):
            return 200, "text/plain", CRUMB.encode(), []
        if path.startswith("/v8/finance/chart/"):
            return self._chart(path.rsplit("/", 1)[-1], query)
        return (
            404,
            "application/json",
            b'{"quoteSummary":{"result":null,"error":{"code":"Not Found"}}}',
            [],
        )

    def _chart(self, symbol: str, query: dict[str, str]):
        if self.mode == "401":
            body = {
                "finance": {
                    "result": None,
                    "error": {"code": "Unauthorized", "description": "Invalid Crumb"},
                }
            }
            return 401, "application/json", json.dumps(body).encode(), []
        if self.mode.isdigit() and self.mode.startswith("5"):
            page = b"<html><body>Will be right back... Thank you for your patience.</body></html>"
            return int(self.mode), "text/html", page, []
        if symbol not in MARKET:
            body = {
                "chart": {
                    "result": None,
                    "error": {
                        "code": "Not Found",
                        "description": "No data found, symbol may be delisted",
                    },
                }
            }
            return 404, "application/json", json.dumps(body).encode(), []
        if self.mode == "empty":
            empty = {
                "chart": {
                    "result": [
                        {"meta": _meta(symbol), "indicators": {"quote": [{}], "adjclose": [{}]}}
                    ],
                    "error": None,
                }
            }
            return 200, "application/json", json.dumps(empty).encode(), []
        return 200, "application/json", json.dumps(chart_body(symbol, query)).encode(), []


def _read_head(sock: socket.socket) -> str:
    """Bytes up to the blank line ending an HTTP head ('' when the peer closed)."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(4096)
        if not chunk:
            return ""
        data += chunk
        if len(data) > 65536:
            raise ValueError("header too long")
    return data.split(b"\r\n\r\n", 1)[0].decode("latin-1")


def _read_exact(sock: socket.socket, n: int) -> bytes:
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            break
        data += chunk
    return data


# --- pointing the real libraries at it ----------------------------------------------------------
def route_through(monkeypatch, proxy_url: str, ca_file: Path | None = None) -> None:
    """Send every HTTPS request of this process through ``proxy_url`` (curl and requests both
    read these variables), trusting ``ca_file`` when given; plain-HTTP loopback fakes (FRED,
    OFR) stay direct. The shared Yahoo session is rebuilt, as it reads them when created."""
    from dashboard.data.sources import yahoo

    for name in ("https_proxy", "HTTPS_PROXY"):
        monkeypatch.setenv(name, proxy_url)
    for name in ("http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY", "no_proxy", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
    if ca_file is not None:
        for name in ("CURL_CA_BUNDLE", "REQUESTS_CA_BUNDLE"):
            monkeypatch.setenv(name, str(ca_file))
    yahoo.reset_sessions()


def fresh_yfinance(cache_dir: Path) -> None:
    """yfinance as a new process would find it: its timezone and cookie caches in
    ``cache_dir`` (empty: cold; reused: warm), no cookie or crumb in memory, nothing in its
    in-process response cache."""
    import yfinance as yf

    yf.set_tz_cache_location(str(cache_dir))
    # set_tz_cache_location only moves databases not opened yet: drop the opened ones too
    yf.cache._TzCacheManager._tz_cache = None
    yf.cache._CookieCacheManager._Cookie_cache = None
    yf.cache._ISINCacheManager._isin_cache = None
    data = yf.data.YfData()
    data._cookie, data._crumb, data._cookie_strategy = None, None, "basic"
    yf.data.YfData.cache_get.cache_clear()


@contextmanager
def black_holed(workdir: Path, monkeypatch, timeout: float) -> Iterator[YahooProxy]:
    """Offline as a broken network is: every HTTPS connection of the process goes to a proxy
    that accepts it and never answers; yfinance starts cold in ``workdir``; the providers'
    back-offs are reset before and after."""
    import yfinance as yf

    from dashboard.data.load import BACKOFF

    proxy = YahooProxy(workdir, mode="blackhole").start()
    before = yf.cache._TzDBManager.get_location()
    fresh_yfinance(workdir / "yfinance")
    route_through(monkeypatch, proxy.url)
    monkeypatch.setenv("ROTATION_HTTP_TIMEOUT", str(timeout))
    BACKOFF.reset()
    try:
        yield proxy
    finally:
        BACKOFF.reset()
        proxy.stop()
        fresh_yfinance(Path(before))


@contextmanager
def refused(workdir: Path, monkeypatch, timeout: float = 3.0) -> Iterator[None]:
    """Offline as a laptop without network is: every connection of the process is refused (a
    loopback port nobody listens on); yfinance starts cold in ``workdir``; the providers'
    back-offs are reset before and after."""
    import yfinance as yf

    from dashboard.data.load import BACKOFF

    before = yf.cache._TzDBManager.get_location()
    fresh_yfinance(workdir / "yfinance")
    route_through(monkeypatch, f"http://127.0.0.1:{closed_port()}")
    monkeypatch.setenv("ROTATION_HTTP_TIMEOUT", str(timeout))
    BACKOFF.reset()
    try:
        yield
    finally:
        BACKOFF.reset()
        fresh_yfinance(Path(before))
