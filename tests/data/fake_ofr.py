"""The OFR Short-term Funding Monitor API on 127.0.0.1, as the OFR adapter's tests need it.

``GET /v1/series/timeseries?mnemonic=MMF-MMF_TOT-M[&start_date=YYYY-MM-DD]`` answers a JSON list
of ``[date, value]`` pairs, values in US dollars, month-end dates (as the OFR publishes the
N-MFP money-fund total). ``mode`` makes it fail: ``500``, ``429``, ``hang`` (longer than the
client's timeout), ``html`` (a portal page with 200), ``garbage`` (not JSON), ``error`` (an
error object). Unknown mnemonics get 404 with an error object. ``hits`` counts requests.
"""

from __future__ import annotations

import json

from tests.data.loopback import LoopbackServer

MNEMONIC = "MMF-MMF_TOT-M"
#: Month-end totals in US dollars: 7.60T .. 7.72T, then a dip (about 7.7e12 in January 2026).
SERIES: list[list[object]] = [
    ["2025-08-31", 7.60e12],
    ["2025-09-30", 7.66e12],
    ["2025-10-31", 7.81e12],
    ["2025-11-30", 7.78e12],
    ["2025-12-31", 7.70e12],
    ["2026-01-31", None],  # the OFR leaves a month out as null before it is complete
]


class FakeOfr(LoopbackServer):
    def __init__(self) -> None:
        super().__init__()
        self.hang_seconds = 8.0
        self.queries: list[dict[str, str]] = []
        self.series = {MNEMONIC: SERIES}

    @property
    def url(self) -> str:
        return f"{self.root}/v1"

    def answer(self, path: str, raw: dict[str, list[str]]) -> tuple[int, str, bytes]:
        query = {k: v[0] for k, v in raw.items()}
        self.hits[path] += 1
        self.queries.append(query)
        if self.mode == "hang":
            self._stop.wait(self.hang_seconds)
        if self.mode == "500":
            return 500, "text/plain", b"Internal Server Error"
        if self.mode == "429":
            return 429, "text/plain", b"Too Many Requests"
        if self.mode == "html":
            return 200, "text/html", b"<!DOCTYPE html><html>Maintenance</html>"
        if self.mode == "garbage":
            return 200, "application/json", b"{not json"
        if self.mode == "error" or path != "/v1/series/timeseries":
            return 200, "application/json", b'{"error": "Invalid request"}'
        rows = self.series.get(query.get("mnemonic", ""))
        if rows is None:
            return 404, "application/json", b'{"error": "mnemonic not found"}'
        start = query.get("start_date", "")
        body = json.dumps([r for r in rows if str(r[0]) >= start]).encode()
        return 200, "application/json", body
