"""The loader's memory cache: what a page's ``load_series`` of the whole catalog costs.

Three data configurations, each in a fresh cache directory and a fresh memory cache:

* demo: ``ROTATION_SOURCES=demo``;
* the real data folder with the default chain (``ROTATION_DATA_DIR`` set,
  ``csvdir,yahoo,ofr,fred,demo``), offline: every live source fails, series missing from the folder
  fall back to demo, so several answers are degraded;
* the store: ``yahoo,ofr,fred,demo`` over a parquet store filled for every network series (what
  replicas read after ``rotation refresh``), no network needed.

"cold" is the first load (files read, the store read, the offline network attempts);
"repeated" the median of further loads of the same ids, as every rerun of a page does.
"""

from __future__ import annotations

import contextlib
import logging
import os
import statistics
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

#: Environment variables the configurations set; restored afterwards.
_ENV = ("ROTATION_SOURCES", "ROTATION_DATA_DIR", "ROTATION_CACHE_DIR")


@contextlib.contextmanager
def _environment(values: dict[str, str]) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in _ENV}
    for name in _ENV:
        os.environ.pop(name, None)
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _fill_store(cache_dir: Path) -> int:
    """Every network-served catalog series into the store, fresh (demo values stand in)."""
    from dashboard.data import catalog
    from dashboard.data.load import NETWORK_SOURCES
    from dashboard.data.sources.demo import demo_series
    from dashboard.data.store import Store

    store, now, filled = Store(cache_dir), datetime.now(UTC), 0
    for spec in catalog.CATALOG:
        if spec.provider in NETWORK_SOURCES:
            store.write(
                spec.id, demo_series(spec.id), source=spec.provider, origin="bench", fetched_at=now
            )
            filled += 1
    return filled


def configurations(market_data: Path | None) -> list[tuple[str, dict[str, str], bool]]:
    """(name, environment, fill the store first) for each configuration that can run here."""
    configs = [("demo", {"ROTATION_SOURCES": "demo"}, False)]
    if market_data is not None and market_data.is_dir():
        configs.append(
            (f"real folder, default chain ({market_data.name})",
             {"ROTATION_DATA_DIR": str(market_data)}, False)
        )  # fmt: skip
    chain = "yahoo,ofr,fred,demo"
    configs.append((f"store ({chain})", {"ROTATION_SOURCES": chain}, True))
    return configs


def run(market_data: Path | None, repeats: int = 9) -> list[dict]:
    """One row per configuration: ids, cold seconds, repeated-load median seconds, statuses."""
    from dashboard.data import catalog
    from dashboard.data.load import BACKOFF, MEMORY, load_series

    ids = [spec.id for spec in catalog.CATALOG]
    rows = []
    logging.disable(logging.WARNING)  # the offline network failures are expected here
    try:
        for name, env, fill in configurations(market_data):
            with (
                tempfile.TemporaryDirectory(prefix="rr-bench-loader-") as cache,
                _environment({**env, "ROTATION_CACHE_DIR": cache}),
            ):
                if fill:
                    _fill_store(Path(cache))
                MEMORY.clear()
                BACKOFF.reset()
                start = time.perf_counter()
                loaded = load_series(ids)
                cold = time.perf_counter() - start
                times = []
                for _ in range(repeats):
                    start = time.perf_counter()
                    load_series(ids)
                    times.append(time.perf_counter() - start)
                statuses: dict[str, int] = {}
                for prov in loaded.provenance.values():
                    statuses[prov.status] = statuses.get(prov.status, 0) + 1
                rows.append(
                    {
                        "config": name,
                        "ids": len(ids),
                        "cold_s": cold,
                        "repeated_s": statistics.median(times),
                        "statuses": statuses,
                    }
                )
            MEMORY.clear()
            BACKOFF.reset()
    finally:
        logging.disable(logging.NOTSET)
    return rows
