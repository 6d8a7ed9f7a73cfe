"""The interface every source adapter implements, and the shape of what it returns.

A source fetches a batch of catalog entries at once (Yahoo downloads them in one request) and
answers per series: a :class:`Fetched` or the :class:`~dashboard.errors.SourceError` explaining
why that one failed. When the whole provider is down or throttling, ``fetch`` raises
``SourceUnavailable`` / ``RateLimited`` instead.

Every series a source returns is normalised by :func:`clean_series`: float values on a sorted,
unique, tz-naive ``DatetimeIndex`` named ``date``, NaNs dropped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol, runtime_checkable

import pandas as pd

from dashboard.data.catalog import SeriesSpec
from dashboard.errors import SourceError


@dataclass(frozen=True, slots=True)
class Fetched:
    """One series as a source delivered it."""

    series: pd.Series  #: float values, DatetimeIndex named "date", sorted, unique, no NaN
    origin: str  #: e.g. "yfinance", "FRED API (fredapi)", "fredgraph.csv", "/data/IWM.csv"
    notes: tuple[str, ...] = field(default_factory=tuple)  #: data-quality findings, plainly
    synthetic: bool = False
    from_http_cache: bool = False  #: served by requests-cache rather than the network
    fetched_at: datetime | None = None  #: when the data was produced (e.g. a file's mtime)


@dataclass(frozen=True, slots=True)
class Health:
    """A source's answer to ``rotation doctor``."""

    source: str
    ok: bool
    detail: str


FetchOutcome = Fetched | SourceError


@runtime_checkable
class Source(Protocol):
    name: str

    def supports(self, spec: SeriesSpec) -> bool:
        """Whether this source can in principle deliver ``spec``."""
        ...

    def fetch(
        self, specs: Sequence[SeriesSpec], start: date | None = None
    ) -> dict[str, FetchOutcome]:
        """Fetch ``specs`` (observations on or after ``start`` when given).

        Returns one outcome per requested id. Raises ``SourceUnavailable`` (or ``RateLimited``)
        when the provider as a whole cannot answer.
        """
        ...

    def health(self) -> Health:
        """Cheap reachability check for ``rotation doctor``."""
        ...


def clean_series(values: pd.Series, name: str) -> pd.Series:
    """Normalise a series: float64, tz-naive midnight ``datetime64[ns]`` index named ``date``,
    sorted, duplicate dates collapsed to the last one, NaNs dropped."""
    s = pd.Series(values, copy=True)
    idx = pd.DatetimeIndex(pd.to_datetime(s.index))
    if idx.tz is not None:
        idx = idx.tz_localize(None)
    s.index = idx.normalize().as_unit("ns")  # one resolution everywhere (pandas 3 infers "us")
    s = pd.to_numeric(s, errors="coerce").astype("float64")
    s = s[~s.index.duplicated(keep="last")].sort_index().dropna()
    s.index.name = "date"
    s.name = name
    return s
