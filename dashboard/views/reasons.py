"""Why a series is missing, or not live, in plain words and for the right symbols.

The loader records each source that failed a series as a typed
:class:`~dashboard.data.provenance.Failure` (its kind from the adapter's error class, its detail
the adapter's own message: curl codes, HTTP statuses, yfinance's wording). Pages say it the way
a user reads it, once per cause, naming every symbol it hit::

    Yahoo could not be reached for IWM, SPY and QQQ (no network).
    Yahoo does not know ZZZZ (an unknown or delisted symbol).

The technical detail stays where it helps an operator: ``rotation doctor`` and the CLI.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from dashboard.data.onboarding import KEY_REFUSAL
from dashboard.data.provenance import Failure, Provenance

SOURCE_NAMES = {
    "yahoo": "Yahoo",
    "fred": "FRED",
    "ofr": "The OFR",
    "csvdir": "The data folder",
    "demo": "The demo",
    "store": "The shared store",
}
_NO_NETWORK = re.compile(
    r"curl: \((?:5|6|7|35|56|97)\)|Could not resolve|DNSError|NameResolution|ConnectionError|"
    r"Connection refused|Failed to connect|Failed to establish|ProxyError|network down",
    re.IGNORECASE,
)
_WITHIN = re.compile(r"within (\d+(?:\.\d+)?) s")
_TIMED_OUT = re.compile(r"timed out|Timeout|curl: \(28\)", re.IGNORECASE)
_HTTP = re.compile(r"HTTP (\d{3})")
_RETRY = re.compile(r"retrying after (\d{2}:\d{2} UTC)")
_EMPTY = "empty answer"
_FILE_PREFIX = re.compile(r"^[^:]+\.csv: ")


def names(symbols: Sequence[str]) -> str:
    """``IWM``, ``IWM and SPY``, ``IWM, SPY and QQQ``."""
    symbols = list(dict.fromkeys(symbols))
    if len(symbols) <= 1:
        return "".join(symbols)
    return f"{', '.join(symbols[:-1])} and {symbols[-1]}"


def _source(name: str) -> str:
    return SOURCE_NAMES.get(name, name or "A source")


def sentence(failure: Failure) -> str:
    """The failure as a sentence with ``{symbols}`` where the symbols go (one template per
    cause, so failures with the same cause group into one sentence)."""
    src, detail = _source(failure.source), failure.detail
    retry = _RETRY.search(detail)
    later = f"; next try after {retry[1]}" if retry else ""
    if failure.kind == "rate_limited":
        return (
            f"{src} is limiting requests (rate limit) for {{symbols}}: try again in a few minutes."
        )
    if failure.kind == "not_found":
        if failure.source == "yahoo":
            return "Yahoo does not know {symbols} (an unknown or delisted symbol)."
        if failure.source in ("fred", "ofr"):
            return f"{src} has no series {{symbols}}."
        if failure.source == "demo":
            return "The demo has no history for {symbols} (it makes only the catalog's series)."
        if failure.source == "store":
            return "The shared store has no {symbols}: the refresh job has not written it."
        if failure.source == "csvdir":
            why = _FILE_PREFIX.sub("", detail)
            return f"The data folder's file for {{symbols}} could not be used ({why})."
        return f"{src} has no data for {{symbols}}."
    if failure.kind == "unreachable":
        if KEY_REFUSAL in detail:
            return "FRED refuses requests without an API key ({symbols}): set FRED_API_KEY."
        within = _WITHIN.search(detail)
        if within:
            return f"{src} did not answer for {{symbols}} within {within[1]} s{later}."
        if _HTTP.search(detail):
            code = _HTTP.search(detail)[1]
            return f"{src} answered with an error for {{symbols}} (HTTP {code}{later})."
        if _NO_NETWORK.search(detail):
            return f"{src} could not be reached for {{symbols}} (no network{later})."
        if _TIMED_OUT.search(detail):
            return f"{src} did not answer in time for {{symbols}}{later}."
        if _EMPTY in detail:
            return f"{src} answered without prices for {{symbols}} (an empty answer is never fresh data)."
        return f"{src} could not be reached for {{symbols}}{later}."
    return f"{src} failed for {{symbols}}."


def no_source(sources: Sequence[str]) -> str:
    """Why nothing was even asked for a series: no configured source handles it."""
    if not sources:
        return "No configured source serves {symbols}."
    return (
        f"No configured source serves {{symbols}} (ROTATION_SOURCES: {', '.join(sources)}; the "
        "demo makes only the catalog's series)."
    )


def explain(
    provenance: Iterable[Provenance], *, sources: Sequence[str] = (), missing_only: bool = False
) -> tuple[str, ...]:
    """One sentence per cause, each naming every symbol it hit, in order of first appearance.

    ``missing_only``: only the series no source could deliver (not those served by a fallback:
    a stored copy, a file, the demo)."""
    groups: dict[str, list[str]] = {}
    for p in provenance:
        if missing_only and p.available:
            continue
        templates = [sentence(f) for f in p.failures]
        if not p.available and not p.failures:
            templates.append(no_source(sources))
        for template in dict.fromkeys(templates):
            groups.setdefault(template, []).append(p.series_id)
    return tuple(template.format(symbols=names(ids)) for template, ids in groups.items())


def unservable(provenance: Iterable[Provenance]) -> list[str]:
    """The series no configured source can serve at all, not for a passing outage: unavailable,
    and every source asked answered that it has no such series (or none was asked)."""
    return [
        p.series_id
        for p in provenance
        if not p.available and all(f.kind == "not_found" for f in p.failures)
    ]
