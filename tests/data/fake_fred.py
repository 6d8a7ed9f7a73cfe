"""A real HTTP server on 127.0.0.1 that speaks just enough FRED for the adapter's tests.

It serves the XML API fredapi requests (``/fred/series/observations``, ``/fred/series``, with
FRED's XML error bodies), ALFRED's JSON (``file_type=json`` with ``realtime_start`` /
``realtime_end``: one row per observation and real-time period, paged with ``limit`` and
``offset`` like FRED) and the keyless ``/graph/fredgraph.csv``. Tests switch its ``mode`` to
make it fail the way FRED does (500, 429, a hang longer than the client's timeout, an HTML page,
``403``: fredgraph refusing requests without a key, ``redirect``: every API request first
answered with a 301 to the same URL) and read ``hits`` to see whether a request reached the
network.
"""

from __future__ import annotations

import json
from xml.sax.saxutils import quoteattr

import pandas as pd

from tests.data.loopback import LoopbackServer

API_KEY = "abcdef0123456789abcdef0123456789"
TODAY = "2026-02-01"

#: series id -> observations (date, value); "." is FRED's missing value.
OBSERVATIONS: dict[str, list[tuple[str, str]]] = {
    "ICSA": [
        ("2026-01-03", "210000"),
        ("2026-01-10", "."),
        ("2026-01-17", "198000"),
        ("2026-01-24", "205000"),
    ],
    "GACDFSA066MSFRBPHI": [("2025-11-01", "-1.7"), ("2025-12-01", "."), ("2026-01-01", "12.6")],
    "GDP": [("2025-07-01", "30485.7"), ("2025-10-01", "30901.2")],
}
#: series id -> ALFRED vintages (date, realtime_start, value), as FRED orders them.
VINTAGES: dict[str, list[tuple[str, str, str]]] = {
    "GACDFSA066MSFRBPHI": [
        ("2025-11-01", "2025-11-20", "-1.7"),
        ("2025-11-01", "2026-01-02", "-2.0"),
        ("2025-12-01", "2025-12-18", "."),
        ("2025-12-01", "2026-01-15", "-8.8"),
        ("2026-01-01", "2026-01-15", "12.6"),
    ],
}


#: ALFRED rows (date, realtime_start, realtime_end, value) for JSON requests; by default built
#: from VINTAGES (each vintage valid until the next one of the same date starts).
def alfred_rows(series_id: str) -> list[tuple[str, str, str, str]]:
    rows = VINTAGES.get(series_id, [])
    out = []
    for i, (day, start, value) in enumerate(rows):
        later = [r for d, r, _ in rows[i + 1 :] if d == day]
        end = (
            (pd.Timestamp(later[0]) - pd.Timedelta(days=1)).strftime("%Y-%m-%d")
            if later
            else "9999-12-31"
        )
        out.append((day, start, end, value))
    return out


BAD_SERIES = "Bad Request.  The series does not exist."
BAD_KEY = "Bad Request.  The value for variable api_key is not registered."


def _error_xml(code: int, message: str) -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8" ?>\n<error code="{code}" '
        f"message={quoteattr(message)}/>\n"
    ).encode()


def _observations_xml(rows: list[dict[str, str]]) -> bytes:
    head = (
        f'<?xml version="1.0" encoding="utf-8" ?>\n<observations realtime_start="{TODAY}" '
        f'realtime_end="{TODAY}" units="lin" output_type="1" file_type="xml" '
        f'order_by="observation_date" sort_order="asc" count="{len(rows)}" offset="0" '
        'limit="100000">\n'
    )
    body = "".join(
        "  <observation " + " ".join(f"{k}={quoteattr(v)}" for k, v in row.items()) + "/>\n"
        for row in rows
    )
    return (head + body + "</observations>\n").encode()


class FakeFred(LoopbackServer):
    """The server and its switches. ``mode``: ok | 500 | 429 | hang | html | 403 | redirect."""

    def __init__(self) -> None:
        super().__init__()
        self.hang_seconds = 8.0
        self.queries: list[dict[str, list[str]]] = []

    @property
    def url(self) -> str:
        return self.root

    @property
    def total_hits(self) -> int:
        return sum(self.hits.values())

    # --- routing ---------------------------------------------------------------------------

    def answer(self, path: str, query: dict[str, list[str]]) -> tuple[int, str, bytes]:
        """(status, content type, body) for one request."""
        self.hits[path] += 1
        self.queries.append(query)
        if self.mode == "403" and path == "/graph/fredgraph.csv":
            return 403, "text/html", b"<html><body><h1>Forbidden</h1></body></html>"
        if self.mode == "redirect" and path.startswith("/fred/") and "hop" not in query:
            return 301, "text/plain", b""
        if self.mode == "hang":
            self._stop.wait(self.hang_seconds)
        if self.mode == "500":
            return 500, "text/plain", b"Internal Server Error"
        if self.mode == "429":
            return 429, "text/xml", _error_xml(429, "Too Many Requests.  Exceeded Rate Limit")
        if self.mode == "html":
            return 200, "text/html; charset=UTF-8", b"<!DOCTYPE html><html><body>Oops</body></html>"
        one = {k: v[0] for k, v in query.items()}
        if path == "/graph/fredgraph.csv":
            return self._graph(one)
        if one.get("api_key") != API_KEY:
            return 400, "text/xml", _error_xml(400, BAD_KEY)
        if path == "/fred/series/observations":
            return self._observations(one)
        if path == "/fred/series":
            if one.get("series_id") not in OBSERVATIONS:
                return 400, "text/xml", _error_xml(400, BAD_SERIES)
            sid = one["series_id"]
            body = (
                f'<?xml version="1.0" encoding="utf-8" ?>\n<seriess><series id="{sid}"/></seriess>'
            )
            return 200, "text/xml", body.encode()
        return 404, "text/html", b"<html>Not Found</html>"

    def _observations(self, q: dict[str, str]) -> tuple[int, str, bytes]:
        sid = q.get("series_id", "")
        if sid not in OBSERVATIONS:
            if q.get("file_type") == "json":
                body = json.dumps({"error_code": 400, "error_message": BAD_SERIES}).encode()
                return 400, "application/json", body
            return 400, "text/xml", _error_xml(400, BAD_SERIES)
        start = q.get("observation_start", "")
        if q.get("file_type") == "json":
            return self._alfred_json(sid, q)
        if "realtime_start" in q and sid in VINTAGES:
            rows = [
                {"realtime_start": rt, "realtime_end": "9999-12-31", "date": d, "value": v}
                for d, rt, v in VINTAGES[sid]
            ]
        else:
            rows = [
                {"realtime_start": TODAY, "realtime_end": TODAY, "date": d, "value": v}
                for d, v in OBSERVATIONS[sid]
                if d >= start
            ]
        return 200, "text/xml; charset=UTF-8", _observations_xml(rows)

    def _alfred_json(self, sid: str, q: dict[str, str]) -> tuple[int, str, bytes]:
        rows = [
            {"realtime_start": rs, "realtime_end": re_, "date": d, "value": v}
            for d, rs, re_, v in alfred_rows(sid)
        ]
        limit, offset = int(q.get("limit", "100000")), int(q.get("offset", "0"))
        payload = {
            "realtime_start": q.get("realtime_start"),
            "realtime_end": q.get("realtime_end"),
            "count": len(rows),
            "offset": offset,
            "limit": limit,
            "observations": rows[offset : offset + limit],
        }
        return 200, "application/json", json.dumps(payload).encode()

    def _graph(self, q: dict[str, str]) -> tuple[int, str, bytes]:
        sid = q.get("id", "")
        if sid not in OBSERVATIONS:
            return 404, "text/html; charset=UTF-8", b"<!DOCTYPE html><html>Not found</html>"
        start = q.get("cosd", "")
        lines = [f"observation_date,{sid}"]
        lines += [f"{d},{v}" for d, v in OBSERVATIONS[sid] if d >= start]
        return 200, "text/csv", ("\n".join(lines) + "\n").encode()

    def extra_headers(self, status: int, raw_path: str) -> dict[str, str]:
        # a 301 to the same request, marked so that it is answered the second time
        return {"Location": f"{raw_path}&hop=1"} if status == 301 else {}
