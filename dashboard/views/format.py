"""How numbers, dates and scorecard readings read on screen and in ``rotation signals``.

The scoring service returns numbers and statuses; the words around them are decided here, once,
for every view and the CLI.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from dashboard.signals.scorecard import Signal


def value_text(signal: Signal) -> str:
    """``+14.20 index points``, ``-0.41%``, ``10 sessions``; ``n/a`` without a value."""
    if signal.value is None:
        return "n/a"
    if signal.unit == "sessions":
        return f"{signal.value:.0f} session{'' if signal.value == 1 else 's'}"
    unit = f" {signal.unit}" if signal.unit and not signal.unit.startswith("%") else signal.unit
    return f"{signal.value:+.2f}{unit}"


def headline(signals: Sequence[Signal]) -> str:
    """ "7 of 12 confirming", saying how many of those rest on synthetic (demo) data: a demo
    reading confirms by construction and is never counted as market evidence."""
    confirming = [s for s in signals if s.status == "confirming"]
    synthetic = sum(s.synthetic for s in confirming)
    total = len(signals)
    if not synthetic:
        return f"{len(confirming)} of {total} confirming"
    if synthetic == len(confirming) and all(s.synthetic for s in signals if s.value is not None):
        return f"{len(confirming)} of {total} confirming on synthetic demo data (not market data)"
    return (
        f"{len(confirming) - synthetic} of {total} confirming on market data "
        f"(+{synthetic} on synthetic demo data)"
    )


def age_text(signal: Signal, as_of: date) -> str:
    """``data as of 2026-01-15 (1 day before)``: the newest observation a signal used."""
    if signal.as_of is None:
        return "no observation used"
    days = (as_of - signal.as_of).days
    if days <= 0:
        return f"data as of {signal.as_of:%Y-%m-%d}"
    return f"data as of {signal.as_of:%Y-%m-%d} ({days} day{'s' if days != 1 else ''} before)"


def plural(count: int, word: str) -> str:
    """``1 session``, ``10 sessions``."""
    return f"{count} {word}" + ("" if count == 1 else "s")
