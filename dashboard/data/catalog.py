"""The one list of series the dashboard knows about.

Adding a ticker or a FRED series is one line in ``CATALOG``. Any Yahoo symbol a user types that
is not listed here still works: :func:`get` builds an ad-hoc Yahoo entry for it.

Frequencies
-----------
``B``  exchange sessions (NYSE calendar)      ``D``  every calendar day (crypto, 7-day)
``BD`` business days (FRED daily series)      ``W``  weekly
``M``  monthly                                ``Q``  quarterly

Release rules (point in time)
-----------------------------
A value dated ``t`` is not known at ``t`` for macro series: the Philadelphia Fed survey for
January is published on the third Thursday of January, initial claims for the week ending on a
Saturday are published the following Thursday, GDP weeks after the quarter ends. Each entry
carries a ``release`` rule (see :mod:`dashboard.data.release`) so as-of queries only see what
was published by then.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

Frequency = Literal["B", "D", "BD", "W", "M", "Q"]
Provider = Literal["yahoo", "fred", "ofr", "user"]

#: A Yahoo symbol: letters, digits and the punctuation Yahoo uses (^RUT, BTC-USD, HG=F, BRK.B).
TICKER_PATTERN = re.compile(r"^\^?[A-Z0-9][A-Z0-9.\-=]{0,14}$")


@dataclass(frozen=True, slots=True)
class SeriesSpec:
    """What one series is and where it comes from."""

    id: str  #: canonical id: the Yahoo ticker or FRED series id (also the CSV file name)
    label: str
    kind: Literal["price", "index", "macro", "liquidity", "rate", "fx", "commodity"]
    provider: Provider  #: the live source; "user" = only a file the user supplies (or demo)
    symbol: str  #: the provider's symbol for it
    frequency: Frequency
    units: str
    #: where the series' history starts at its provider: the first date to request, and rows
    #: before it in a data-folder file are dropped (a backfill from another feed)
    start: date
    release: str = "close"  #: release rule name, see dashboard.data.release
    csv_aliases: tuple[str, ...] = ()  #: other file names accepted by the csvdir source
    group: str = ""  #: which thesis leg it belongs to (for the status panel)
    note: str = ""
    tags: frozenset[str] = field(default_factory=frozenset)

    @property
    def is_market(self) -> bool:
        return self.frequency in ("B", "D")


def _y(id_, label, kind, start, units="USD", frequency="B", group="markets", **kw) -> SeriesSpec:
    return SeriesSpec(
        id=id_,
        label=label,
        kind=kind,
        provider="yahoo",
        symbol=id_,
        frequency=frequency,
        units=units,
        start=date.fromisoformat(start),
        group=group,
        **kw,
    )


def _f(id_, label, kind, frequency, units, start, release, group, **kw) -> SeriesSpec:
    return SeriesSpec(
        id=id_,
        label=label,
        kind=kind,
        provider="fred",
        symbol=id_,
        frequency=frequency,
        units=units,
        start=date.fromisoformat(start),
        release=release,
        group=group,
        **kw,
    )


CATALOG: tuple[SeriesSpec, ...] = (
    # --- markets (Yahoo, raw closes) -------------------------------------------------------
    _y("IWM", "iShares Russell 2000 ETF", "price", "2000-05-26", group="small caps"),
    _y("SPY", "SPDR S&P 500 ETF", "price", "1993-01-29", group="small caps"),
    _y("QQQ", "Invesco QQQ (Nasdaq-100) ETF", "price", "1999-03-10", group="small caps"),
    _y(
        "^RUT",
        "Russell 2000 index",
        "index",
        "1987-09-10",
        units="index points",
        group="small caps",
    ),
    _y("^GSPC", "S&P 500 index", "index", "1985-01-02", units="index points", group="small caps"),
    _y("^NDX", "Nasdaq-100 index", "index", "1985-10-01", units="index points", group="small caps"),
    _y("ARKK", "ARK Innovation ETF (high growth)", "price", "2014-10-31", group="cross-asset"),
    _y("XBI", "SPDR S&P Biotech ETF", "price", "2006-02-06", group="cross-asset"),
    _y("BTC-USD", "Bitcoin (USD)", "price", "2014-09-17", frequency="D", group="cross-asset"),
    _y("GLD", "SPDR Gold Shares", "price", "2004-11-18", group="cross-asset"),
    _y("SLV", "iShares Silver Trust", "price", "2006-04-28", group="cross-asset"),
    _y("HG=F", "Copper futures (COMEX)", "commodity", "2000-08-30", units="USD/lb", group="global"),
    # --- macro surprises (FRED) ---------------------------------------------------------------
    _f(
        "GACDFSA066MSFRBPHI",
        "Philadelphia Fed manufacturing: current general activity",
        "macro",
        "M",
        "diffusion index",
        "1968-05-01",
        "third_thursday",
        "macro",
    ),
    _f(
        "GACDISA066MSFRBNY",
        "NY Fed Empire State manufacturing: current general business conditions",
        "macro",
        "M",
        "diffusion index",
        "2001-07-01",
        "mid_month",
        "macro",
    ),
    _f(
        "ICSA",
        "Initial jobless claims (SA)",
        "macro",
        "W",
        "claims",
        "1967-01-07",
        "weekly_thursday",
        "macro",
    ),
    # --- liquidity ----------------------------------------------------------------------------
    _f(
        "WRMFNS",
        "Retail money market funds (H.6, weekly)",
        "liquidity",
        "W",
        "USD bn",
        "1980-02-04",
        "h6_weekly",
        "liquidity",
        note="Retail share classes only: a high-frequency proxy, not the total.",
    ),
    _f(
        "MMMFFAQ027S",
        "Money market funds: total financial assets (Z.1, quarterly)",
        "liquidity",
        "Q",
        "USD mn",
        "1974-10-01",
        "z1_quarterly",
        "liquidity",
    ),
    SeriesSpec(
        id="MMF_TOTAL",
        label="Money market funds: total assets (ICI weekly, user file)",
        kind="liquidity",
        provider="user",
        symbol="MMF_TOTAL",
        frequency="W",
        units="USD bn",
        start=date(2007, 1, 3),
        release="weekly_thursday_from_wednesday",
        group="liquidity",
        note="ICI publishes weekly totals; drop MMF_TOTAL.csv (date, total assets; $ billions, "
        "or ICI's own $ millions, converted) into the data folder to use them.",
    ),
    SeriesSpec(
        id="MMF-MMF_TOT-M",
        label="Money market funds: total assets (OFR, monthly, SEC form N-MFP)",
        kind="liquidity",
        provider="ofr",
        symbol="MMF-MMF_TOT-M",
        frequency="M",
        units="USD bn",
        start=date(2010, 10, 1),
        # N-MFP is due 5 business days after the month; the OFR posts its aggregate later still.
        # 45 days after the month ends is later than it usually appears: never early in a replay.
        release="lag_45d",
        group="liquidity",
        note="The keyless monthly total from the OFR Short-term Funding Monitor (USD, converted "
        "to $ billions): the best total after a user's weekly MMF_TOTAL file.",
    ),
    # --- global green shoots ---------------------------------------------------------------
    _f(
        "CLVMNACSCAB1GQDE",
        "Germany real GDP (chain-linked, SA)",
        "macro",
        "Q",
        "EUR mn (chained)",
        "1991-01-01",
        "lag_45d",
        "global",
    ),
    _f(
        "NGDPRSAXDCGBQ",
        "UK real GDP (SA)",
        "macro",
        "Q",
        "GBP mn (chained)",
        "1955-01-01",
        "lag_45d",
        "global",
        csv_aliases=("CLVMNACSCAB1GQUK",),
    ),
    _f(
        "PCOPPUSDM",
        "Global copper price (IMF, monthly)",
        "commodity",
        "M",
        "USD/t",
        "1990-01-01",
        "lag_40d",
        "global",
    ),
    _f(
        "DTWEXBGS",
        "Nominal broad US dollar index",
        "fx",
        "BD",
        "index (Jan 2006=100)",
        "2006-01-02",
        "lag_7d",
        "global",
    ),
    _f(
        "DFII10",
        "10-year TIPS real yield",
        "rate",
        "BD",
        "%",
        "2003-01-02",
        "next_day",
        "global",
    ),
)

BY_ID: dict[str, SeriesSpec] = {s.id: s for s in CATALOG}

#: How old (calendar days before the as-of date, or today) the newest observation of a series
#: may be before it is stale: its publication lag plus a few missed releases of its frequency.
#: The scorecard (a signal's data) and ``rotation doctor`` (each series) use the same limits.
MAX_AGE_DAYS: dict[str, int] = {"B": 10, "D": 10, "BD": 10, "W": 35, "M": 110, "Q": 300}

#: Tickers offered in the sidebar by default.
DEFAULT_TICKERS: tuple[str, ...] = ("IWM", "SPY", "QQQ", "ARKK", "BTC-USD", "GLD")
#: Benchmarks a user can pick in the sidebar.
BENCHMARKS: tuple[str, ...] = ("SPY", "^GSPC", "QQQ", "^NDX", "IWM", "^RUT")
DEFAULT_BENCHMARK = "SPY"
#: Every Yahoo entry in the catalog, offered in the ticker multiselect.
YAHOO_TICKERS: tuple[str, ...] = tuple(s.id for s in CATALOG if s.provider == "yahoo")


def is_valid_ticker(symbol: str) -> bool:
    """True when ``symbol`` looks like a Yahoo symbol (already upper-cased)."""
    return bool(TICKER_PATTERN.fullmatch(symbol))


def normalize_ticker(raw: object) -> str | None:
    """Upper-case and strip a user-typed symbol; None when it cannot be a Yahoo symbol."""
    if not isinstance(raw, str):
        return None
    symbol = raw.strip().upper()
    return symbol if is_valid_ticker(symbol) else None


def get(series_id: str) -> SeriesSpec:
    """The catalog entry for ``series_id``, or an ad-hoc Yahoo entry for a valid symbol.

    Raises ``KeyError`` for ids that are neither in the catalog nor a valid Yahoo symbol.
    """
    spec = BY_ID.get(series_id)
    if spec is not None:
        return spec
    symbol = normalize_ticker(series_id)
    if symbol is None or symbol != series_id:
        raise KeyError(series_id)
    crypto = symbol.endswith("-USD")
    return SeriesSpec(
        id=symbol,
        label=symbol,
        kind="price",
        provider="yahoo",
        symbol=symbol,
        frequency="D" if crypto else "B",
        units="USD" if crypto else "quote currency",
        start=date(1985, 1, 1),
        group="user",
        note="Not in the catalog: a symbol typed by a user.",
    )


def is_known(series_id: str) -> bool:
    return series_id in BY_ID
