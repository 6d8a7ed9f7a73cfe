"""Test doubles shared by several test modules."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from dashboard.data.catalog import SeriesSpec
from dashboard.data.sources.base import Fetched, Health, clean_series
from dashboard.errors import SourceError


def make_series(
    name: str, start="2025-01-01", periods=30, freq="B", base=100.0, seed=0
) -> pd.Series:
    rng = np.random.default_rng(seed)
    idx = pd.date_range(start, periods=periods, freq=freq)
    values = base * np.exp(np.cumsum(rng.normal(0, 0.01, periods)))
    return clean_series(pd.Series(values, index=idx), name)


@dataclass
class FakeSource:
    """A scriptable source: serves ``data``; ``fail`` is an exception raised for the whole
    batch, ``per_series`` maps ids to per-series errors; records every call."""

    name: str
    data: dict[str, pd.Series] = field(default_factory=dict)
    fail: Exception | None = None
    per_series: dict[str, SourceError] = field(default_factory=dict)
    synthetic: bool = False
    calls: list[tuple[tuple[str, ...], date | None]] = field(default_factory=list)

    def supports(self, spec: SeriesSpec) -> bool:
        return spec.id in self.data or spec.id in self.per_series

    def fetch(self, specs: Sequence[SeriesSpec], start: date | None = None):
        self.calls.append((tuple(s.id for s in specs), start))
        if self.fail is not None:
            raise self.fail
        out = {}
        for spec in specs:
            if spec.id in self.per_series:
                out[spec.id] = self.per_series[spec.id]
                continue
            s = self.data[spec.id]
            if start is not None:
                s = s[s.index >= pd.Timestamp(start)]
            out[spec.id] = Fetched(series=s, origin=f"fake {self.name}", synthetic=self.synthetic)
        return out

    def health(self) -> Health:
        return Health(self.name, self.fail is None, "fake")


def register_series(monkeypatch, *specs: SeriesSpec) -> None:
    """Add catalog lines for the length of a test, as adding them to ``CATALOG`` would."""
    from dashboard.data import catalog

    monkeypatch.setattr(catalog, "CATALOG", (*catalog.CATALOG, *specs))
    for spec in specs:
        monkeypatch.setitem(catalog.BY_ID, spec.id, spec)
