"""Every view, offline behind a proxy that black-holes every connection: it renders within the
fetch deadline (beyond its own drawing time), labelled, with no exception.

The real network layers are in play (yfinance/curl_cffi, requests + requests-cache) against the
providers' public HTTPS addresses; the proxy on 127.0.0.1 accepts each connection and answers
nothing. Each view is measured twice: on demo data (ROTATION_SOURCES=demo, no network at all:
its drawing time) and black-holed with every provider's back-off reset, so each view pays the
deadline itself.
"""

from __future__ import annotations

import time

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.data.load import BACKOFF
from dashboard.settings import get_settings
from tests.app.helpers import APP, assert_clean, texts
from tests.data.fake_yahoo import black_holed
from tests.views import views

TIMEOUT = 1.5
#: Scheduling noise on a busy 2-core machine, on top of the deadline.
SLACK_S = 2.0


def render_seconds(view_file: str) -> tuple[AppTest, float]:
    at = AppTest.from_file(APP, default_timeout=120)
    at.switch_page(view_file)
    began = time.monotonic()
    at.run()
    return at, time.monotonic() - began


@pytest.fixture
def black_hole(tmp_path, monkeypatch):
    with black_holed(tmp_path, monkeypatch, TIMEOUT) as proxy:
        yield proxy, monkeypatch


@pytest.mark.parametrize("view", views(), ids=lambda v: v.key)
def test_view_renders_within_the_deadline_offline(black_hole, view):
    proxy, monkeypatch = black_hole
    monkeypatch.setenv("ROTATION_SOURCES", "demo")
    render_seconds(view.file)  # warm: imports and the demo data, once per process
    _, drawing = render_seconds(view.file)

    monkeypatch.delenv("ROTATION_SOURCES")  # yahoo, ofr, fred, demo
    BACKOFF.reset()
    at, offline = render_seconds(view.file)
    assert_clean(at)
    deadline = get_settings().fetch_deadline
    assert offline < drawing + deadline + SLACK_S, (view.key, drawing, offline)
    page = texts(at)
    assert "Demo data" in page or "synthetic" in page.lower()  # labelled, never passed as live
    print(f"{view.key}: drawing {drawing:.2f} s, black-holed {offline:.2f} s")
    assert proxy.hits == {}
