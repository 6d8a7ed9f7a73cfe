"""How a scorecard value reads on a card (``views.format.short_value``): its unit's decimals,
and never a non-zero value shown as zero."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard.views import format as fmt


def short(value: float, unit: str) -> str:
    return fmt.short_value(SimpleNamespace(value=value, unit=unit))


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (14.2, "index points", "+14.2 pts"),
        (26.3, "thousand claims", "+26.3k"),
        (0.17, "sd", "+0.17 sd"),
        (-0.41, "%", "-0.41%"),
        (-0.05, "pp", "-0.05 pp"),  # a yield change at its quoted precision (was "-0.1 pp")
        (0.04, "pp", "+0.04 pp"),  # was "+0.0 pp"
        (-0.004, "%", "-0.004%"),  # was "-0.00%"
        (0.0, "pp", "+0.00 pp"),
        (10, "sessions", "10 sessions"),
        (None, "%", "n/a"),
    ],
)
def test_card_values(value, unit, expected):
    assert short(value, unit) == expected


@given(
    value=st.floats(min_value=-1e6, max_value=1e6, allow_nan=False).filter(lambda v: v != 0),
    unit=st.sampled_from(sorted(fmt.SHORT_UNITS)),
)
def test_a_non_zero_value_never_reads_as_zero_and_keeps_its_sign(value, unit):
    text = short(value, unit)
    number = float(re.match(r"[+-][0-9.]+", text).group())
    assert number != 0
    assert (number > 0) == (value > 0)
