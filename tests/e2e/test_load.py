"""Several people at once: concurrent browser sessions against one server, each walking every
view. The timed run with 10 sessions and p50/p95 is in ``make bench`` (bench/load.py)."""

from __future__ import annotations

import pytest

from bench.load import run_load
from tests.views import views

pytestmark = pytest.mark.e2e

SESSIONS = 4  # light: bounded time on a shared 2-core machine


def test_concurrent_sessions_each_walk_every_view_without_an_exception(app_server):
    result = run_load(app_server.url, sessions=SESSIONS, timeout_s=90)
    assert result.failures == []
    assert result.exceptions == []
    for view in views():
        assert len(result.times.get(view.key, [])) == SESSIONS, view.key
