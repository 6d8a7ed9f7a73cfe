"""Colours every chart shares: one colour per ticker, the status colours, the roles.

A ticker's colour depends on its symbol only, never on which other series share the chart, so
GLD is the same gold in every chart of every view. Symbols the views show by default have a
fixed colour chosen for what they are (gold for GLD, bitcoin orange for BTC-USD); any other
symbol (a ticker a user adds) gets a hue derived from a hash of its symbol, so it is stable
across reruns, sessions and machines.

Ticker colours stay clear of the status colours (green = better / confirming, red = worse /
contradicting, grey = neutral), so a line never reads as a verdict. Every colour here has a
relative luminance between :data:`MIN_LUMINANCE` and :data:`MAX_LUMINANCE`, which gives it a
contrast of at least 3:1 (WCAG's threshold for graphics) on a white page and on Streamlit's
dark background alike: charts follow the app's light or dark theme without a second palette.
"""

from __future__ import annotations

import colorsys
import hashlib
import re

#: Streamlit's page backgrounds in the light and the dark theme.
LIGHT_BACKGROUND = "#ffffff"
DARK_BACKGROUND = "#171614"
#: Luminance bounds that keep 3:1 contrast against both backgrounds.
MIN_LUMINANCE = 0.12
MAX_LUMINANCE = 0.30

POSITIVE = "#16a34a"  #: better than expected, inflows, confirming
NEGATIVE = "#dc2626"  #: worse than expected, outflows, drawdown
NEUTRAL = "#94a3b8"  #: reference lines, no verdict (a light slate: for guides, not data)
SHADE = "rgba(59,130,246,0.15)"

#: Colours for roles that are not tickers (a moving average, a horizon, a contribution).
PALETTE = (
    "#3b82f6",  # blue
    "#d97706",  # amber
    "#8b5cf6",  # violet
    "#0891b2",  # cyan
    "#db2777",  # pink
    "#6366f1",  # indigo
    "#c026d3",  # fuchsia
    "#ea580c",  # orange
    "#a16207",  # ochre
    "#2563eb",  # deep blue
)

#: The symbols the views show by default, each with a colour that says what it is.
TICKER_COLORS: dict[str, str] = {
    "IWM": "#3b82f6",  # small caps: blue
    "^RUT": "#6366f1",  # the Russell 2000 index: indigo (IWM's family, told apart)
    "SPY": "#0891b2",  # the market: cyan
    "^GSPC": "#0e7490",  # the S&P 500 index: deep cyan
    "QQQ": "#c026d3",  # Nasdaq-100: fuchsia
    "^NDX": "#d946ef",  # the Nasdaq-100 index: light fuchsia
    "ARKK": "#8b5cf6",  # high growth: violet
    "XBI": "#db2777",  # biotech: pink
    "BTC-USD": "#ea580c",  # bitcoin orange
    "ETH-USD": "#7c3aed",  # ether purple
    "GLD": "#b8860b",  # gold
    "SLV": "#64748b",  # silver (a slate darker than the neutral grey)
    "HG=F": "#b45309",  # copper
    "PCOPPUSDM": "#0284c7",  # the IMF's monthly copper price: apart from the futures' copper
    "DIA": "#2563eb",  # the Dow: deep blue
    "TLT": "#9333ea",  # long Treasuries: purple
}

#: Hue bands (degrees) a hashed ticker colour may take: red (status: worse) and green
#: (status: better) are left out.
_HUE_BANDS = ((25.0, 75.0), (185.0, 330.0))


def ticker_color(symbol: str) -> str:
    """The colour of ``symbol`` on every chart: fixed for the default symbols, else a hue
    from a hash of the symbol (stable everywhere), at a luminance that reads on both themes."""
    fixed = TICKER_COLORS.get(symbol)
    if fixed is not None:
        return fixed
    digest = int.from_bytes(hashlib.sha256(symbol.encode("utf-8")).digest()[:4], "big")
    widths = [hi - lo for lo, hi in _HUE_BANDS]
    position = (digest / 2**32) * sum(widths)
    for (lo, _), width in zip(_HUE_BANDS, widths, strict=True):
        if position < width:
            hue = lo + position
            break
        position -= width
    return _at_luminance(hue / 360.0, saturation=0.75, target=0.2)


def ticker_colors(symbols) -> dict[str, str]:
    """``{symbol: colour}`` for several symbols (a chart's columns)."""
    return {str(s): ticker_color(str(s)) for s in symbols}


def role_color(index: int) -> str:
    """The ``index``-th role colour (moving averages, horizons, contributions)."""
    return PALETTE[index % len(PALETTE)]


def _at_luminance(hue: float, saturation: float, target: float) -> str:
    """The colour of ``hue`` and ``saturation`` whose relative luminance is ``target``
    (bisection on HLS lightness; luminance grows with lightness)."""
    lo, hi = 0.0, 1.0
    for _ in range(30):
        mid = (lo + hi) / 2
        if luminance(_hex(colorsys.hls_to_rgb(hue, mid, saturation))) < target:
            lo = mid
        else:
            hi = mid
    return _hex(colorsys.hls_to_rgb(hue, (lo + hi) / 2, saturation))


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(max(0.0, min(1.0, c)) * 255):02x}" for c in rgb)


_RGB = re.compile(r"rgba?\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*(?:,\s*([\d.]+)\s*)?\)")


def parse(color: str) -> tuple[tuple[float, float, float], float] | None:
    """``((r, g, b) in 0..1, alpha)`` of a ``#rgb``, ``#rrggbb``, ``rgb()`` or ``rgba()``
    colour; None for anything else (named colours, colour scales)."""
    text = color.strip().lower()
    if re.fullmatch(r"#[0-9a-f]{3}", text):
        text = "#" + "".join(c * 2 for c in text[1:])
    if re.fullmatch(r"#[0-9a-f]{6}", text):
        return tuple(int(text[i : i + 2], 16) / 255 for i in (1, 3, 5)), 1.0
    match = _RGB.fullmatch(text)
    if match:
        r, g, b, a = match.groups()
        return (float(r) / 255, float(g) / 255, float(b) / 255), float(a) if a else 1.0
    return None


def luminance(color: str) -> float:
    """WCAG relative luminance of an opaque colour."""
    parsed = parse(color)
    if parsed is None:
        raise ValueError(f"not a colour: {color!r}")

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in parsed[0])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two opaque colours (1 to 21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)
