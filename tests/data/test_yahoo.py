"""The Yahoo adapter against yfinance's real ``download`` with a fake ``Ticker`` behind it.

Only ``Ticker.history`` (one ticker's network call) is faked; the batching, the
``(Price, Ticker)`` columns, the all-NaN columns of failed tickers, the tz handling and the
error log lines are produced by the installed yfinance itself, so the adapter is tested against
the shapes it really gets.
"""

from __future__ import annotations

import logging
import sqlite3
from datetime import UTC, date, datetime

import numpy as np
import pandas as pd
import pytest
import yfinance as yf
from curl_cffi.requests.exceptions import DNSError
from yfinance import utils as yf_utils
from yfinance.exceptions import YFRateLimitError

from dashboard.data import catalog
from dashboard.data.sessions import (
    SESSION_NOTE,
    UTC_DAY_NOTE,
    drop_unsettled_bars,
    last_settled_day,
)
from dashboard.data.sources.base import Fetched, Source
from dashboard.data.sources.yahoo import (
    DOWNLOAD_ARGS,
    BoundedSession,
    YahooSource,
    close_columns,
    read_errors,
)
from dashboard.errors import RateLimited, SeriesNotFound, SourceUnavailable
from dashboard.settings import DEFAULT_HTTP_TIMEOUT

NY = "America/New_York"
IWM, SPY, BTC = catalog.get("IWM"), catalog.get("SPY"), catalog.get("BTC-USD")
#: Friday 2026-01-16, 20:00 in New York (Saturday 01:00 UTC): every bar up to the 16th is final.
AFTER_CLOSE = datetime(2026, 1, 17, 1, 0, tzinfo=UTC)
OFFLINE = (
    "Failed to perform, curl: (6) Could not resolve host: query2.finance.yahoo.com. "
    "See https://curl.se/libcurl/c/libcurl-errors.html first for more details."
)


def history_frame(days: pd.DatetimeIndex, base: float) -> pd.DataFrame:
    """What ``Ticker.history(auto_adjust=False, actions=False)`` returns for daily bars."""
    close = base + np.arange(len(days), dtype=float)
    frame = pd.DataFrame(
        {
            "Open": close - 0.5,
            "High": close + 1.0,
            "Low": close - 1.0,
            "Close": close,
            "Adj Close": close * 0.98,  # dividend-adjusted: must NOT be used
            "Volume": np.full(len(days), 1_000_000, dtype="int64"),
        },
        index=days,
    )
    frame.index.name = "Date"
    return frame


MARKET = {
    "IWM": history_frame(pd.bdate_range("2026-01-05", "2026-01-16", tz=NY), 220.0),
    "SPY": history_frame(pd.bdate_range("2026-01-05", "2026-01-16", tz=NY), 690.0),
    "BTC-USD": history_frame(pd.date_range("2026-01-05", "2026-01-16", tz="UTC"), 95_000.0),
}


class FakeTicker:
    """Stands in for ``yfinance.Ticker`` inside ``yf.download``; ``behaviour`` maps a symbol to
    how its history request goes: "ok" (default), "delisted" (unknown to Yahoo), "offline"
    (DNS failure), "ratelimit"."""

    behaviour: dict[str, str] = {}

    def __init__(self, ticker: str) -> None:
        self.ticker = ticker.upper()
        self._price_history = type("PriceHistory", (), {"_last_error": None})()

    def history(self, period=None, start=None, **kwargs) -> pd.DataFrame:
        how = self.behaviour.get(self.ticker, "ok")
        logger = logging.getLogger("yfinance")
        if how == "locked once":  # yfinance's timezone cache locked by its other threads
            self.behaviour[self.ticker] = "ok"
            raise sqlite3.OperationalError("database is locked")
        if how == "ratelimit":
            raise YFRateLimitError()
        if how == "offline":
            raise DNSError(OFFLINE)
        if how == "delisted" or self.ticker not in MARKET:
            # yfinance's soft error: logged, recorded, an empty frame returned
            logger.error(f"${self.ticker}: possibly delisted; no timezone found")
            self._price_history._last_error = "possibly delisted; no timezone found"
            return yf_utils.empty_df()
        frame = MARKET[self.ticker]
        if start is not None:
            frame = frame[frame.index >= pd.Timestamp(start).tz_localize(frame.index.tz)]
        if period == "5d":
            frame = frame.tail(5)
        if frame.empty:
            message = f"no price data found (1d {start} -> now)"
            logger.error(f"${self.ticker}: possibly delisted; {message}")
            self._price_history._last_error = f"possibly delisted; {message}"
            return yf_utils.empty_df()
        return frame.copy()


class Recorder:
    """A download function: records every call, then runs the real ``yf.download``."""

    def __init__(self) -> None:
        self.calls: list[tuple[list[str], dict]] = []

    def __call__(self, tickers, **kwargs):
        self.calls.append((list(tickers), kwargs))
        return yf.download(tickers, **kwargs)


@pytest.fixture
def download(monkeypatch) -> Recorder:
    monkeypatch.setattr("yfinance.multi.Ticker", FakeTicker)
    monkeypatch.setattr(FakeTicker, "behaviour", {})
    return Recorder()


def source(download, now: datetime = AFTER_CLOSE) -> YahooSource:
    return YahooSource(download, now=lambda: now)


def test_a_locked_timezone_cache_is_asked_again_one_ticker_at_a_time(download):
    """yfinance's SQLite timezone cache, locked by its own download threads on a busy machine,
    fails a ticker with "database is locked": a local contention, so that ticker is fetched
    again without threads, and nothing else is."""
    FakeTicker.behaviour = {"IWM": "locked once"}
    out = source(download).fetch([IWM, SPY])
    assert isinstance(out["IWM"], Fetched) and isinstance(out["SPY"], Fetched)
    assert out["IWM"].series.iloc[-1] == MARKET["IWM"]["Close"].iloc[-1]
    assert [(tickers, kwargs["threads"]) for tickers, kwargs in download.calls] == [
        (["IWM", "SPY"], True),
        (["IWM"], False),
    ]


def test_real_download_shape_is_what_the_adapter_expects(download):
    """Guards the assumptions: (Price, Ticker) columns even for one ticker, naive dates,
    all-NaN columns for a failed ticker."""
    FakeTicker.behaviour = {"XYZ": "delisted"}
    frame = download(["IWM", "XYZ"], start="2026-01-01", **DOWNLOAD_ARGS)
    assert frame.columns.names == ["Price", "Ticker"]
    assert frame.index.tz is None
    assert frame["Close"]["XYZ"].isna().all() and frame["Close"]["IWM"].notna().all()
    single = download(["IWM"], start="2026-01-01", **DOWNLOAD_ARGS)
    assert isinstance(single.columns, pd.MultiIndex)


def test_satisfies_protocol_and_supports_yahoo_specs(download):
    yahoo = source(download)
    assert isinstance(yahoo, Source) and yahoo.name == "yahoo"
    assert yahoo.supports(IWM) and yahoo.supports(catalog.get("NVDA"))
    assert not yahoo.supports(catalog.get("ICSA"))


def test_all_good_delivers_raw_closes(download):
    out = source(download).fetch([IWM, SPY, BTC])
    assert set(out) == {"IWM", "SPY", "BTC-USD"}
    iwm = out["IWM"]
    assert isinstance(iwm, Fetched) and iwm.origin == "yfinance" and iwm.notes == ()
    assert iwm.series.tolist() == MARKET["IWM"]["Close"].tolist()  # Close, not Adj Close
    assert iwm.series.index[0] == pd.Timestamp("2026-01-05")
    assert iwm.series.index.tz is None and iwm.series.index.name == "date"
    # the batch's union index (BTC trades at weekends) leaves no NaN behind
    assert len(iwm.series) == 10 and len(out["BTC-USD"].series) == 12


def test_one_download_per_fetch_with_all_tickers(download):
    source(download).fetch([IWM, SPY, BTC, catalog.get("NVDA")])
    assert len(download.calls) == 1
    tickers, kwargs = download.calls[0]
    assert tickers == ["IWM", "SPY", "BTC-USD", "NVDA"]
    assert kwargs["start"] == "1985-01-01"  # the earliest start of the batch
    assert kwargs["auto_adjust"] is False and kwargs["actions"] is False
    assert kwargs["group_by"] == "column" and kwargs["progress"] is False
    assert kwargs["threads"] is True
    # our transport: capped timeouts and a journal, never a caching session (yfinance refuses)
    assert isinstance(kwargs["session"], BoundedSession)
    assert getattr(kwargs["session"], "cache", None) is None
    assert kwargs["timeout"] == kwargs["session"].timeout_cap == DEFAULT_HTTP_TIMEOUT


def test_single_ticker(download):
    out = source(download).fetch([SPY])
    assert out["SPY"].series.iloc[-1] == MARKET["SPY"]["Close"].iloc[-1]


def test_partial_failure_names_the_failed_ticker(download):
    FakeTicker.behaviour = {"ZZZZ": "delisted"}
    out = source(download).fetch([IWM, catalog.get("ZZZZ"), SPY])
    assert isinstance(out["IWM"], Fetched) and isinstance(out["SPY"], Fetched)
    failed = out["ZZZZ"]
    assert isinstance(failed, SeriesNotFound)
    assert failed.series_id == "ZZZZ" and failed.source == "yahoo"
    assert "ZZZZ" in str(failed) and "possibly delisted; no timezone found" in str(failed)


def test_everything_unknown_is_series_not_found_per_ticker(download):
    out = source(download).fetch([catalog.get("AAAA"), catalog.get("BBBB")])
    assert all(isinstance(o, SeriesNotFound) for o in out.values())


def test_rate_limit_recorded_by_yfinance_is_rate_limited(download):
    FakeTicker.behaviour = {"SPY": "ratelimit", "IWM": "ratelimit"}
    out = source(download).fetch([IWM, SPY, BTC])
    assert isinstance(out["IWM"], RateLimited) and isinstance(out["SPY"], RateLimited)
    assert isinstance(out["BTC-USD"], Fetched)  # what did arrive is kept
    assert len(download.calls) == 1
    FakeTicker.behaviour = {"SPY": "ratelimit", "IWM": "ratelimit", "BTC-USD": "ratelimit"}
    with pytest.raises(RateLimited) as info:
        source(download).fetch([IWM, SPY, BTC])
    assert info.value.source == "yahoo"


def test_rate_limit_raised_by_download_is_rate_limited():
    def download(tickers, **kwargs):
        raise YFRateLimitError()

    with pytest.raises(RateLimited):
        YahooSource(download).fetch([IWM])


def test_offline_empty_frame_is_source_unavailable(download):
    FakeTicker.behaviour = {"IWM": "offline", "SPY": "offline"}
    with pytest.raises(SourceUnavailable, match="Could not resolve host") as info:
        source(download).fetch([IWM, SPY])
    assert not isinstance(info.value, RateLimited)
    assert "See https://" not in str(info.value)


def test_one_ticker_offline_among_good_ones_is_unavailable_for_that_one(download):
    FakeTicker.behaviour = {"SPY": "offline"}
    out = source(download).fetch([IWM, SPY])
    assert isinstance(out["IWM"], Fetched)
    assert type(out["SPY"]) is SourceUnavailable and out["SPY"].series_id == "SPY"


def test_any_other_exception_is_source_unavailable_without_traceback():
    def download(tickers, **kwargs):
        raise KeyError("chart")

    with pytest.raises(SourceUnavailable) as info:
        YahooSource(download).fetch([IWM, SPY])
    message = str(info.value)
    assert message == "yfinance failed: KeyError: 'chart'"
    assert info.value.__cause__ is None and info.value.__context__ is None


def test_unexpected_layout_is_source_unavailable():
    def download(tickers, **kwargs):
        return pd.DataFrame({"Close": [1.0]}, index=pd.to_datetime(["2026-01-02"]))

    with pytest.raises(SourceUnavailable, match="unexpected table layout"):
        YahooSource(download).fetch([IWM])


def test_none_or_columnless_frame_is_series_not_found():
    for answer in (None, pd.DataFrame()):
        out = YahooSource(lambda tickers, answer=answer, **kw: answer).fetch([IWM])
        assert isinstance(out["IWM"], SeriesNotFound)
        assert "all values missing" in str(out["IWM"])


def test_tz_aware_index_is_normalised():
    """With ignore_tz=False yfinance returns exchange-tz timestamps; we keep their local date."""
    days = pd.DatetimeIndex(["2026-01-14", "2026-01-15"]).tz_localize(NY)
    frame = pd.concat({"Close": pd.DataFrame({"IWM": [1.0, 2.0]}, index=days)}, axis=1)
    frame.columns.names = ["Price", "Ticker"]
    out = YahooSource(lambda tickers, **kw: frame, now=lambda: AFTER_CLOSE).fetch([IWM])
    idx = out["IWM"].series.index
    assert idx.tz is None and list(idx) == list(pd.to_datetime(["2026-01-14", "2026-01-15"]))


# --- today's partial bar ------------------------------------------------------------------


def et(hour: int, minute: int = 0, day: int = 16) -> datetime:
    return pd.Timestamp(2026, 1, day, hour, minute, tz=NY).to_pydatetime()


def test_intraday_bar_is_dropped_during_the_session(download):
    out = source(download, now=et(11)).fetch([IWM])
    assert out["IWM"].series.index[-1] == pd.Timestamp("2026-01-15")
    assert out["IWM"].notes == (SESSION_NOTE,)


def test_bar_is_kept_after_the_close(download):
    out = source(download, now=et(16, 1)).fetch([IWM])
    assert out["IWM"].series.index[-1] == pd.Timestamp("2026-01-16") and out["IWM"].notes == ()


def test_crypto_drops_the_current_utc_day(download):
    now = datetime(2026, 1, 16, 3, 0, tzinfo=UTC)  # still the 15th in New York
    out = source(download, now=now).fetch([BTC, IWM])
    assert out["BTC-USD"].series.index[-1] == pd.Timestamp("2026-01-15")
    assert out["BTC-USD"].notes == (UTC_DAY_NOTE,)
    # New York is on the 15th, before its session: the 16th's equity bar cannot be final
    assert out["IWM"].series.index[-1] == pd.Timestamp("2026-01-15")


def test_last_settled_day_rules():
    assert last_settled_day("B", et(15, 59)) == date(2026, 1, 15)
    assert last_settled_day("B", et(16, 0)) == date(2026, 1, 16)
    assert last_settled_day("D", datetime(2026, 1, 16, 23, 59, tzinfo=UTC)) == date(2026, 1, 15)
    assert last_settled_day("D", datetime(2026, 1, 17, 0, 0, tzinfo=UTC)) == date(2026, 1, 16)


def test_nothing_to_drop_returns_series_unchanged():
    s = pd.Series([1.0], index=pd.to_datetime(["2026-01-14"]))
    kept, notes = drop_unsettled_bars(s, "B", et(11))
    assert kept is s and notes == ()


# --- incremental fetches ------------------------------------------------------------------


def test_start_is_passed_and_applied(download):
    out = source(download).fetch([IWM, SPY], start=date(2026, 1, 14))
    assert download.calls[0][1]["start"] == "2026-01-14"
    assert out["IWM"].series.index[0] == pd.Timestamp("2026-01-14")


def test_an_empty_answer_since_start_is_a_failure_not_nothing_new(download):
    # the loader's incremental window overlaps the stored history: a healthy answer has rows
    with pytest.raises(SourceUnavailable, match="empty answer, treated as a failed fetch"):
        source(download).fetch([IWM], start=date(2026, 1, 17))


def test_unknown_symbol_with_start_is_still_not_found(download):
    out = source(download).fetch([IWM, catalog.get("ZZZZ")], start=date(2026, 1, 14))
    assert isinstance(out["ZZZZ"], SeriesNotFound)


# --- reading yfinance's error lines -------------------------------------------------------


def test_read_errors_keeps_only_our_tickers():
    lines = [
        "\n3 Failed downloads:",
        "['AAA', 'IWM']: YFTzMissingError('$%ticker%: possibly delisted; no timezone found')",
        "['OTHER']: YFRateLimitError('Too Many Requests. Rate limited. Try after a while.')",
        f"Failed to get ticker 'OTHER' reason: {OFFLINE}",
        "$BBB: possibly delisted; no price data found  (1d 2026-01-01 -> 2026-01-02)",
    ]
    errors = read_errors(lines, ["IWM", "BBB"])
    assert errors.reasons == {"IWM": "possibly delisted; no timezone found"}
    assert not errors.rate_limited and errors.network == {}


def test_read_errors_sees_network_failures_behind_soft_errors():
    lines = [
        f"Failed to get ticker 'SPY' reason: {OFFLINE}",
        "$SPY: possibly delisted; no timezone found",
        "['SPY']: possibly delisted; no timezone found",
    ]
    errors = read_errors(lines, ["SPY"])
    assert errors.reasons["SPY"] == "possibly delisted; no timezone found"
    assert "Could not resolve host" in errors.network["SPY"]


def test_close_columns_reads_price_level_by_name():
    cols = pd.MultiIndex.from_product([["IWM"], ["Close", "Open"]], names=["Ticker", "Price"])
    frame = pd.DataFrame([[1.0, 2.0]], columns=cols)
    assert close_columns(frame)["IWM"].tolist() == [1.0]


# --- health -------------------------------------------------------------------------------


def test_health_ok(download):
    health = source(download).health()
    assert health.ok and "SPY" in health.detail
    tickers, kwargs = download.calls[0]
    assert tickers == ["SPY"] and kwargs["period"] == "5d"


def test_health_reports_offline_without_raising(download):
    FakeTicker.behaviour = {"SPY": "offline"}
    health = source(download).health()
    assert not health.ok and "Could not resolve host" in health.detail


@pytest.mark.parametrize("error", [YFRateLimitError(), RuntimeError("boom")])
def test_health_never_raises(error):
    def download(tickers, **kwargs):
        raise error

    health = YahooSource(download).health()
    assert not health.ok and health.detail
