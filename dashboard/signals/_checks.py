"""Input validation shared by the signal modules (the "validate" step of every indicator)."""

from __future__ import annotations

import numpy as np
import pandas as pd


def prices(values: pd.Series, name: str = "series") -> pd.Series:
    """A float series on a sorted, unique ``DatetimeIndex`` with NaN and inf dropped.

    Duplicate dates keep the last value (a revision). Raises ``TypeError`` for anything that is
    not a date-indexed Series, so a wrong call fails loudly instead of computing nonsense.
    """
    if not isinstance(values, pd.Series):
        raise TypeError(f"{name}: expected a pandas Series, got {type(values).__name__}")
    index = values.index
    if not isinstance(index, pd.DatetimeIndex):
        raise TypeError(f"{name}: expected a DatetimeIndex")
    if (
        values.dtype == "float64"
        and index.is_monotonic_increasing  # cached on the index: checked once per index
        and index.is_unique
        and np.isfinite(values.to_numpy()).all()
    ):
        # already clean (what every source delivers): what the general path returns, without
        # its copies and scans
        return values.rename(values.name)
    s = pd.to_numeric(values, errors="coerce").astype("float64")
    s = s[~s.index.duplicated(keep="last")].sort_index()
    return s[np.isfinite(s.to_numpy())].rename(values.name)


def positive_int(value: object, name: str, minimum: int = 1) -> int:
    """``value`` as an int, or ``ValueError`` when it is not an integer >= ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return int(value)
