"""Why a series is missing, in plain words: one sentence per cause, naming each symbol it hit."""

from __future__ import annotations

from dashboard.data.provenance import Failure, Provenance
from dashboard.views import reasons

OFFLINE = Failure(
    "yahoo",
    "unreachable",
    "Yahoo unreachable (network down: DNSError: Failed to perform, curl: (6) Could not "
    "resolve host: fc.yahoo.com (Domain name not found).)",
)
BACKED_OFF = Failure(
    "yahoo",
    "unreachable",
    "unreachable (Yahoo unreachable (network down: curl: (7) Failed to connect)); retrying "
    "after 19:19 UTC",
)
UNKNOWN = Failure(
    "yahoo", "not_found", "Yahoo has no data for ZZZZ: unknown symbol or delisted (HTTP 404)"
)


def series(sid: str, status: str = "synthetic", *failures: Failure) -> Provenance:
    return Provenance(
        sid, sid, "" if status == "unavailable" else "demo", "", status, failures=failures
    )


def test_one_sentence_per_cause_naming_every_symbol_it_hit():
    provenance = [
        series("IWM", "synthetic", OFFLINE),
        series("SPY", "synthetic", OFFLINE),
        series("QQQ", "synthetic", OFFLINE),
        series("ZZZZ", "unavailable", UNKNOWN),
    ]
    assert reasons.explain(provenance) == (
        "Yahoo could not be reached for IWM, SPY and QQQ (no network).",
        "Yahoo does not know ZZZZ (an unknown or delisted symbol).",
    )
    assert reasons.explain(provenance, missing_only=True) == (
        "Yahoo does not know ZZZZ (an unknown or delisted symbol).",
    )


def test_each_cause_in_plain_words():
    def say(kind: str, detail: str, source: str = "yahoo") -> str:
        return reasons.sentence(Failure(source, kind, detail)).format(symbols="SPY")

    assert say("unreachable", OFFLINE.detail) == "Yahoo could not be reached for SPY (no network)."
    assert say("unreachable", BACKED_OFF.detail) == (
        "Yahoo could not be reached for SPY (no network; next try after 19:19 UTC)."
    )
    assert say("unreachable", "Yahoo did not answer within 10 s (timed out)") == (
        "Yahoo did not answer for SPY within 10 s."
    )
    assert say(
        "unreachable", "Yahoo unreachable (Yahoo failing: HTTP 502 server error from h)"
    ) == ("Yahoo answered with an error for SPY (HTTP 502).")
    assert say("rate_limited", "Yahoo rate limit reached (HTTP 429); try again later") == (
        "Yahoo is limiting requests (rate limit) for SPY: try again in a few minutes."
    )
    assert say("not_found", "SPY.csv: no date column", "csvdir") == (
        "The data folder's file for SPY could not be used (no date column)."
    )
    assert say("not_found", "FRED has no series SPY", "fred") == "FRED has no series SPY."
    assert say(
        "not_found", "not in the shared store: the refresh job has not written it yet", "store"
    ) == ("The shared store has no SPY: the refresh job has not written it.")
    assert say("unreachable", "the shared store is unreachable (HTTP 503)", "store") == (
        "The shared store answered with an error for SPY (HTTP 503)."
    )
    for detail in (OFFLINE.detail, BACKED_OFF.detail):
        text = say("unreachable", detail)
        assert "curl" not in text and "DNSError" not in text and "fc.yahoo.com" not in text


def test_a_series_no_source_handles_says_which_sources_are_configured():
    lost = series("^VIX", "unavailable")
    assert reasons.explain([lost], sources=("csvdir", "demo")) == (
        "No configured source serves ^VIX (ROTATION_SOURCES: csvdir, demo; the demo makes only "
        "the catalog's series).",
    )


def test_only_a_definite_no_makes_a_symbol_unservable():
    """Removed from the selection only when every source asked said it has no such symbol (or
    none handles it); a passing outage keeps it."""
    provenance = [
        series("ZZZZ", "unavailable", UNKNOWN),
        series("^VIX", "unavailable"),
        series("TSM", "unavailable", OFFLINE),
        series("ETH-USD", "unavailable", UNKNOWN, OFFLINE),
        series("IWM", "synthetic", OFFLINE),
    ]
    assert reasons.unservable(provenance) == ["ZZZZ", "^VIX"]


def test_names_reads_as_a_list():
    assert reasons.names([]) == ""
    assert reasons.names(["IWM"]) == "IWM"
    assert reasons.names(["IWM", "SPY"]) == "IWM and SPY"
    assert reasons.names(["IWM", "SPY", "IWM", "QQQ"]) == "IWM, SPY and QQQ"
