"""Child processes for the concurrency tests: each opens its own store client, as a second
refresh host would (run with ``python -m tests.scale.writers <role> ...`` from the repo root)."""

from __future__ import annotations

import os
import signal
import sys

import numpy as np
import pandas as pd

from dashboard.data import store as store_module
from dashboard.data.store import ObjectStore
from dashboard.settings import store_credentials

ROWS = 40_000  #: big enough that encoding and uploading one version takes a while


def open_store(url: str) -> ObjectStore:
    return ObjectStore(url, options=store_credentials())


def constant(generation: int, rows: int = ROWS) -> pd.Series:
    """A series whose every value is ``generation``: a torn or mixed read cannot pass for it."""
    index = pd.date_range("1900-01-01", periods=rows, freq="D")
    return pd.Series(np.full(rows, float(generation)), index=index, name="IWM")


def merge_writer(url: str, worker: int, rounds: int) -> None:
    """Each round adds dates only this worker writes (worker 1: Mondays, 2: Tuesdays) to the
    same series, merged over what is stored: a lost update would lose a worker's dates."""
    store = open_store(url)
    for i in range(rounds):
        day = pd.Timestamp("2020-01-06") + pd.Timedelta(weeks=i) + pd.Timedelta(days=worker - 1)
        values = pd.Series([float(worker * 1000 + i)], index=pd.DatetimeIndex([day]), name="IWM")
        for sid in ("IWM", "SPY"):
            store.write(sid, values, source="yahoo", origin=f"worker {worker}")


def endless_writer(url: str, start: int) -> None:
    """Writes generation after generation until killed; says which one it finished."""
    store = open_store(url)
    generation = start
    while True:
        store.write("IWM", constant(generation), source="yahoo", origin="gen", merge=False)
        print(f"wrote {generation}", flush=True)
        generation += 1


def killed_before_pointer(url: str, generation: int) -> None:
    """Uploads a complete new version, then dies (SIGKILL) just before replacing the pointer."""
    real_put = store_module._s3_put

    def put_then_die_at_pointer(fs, key, data, conditions):
        if "/current/" in key:
            os.kill(os.getpid(), signal.SIGKILL)
        return real_put(fs, key, data, conditions)

    store_module._s3_put = put_then_die_at_pointer
    open_store(url).write("IWM", constant(generation), source="yahoo", origin="gen", merge=False)


if __name__ == "__main__":
    role, url, *rest = sys.argv[1:]
    {"merge": merge_writer, "endless": endless_writer, "killed": killed_before_pointer}[role](
        url, *map(int, rest)
    )
