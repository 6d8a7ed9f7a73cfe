"""Fixtures shared by the loader tests."""

from __future__ import annotations

import pytest

from dashboard.data.load import BACKOFF, MEMORY


@pytest.fixture
def fresh_loader():
    """No back-off and an empty loader memory cache, before and after the test."""
    BACKOFF.reset()
    MEMORY.clear()
    yield
    BACKOFF.reset()
    MEMORY.clear()
