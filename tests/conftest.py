"""Test isolation: no internet (pytest-socket allows loopback only), a private cache per test,
demo data unless a test chooses otherwise, and the real-data folder when it exists."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# Timing is the benchmark's job: a busy 2-core CI machine must not fail a property on its clock.
settings.register_profile("rotation", deadline=None)
settings.load_profile("rotation")

ROOT = Path(__file__).resolve().parents[1]
MARKET_DATA = Path(os.environ.get("ROTATION_MARKET_DATA", ROOT.parent / "shared" / "market-data"))


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path, monkeypatch):
    """Every test gets its own cache dir and, by default, the offline demo source only."""
    monkeypatch.setenv("ROTATION_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("ROTATION_SOURCES", "demo")
    for name in (
        "ROTATION_DATA_DIR",
        "FRED_API_KEY",
        "ROTATION_HTTP_TIMEOUT",
        "ROTATION_READ_ONLY",
        "ROTATION_REFRESH_EVERY",
    ):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def market_data() -> Path:
    """The folder of real public histories; tests using it skip when it is absent."""
    if not MARKET_DATA.is_dir():
        pytest.skip(f"real market data folder not found: {MARKET_DATA}")
    return MARKET_DATA
