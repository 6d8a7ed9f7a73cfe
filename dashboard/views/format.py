"""How numbers, dates and scorecard readings read on screen and in ``rotation signals``.

The scoring service returns numbers and statuses; the words around them are decided here, once,
for every view and the CLI.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from datetime import date

from dashboard.charts.base import decimals
from dashboard.signals.scorecard import Signal
from dashboard.views.model import Card

#: How each unit reads on a card, short enough to fit beside the number: suffix and decimals.
SHORT_UNITS: dict[str, tuple[str, int]] = {
    "index points": (" pts", 1),
    "thousand claims": ("k", 1),
    "sd": (" sd", 2),
    "%": ("%", 2),
    "% q/q": ("% q/q", 2),
    "pp": (" pp", 2),  # yields are quoted to 0.01: the Global card's precision
}


def value_text(signal: Signal) -> str:
    """``+14.20 index points``, ``-0.41%``, ``10 sessions``; ``n/a`` without a value (stale
    signals keep their last value)."""
    if signal.value is None:
        return "n/a"
    if signal.unit == "sessions":
        return plural(round(signal.value), "session")
    unit = f" {signal.unit}" if signal.unit and not signal.unit.startswith("%") else signal.unit
    return f"{signal.value:+.2f}{unit}"


def short_value(signal: Signal) -> str:
    """The value as a card shows it: ``+14.2 pts``, ``+26.3k``, ``10 sessions``, ``-0.41%``;
    ``n/a`` without a value. The unit in full is in the card's detail."""
    if signal.value is None:
        return "n/a"
    if signal.unit == "sessions":
        return plural(round(signal.value), "session")
    suffix, places = SHORT_UNITS.get(signal.unit, (f" {signal.unit}" if signal.unit else "", 2))
    if 0 < abs(signal.value) < 10**-places:  # keep its first digit: "+0.004%", never "+0.00%"
        places = -math.floor(math.log10(abs(signal.value)))
    return f"{signal.value:+.{places}f}{suffix}"


def _confirming(signals: Sequence[Signal]) -> tuple[int, str]:
    """How many confirm, and how to say whether they rest on synthetic (demo) data: a demo
    reading confirms by construction and is never counted as market evidence."""
    confirming = [s for s in signals if s.status == "confirming"]
    synthetic = sum(s.synthetic for s in confirming)
    if not synthetic:
        return len(confirming), ""
    if synthetic == len(confirming) and all(s.synthetic for s in signals if s.value is not None):
        return len(confirming), " on synthetic demo data (not market data)"
    return len(confirming) - synthetic, f" on market data (+{synthetic} on synthetic demo data)"


def headline(signals: Sequence[Signal]) -> str:
    """ "7 of 12 confirming" when every signal scores on current data; otherwise the count per
    status, stale and unavailable apart from the evidence ("3 confirming, 1 neutral, 7 stale
    (last readings 2026-02-23 to 2026-10-05), 1 unavailable"). Readings on synthetic demo data
    are said to be so."""
    confirming, on_what = _confirming(signals)
    counts = Counter(s.status for s in signals)
    if not counts["stale"] and not counts["unavailable"]:
        return f"{confirming} of {len(signals)} confirming{on_what}"
    parts = [f"{confirming} confirming{on_what}"]
    parts += [f"{counts[s]} {s}" for s in ("neutral", "contradicting") if counts[s]]
    stale = sorted(s.as_of for s in signals if s.stale and s.as_of is not None)
    if counts["stale"]:
        span = ""
        if stale:
            first, last = stale[0], stale[-1]
            span = (
                f" (last reading{'s' if counts['stale'] > 1 else ''} "
                + (f"{first:%Y-%m-%d}" if first == last else f"{first:%Y-%m-%d} to {last:%Y-%m-%d}")
                + ")"
            )
        parts.append(f"{counts['stale']} stale{span}")
    if counts["unavailable"]:
        parts.append(f"{counts['unavailable']} unavailable")
    return ", ".join(parts)


def age_text(signal: Signal, as_of: date) -> str:
    """``data as of 2026-01-15 (1 day before)``: the newest observation a signal used."""
    if signal.as_of is None:
        return "no observation used"
    days = (as_of - signal.as_of).days
    if days <= 0:
        return f"data as of {signal.as_of:%Y-%m-%d}"
    return f"data as of {signal.as_of:%Y-%m-%d} ({plural(days, 'day')} before)"


def data_date(signal: Signal) -> str:
    """``2026-01-15 · 1 day old``: the card's date line (the newest data the value uses, and
    how old it was on the scorecard's date)."""
    if signal.as_of is None:
        return "no data date"
    days = signal.age_days
    if days is None or days <= 0:
        return f"{signal.as_of:%Y-%m-%d}"
    return f"{signal.as_of:%Y-%m-%d} · {plural(days, 'day')} old"


def status_text(signal: Signal) -> str:
    """``confirming``; ``stale (was confirming)``."""
    if signal.stale and signal.last_status:
        return f"stale (was {signal.last_status})"
    return signal.status


def plural(count: int, word: str) -> str:
    """``1 session``, ``10 sessions``."""
    return f"{count} {word}" + ("" if count == 1 else "s")


def percent(value: float) -> str:
    """``+1.23%``, and for a tiny move as many decimals as it needs (``-0.0031%``, never
    ``-0.00%``)."""
    return f"{value:+.{decimals([value])}f}%"


def signal_card(signal: Signal) -> Card:
    """A scorecard signal as a view's metric card: the short value (greyed when it is not a
    current reading: stale or missing) over its data date; rule, detail and sources in help."""
    value = short_value(signal)
    return Card(
        signal.title,
        value if signal.scored else f":gray[{value}]",
        data_date(signal),
        help=f"{value_text(signal)} ({status_text(signal)}). {signal.rule}\n\n{signal.detail}"
        "\n\nSources: " + ("; ".join(signal.sources) or "none") + ".",
    )
