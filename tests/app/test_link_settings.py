"""The whole view in the link (issue 17): every page's own parameters (its selectors, settings
and tabs, ``LINK_PARAMS`` of its view) are read from a link, and a bad value is dropped with a
notice, as the shared parameters are. Generic over ``dashboard.views.links``, so a new setting
is covered without editing this file."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from dashboard.state import LinkParam
from dashboard.views import links
from tests.app.helpers import assert_clean, run_app
from tests.views import ROOT

CASES = [(page, spec) for page, specs in links.PAGE_PARAMS.items() for spec in specs]
IDS = [f"{page}-{spec.name}" for page, spec in CASES]


def other_value(spec: LinkParam, default: object) -> tuple[object, str | list[str]]:
    """A valid value for ``spec`` other than ``default``, and how a link writes it."""
    if spec.kind == "bool":
        return (not default), str(not default).lower()
    if spec.kind == "int":
        value = spec.hi if default != spec.hi else spec.lo
        return value, str(value)
    if spec.kind == "float":
        value = float(spec.hi) if default != spec.hi else float(spec.lo)
        return value, f"{value:g}"
    if spec.kind == "date":
        value = date(2021, 6, 30) if default != date(2021, 6, 30) else date(2020, 1, 2)
        return value, value.isoformat()
    if spec.kind == "symbols":
        value = [spec.options[-1], spec.options[0]]
        return value, value
    value = next(o for o in reversed(spec.options) if o != default)
    return value, value


def bad_value(spec: LinkParam) -> str:
    return {
        "bool": "maybe",
        "int": str(int(spec.hi or 0) + 1),
        "float": "inf",
        "date": (date.today() + timedelta(days=400)).isoformat(),
        "choice": "<b>nope</b>",
        "symbol": "BANANA",
        "symbols": "BANANA",
    }[spec.kind]


@pytest.mark.parametrize(("page", "spec"), CASES, ids=IDS)
def test_a_link_sets_every_page_parameter(page, spec):
    default = run_app(page=page).session_state[spec.name]
    value, written = other_value(spec, default)
    at = run_app({spec.name: written}, page=page)
    assert_clean(at)
    assert at.session_state[spec.name] == value
    assert not any(spec.name in w.value for w in at.warning)


@pytest.mark.parametrize(("page", "spec"), CASES, ids=IDS)
def test_a_bad_page_parameter_is_dropped_with_a_notice(page, spec):
    default = run_app(page=page).session_state[spec.name]
    at = run_app({spec.name: bad_value(spec)}, page=page)
    assert_clean(at)
    assert any(f"Ignored {spec.name}=" in w.value for w in at.warning), [
        w.value for w in at.warning
    ]
    assert at.session_state[spec.name] == default


def test_every_page_parameter_is_in_the_readmes_url_table():
    scheme = (ROOT / "README.md").read_text(encoding="utf-8").split("## The URL scheme")[1]
    scheme = scheme.split("\n## ")[0]
    missing = [spec.name for _, spec in CASES if f"`{spec.name}`" not in scheme]
    assert not missing, missing
