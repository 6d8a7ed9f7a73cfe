"""The cross-asset claims: small caps and crypto against gold, growth following small caps."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd

from dashboard.signals import breakout, relative
from dashboard.signals.scorecard.framework import (
    Inputs,
    Reading,
    SignalSpec,
    SignalStatus,
    classify,
    public_positions,
)

#: Sessions over which the cross-asset signals compare returns.
CROSS_ASSET_SESSIONS = 20
#: growth_vs_smallcaps: ARKK within this many pp of IWM (or ahead), and up, confirms...
GROWTH_FOLLOWS_PP = -2.0
#: ...and more than this many pp behind IWM contradicts (growth left behind).
GROWTH_LEFT_BEHIND_PP = -5.0


def _excess_reading(inputs: Inputs, a: str, b: str) -> tuple[float, float, float, pd.Timestamp]:
    """(excess pp, a's return %, b's return %, date) over CROSS_ASSET_SESSIONS common sessions."""
    n = CROSS_ASSET_SESSIONS
    frame = relative.align({a: inputs[a], b: inputs[b]}).frame
    if len(frame) <= n:
        raise ValueError(f"fewer than {n + 1} common sessions of {a} and {b}")
    ra = float(relative.period_return(frame[a], n).iloc[-1])
    rb = float(relative.period_return(frame[b], n).iloc[-1])
    return ra - rb, ra, rb, frame.index[-1]  # = relative.excess_return at the last date


def _excess_history(
    inputs: Inputs, a: str, b: str, dates: pd.DatetimeIndex
) -> list[tuple[float, float, float, pd.Timestamp] | None] | None:
    """:func:`_excess_reading` on the last common session on or before each date (None where
    there are too few sessions); None when the history cannot be read this way."""
    n = CROSS_ASSET_SESSIONS
    frame = relative.align({a: inputs[a], b: inputs[b]}).frame
    positions = public_positions(frame.index, dates)
    if positions is None:
        return None
    ra = relative.period_return(frame[a], n).to_numpy()
    rb = relative.period_return(frame[b], n).to_numpy()
    return [
        None if p < n else (float(ra[p] - rb[p]), float(ra[p]), float(rb[p]), frame.index[p])
        for p in positions
    ]


def _readings(
    legs: list[tuple[float, float, float, pd.Timestamp] | None] | None,
    status: Callable[[float, float], SignalStatus],
    size: int,
) -> list[Reading | None]:
    if legs is None:
        return [None] * size
    return [
        Reading(None, "unavailable")
        if leg is None
        else Reading(leg[0], status(leg[0], leg[1]), "", leg[3].date())
        for leg in legs
    ]


def _pair_signal(a: str, b: str, story: str) -> Callable[[Inputs], Reading]:
    def compute(inputs: Inputs) -> Reading:
        value, ra, rb, when = _excess_reading(inputs, a, b)
        detail = (
            f"{a} {ra:+.1f}% vs {b} {rb:+.1f}% over the {CROSS_ASSET_SESSIONS} common sessions "
            f"to {when:%Y-%m-%d}: {value:+.1f} pp"
            + (f" ({story})." if value > 0 else f" (not {story}).")
        )
        if a == "BTC-USD" or b == "BTC-USD":
            detail += " BTC-USD is sampled on equity sessions."
        return Reading(value, classify(value), detail, when.date())

    return compute


def _pair_history(a: str, b: str):
    def history(inputs: Inputs, released: Mapping, dates: pd.DatetimeIndex):
        return _readings(
            _excess_history(inputs, a, b, dates), lambda value, _: classify(value), len(dates)
        )

    return history


def _breakout_state(values: pd.Series, when: pd.Timestamp) -> str:
    """Where a price stands against its all-time high up to ``when``, in words."""
    s = values[values.index <= when].dropna()
    if s.empty:
        return "no data"
    state = breakout.analyse(s)
    if state.running_high_date == state.last_date:
        return "at a new all-time high"
    below = -state.drawdown_pct
    if below < 1:
        return f"within 1% of its {state.running_high_date:%Y-%m-%d} high"
    return f"{below:.0f}% below its {state.running_high_date:%Y-%m-%d} high"


def _growth_status(value: float, arkk: float) -> SignalStatus:
    if value >= GROWTH_FOLLOWS_PP and arkk > 0:
        return "confirming"
    return "contradicting" if value < GROWTH_LEFT_BEHIND_PP else "neutral"


def _growth_history(inputs: Inputs, released: Mapping, dates: pd.DatetimeIndex):
    return _readings(_excess_history(inputs, "ARKK", "IWM", dates), _growth_status, len(dates))


def _growth_vs_smallcaps(inputs: Inputs) -> Reading:
    value, arkk, iwm, when = _excess_reading(inputs, "ARKK", "IWM")
    status = _growth_status(value, arkk)
    legs = {"IWM": iwm, "ARKK": arkk}
    states = [f"IWM {_breakout_state(inputs['IWM'], when)}"]
    states.append(f"ARKK {_breakout_state(inputs['ARKK'], when)}")
    btc = inputs.series.get("BTC-USD")
    if btc is not None and not btc.empty:
        frame = relative.align({"IWM": inputs["IWM"], "BTC-USD": btc}).frame
        frame = frame[frame.index <= when]
        if len(frame) > CROSS_ASSET_SESSIONS:
            legs["BTC-USD"] = float(
                relative.period_return(frame["BTC-USD"], CROSS_ASSET_SESSIONS).iloc[-1]
            )
        states.append(f"BTC-USD {_breakout_state(btc, when)}")
    ranking = " > ".join(f"{k} {v:+.1f}%" for k, v in sorted(legs.items(), key=lambda kv: -kv[1]))
    detail = (
        f"ARKK {arkk:+.1f}% vs IWM {iwm:+.1f}% over {CROSS_ASSET_SESSIONS} sessions to "
        f"{when:%Y-%m-%d}: {value:+.1f} pp. Claimed sequence small caps -> growth -> crypto: "
        f"{'; '.join(states)}. Over {CROSS_ASSET_SESSIONS} sessions: {ranking}."
    )
    return Reading(value, status, detail, when.date())


GOLD_VS_SMALLCAPS = SignalSpec(
    id="gold_vs_smallcaps",
    short="Small caps vs gold",
    title="Small caps beating gold",
    claim="Money leaves gold for US small caps: gold and silver stall while small caps run.",
    rule="IWM's 20-session return minus GLD's, in pp: positive confirms, negative contradicts.",
    unit="pp",
    series=("IWM", "GLD"),
    compute=_pair_signal("IWM", "GLD", "small caps ahead of gold"),
    view="cross_asset",
    history=_pair_history("IWM", "GLD"),
)

CRYPTO_VS_GOLD = SignalSpec(
    id="crypto_vs_gold",
    short="Crypto vs gold",
    title="Crypto beating gold",
    claim="Liquidity flows on from small caps and growth into crypto, while gold stalls.",
    rule="BTC-USD's 20-session return minus GLD's (BTC-USD sampled on equity sessions), in "
    "pp: positive confirms, negative contradicts.",
    unit="pp",
    series=("BTC-USD", "GLD"),
    compute=_pair_signal("BTC-USD", "GLD", "crypto ahead of gold"),
    view="cross_asset",
    history=_pair_history("BTC-USD", "GLD"),
)

GROWTH_VS_SMALLCAPS = SignalSpec(
    id="growth_vs_smallcaps",
    short="ARKK after small caps",
    title="High growth following small caps",
    claim="After small caps break out, liquidity flows on into high growth (ARKK), then crypto.",
    rule="ARKK's 20-session return minus IWM's, in pp. Confirms when ARKK is up and no more "
    f"than {-GROWTH_FOLLOWS_PP:g} pp behind IWM (or ahead: growth following small caps); "
    f"contradicts when more than {-GROWTH_LEFT_BEHIND_PP:g} pp behind (growth left behind); "
    "neutral otherwise.",
    unit="pp",
    series=("ARKK", "IWM"),
    optional_series=("BTC-USD",),
    compute=_growth_vs_smallcaps,
    view="cross_asset",
    history=_growth_history,
)

CROSS_ASSET: tuple[SignalSpec, ...] = (GOLD_VS_SMALLCAPS, CRYPTO_VS_GOLD, GROWTH_VS_SMALLCAPS)
