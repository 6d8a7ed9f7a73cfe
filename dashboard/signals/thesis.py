"""The thesis scorecard: each claim of "The Great Rotation 2026" as a testable signal.

A :class:`SignalSpec` names the series a claim needs, states its rule in plain words, and
computes a :class:`Reading` (value, status, detail) from data that was *public on the as-of
date*: :func:`evaluate` cuts every series to what its release rule had published by then
(:mod:`dashboard.data.release`), so replaying the scorecard on 2026-01-16 sees exactly what a
reader of the note could have seen, and appending later data never changes a past reading.

Statuses: ``confirming`` (the data supports the claim), ``neutral``, ``contradicting``,
``unavailable`` (data missing: the reason is given; a signal never disappears silently).

The specs themselves are defined next to the view they belong to, below, in scorecard order.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

import pandas as pd

from dashboard.data import catalog
from dashboard.data.release import published_as_of

SignalStatus = Literal["confirming", "neutral", "contradicting", "unavailable"]
SIGNAL_STATUSES: tuple[SignalStatus, ...] = (
    "confirming",
    "neutral",
    "contradicting",
    "unavailable",
)


@dataclass(frozen=True, slots=True)
class Inputs:
    """What a signal's compute function sees: point-in-time series and side tables."""

    series: Mapping[str, pd.Series]  #: already cut to what was published by ``as_of``
    as_of: pd.Timestamp
    tables: Mapping[str, pd.DataFrame] = field(default_factory=dict)  #: e.g. "consensus"

    def __getitem__(self, series_id: str) -> pd.Series:
        return self.series[series_id]


@dataclass(frozen=True, slots=True)
class Reading:
    """A compute function's answer."""

    value: float | None
    status: SignalStatus
    detail: str = ""
    as_of: date | None = None  #: date of the newest observation the value uses


@dataclass(frozen=True, slots=True)
class SignalSpec:
    id: str
    title: str
    claim: str  #: what the thesis says, in its words
    rule: str  #: the status rule in plain words
    unit: str
    series: tuple[str, ...]  #: required series ids
    compute: Callable[[Inputs], Reading]
    view: str  #: url path of the page that explains it
    optional_series: tuple[str, ...] = ()  #: used when present (e.g. a user-supplied file)


@dataclass(frozen=True, slots=True)
class Signal:
    """A scorecard entry as shown on the Overview and printed by ``rotation signals``."""

    id: str
    title: str
    value: float | None
    unit: str
    status: SignalStatus
    rule: str
    detail: str
    as_of: date | None
    sources: tuple[str, ...]
    view: str
    claim: str = ""

    def to_json(self) -> dict:
        value = None if self.value is None or not math.isfinite(self.value) else self.value
        return {
            "id": self.id,
            "title": self.title,
            "value": value,
            "unit": self.unit,
            "status": self.status,
            "rule": self.rule,
            "detail": self.detail,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "sources": list(self.sources),
        }


def classify(
    value: float | None,
    *,
    above: float = 0.0,
    below: float | None = None,
    higher_confirms: bool = True,
) -> SignalStatus:
    """Status from a value and thresholds: strictly beyond ``above`` confirms (or, with
    ``higher_confirms=False``, strictly below); the opposite side of ``below`` (default: the
    same threshold) contradicts; anything between is neutral."""
    if value is None or not math.isfinite(value):
        return "unavailable"
    below = above if below is None else below
    if higher_confirms:
        if value > above:
            return "confirming"
        return "contradicting" if value < below else "neutral"
    if value < above:
        return "confirming"
    return "contradicting" if value > below else "neutral"


def point_in_time(series: Mapping[str, pd.Series], as_of: pd.Timestamp) -> dict[str, pd.Series]:
    """Each series cut to what its release rule had published by ``as_of``."""
    cut = {}
    for sid, values in series.items():
        try:
            spec = catalog.get(sid)
            cut[sid] = published_as_of(values, spec.release, spec.frequency, as_of)
        except KeyError:
            cut[sid] = values[values.index <= as_of]
    return cut


def evaluate(
    specs: Sequence[SignalSpec],
    series: Mapping[str, pd.Series],
    *,
    as_of: date | pd.Timestamp | None = None,
    sources: Mapping[str, str] | None = None,
    missing_reasons: Mapping[str, str] | None = None,
    tables: Mapping[str, pd.DataFrame] | None = None,
) -> list[Signal]:
    """Compute every spec on data public at ``as_of`` (default: today).

    ``sources`` maps series ids to a short provenance string (``IWM yahoo/live``) carried into
    each signal; ``missing_reasons`` explains series that could not be loaded.
    """
    sources = sources or {}
    missing_reasons = missing_reasons or {}
    # Default: today, so every value already published counts (the newest observation's own
    # date would hide e.g. last week's claims, published days after the week they describe).
    as_of_ts = pd.Timestamp(as_of) if as_of is not None else pd.Timestamp.today().normalize()
    cut = point_in_time(series, as_of_ts)
    inputs = Inputs(series=cut, as_of=as_of_ts, tables=tables or {})
    return [_evaluate_one(spec, inputs, sources, missing_reasons) for spec in specs]


def _evaluate_one(spec: SignalSpec, inputs: Inputs, sources, missing_reasons) -> Signal:
    used = [s for s in spec.series + spec.optional_series if s in inputs.series]
    provenance = tuple(sources.get(s, s) for s in used)
    missing = [s for s in spec.series if s not in inputs.series or inputs.series[s].empty]
    if missing:
        why = "; ".join(
            f"{s}: {missing_reasons.get(s) or 'no data published by the as-of date'}"
            for s in missing
        )
        reading = Reading(None, "unavailable", f"Missing data. {why}")
    else:
        try:
            reading = spec.compute(inputs)
        except (ValueError, KeyError, IndexError, ZeroDivisionError) as exc:
            reading = Reading(None, "unavailable", f"Could not compute: {exc}")
    value = reading.value
    if value is not None and not math.isfinite(value):
        value = None
    return Signal(
        id=spec.id,
        title=spec.title,
        value=value,
        unit=spec.unit,
        status=reading.status if value is not None else "unavailable",
        rule=spec.rule,
        detail=reading.detail,
        as_of=reading.as_of,
        sources=provenance,
        view=spec.view,
        claim=spec.claim,
    )


# =================================================================================================
# The scorecard. Each view's issue defines its signals in its own section below; SCORECARD
# lists them in the order the Overview shows them.
# =================================================================================================

# --- small caps (relative strength, breakout) ----------------------------------------------------
SMALL_CAPS: tuple[SignalSpec, ...] = ()


# --- macro surprises -----------------------------------------------------------------------------
MACRO: tuple[SignalSpec, ...] = ()


# --- money-market-fund liquidity ----------------------------------------------------------------
#: Optional side table ``Inputs.tables[PROVENANCE_TABLE]``: indexed by series id, with columns
#: ``status`` (live / cached / stale / synthetic / unavailable) and ``origin``. It lets
#: ``mmf_trend`` prefer a real total over a synthetic one and name the origin; without it the
#: catalog order decides (MMF_TOTAL first) and the detail says nothing about where data came from.
PROVENANCE_TABLE = "provenance"


def provenance_table(provenance: Mapping[str, object]) -> pd.DataFrame:
    """The ``PROVENANCE_TABLE`` side table from ``Loaded.provenance`` (id -> Provenance)."""
    rows = {
        sid: {"status": getattr(p, "status", ""), "origin": getattr(p, "origin", "")}
        for sid, p in provenance.items()
    }
    return pd.DataFrame.from_dict(rows, orient="index", columns=["status", "origin"])


def _mmf_trend(inputs: Inputs) -> Reading:
    # imported here so this section stays self-contained within the shared module
    from dashboard.signals import liquidity

    table = inputs.tables.get(PROVENANCE_TABLE)
    synthetic: set[str] | None = None
    origins: dict[str, str] = {}
    if table is not None and not table.empty:
        synthetic = {str(s) for s in table.index[table["status"] == "synthetic"]}
        origins = {str(s): str(o) for s, o in table["origin"].items() if o}
    ids = (liquidity.MMF_TOTAL, liquidity.QUARTERLY_TOTAL)
    totals = {s: inputs.series[s] for s in ids if s in inputs.series}
    chosen = liquidity.select_series(totals, synthetic, origins).total
    if chosen is None:
        return Reading(
            None,
            "unavailable",
            "No money-market-fund total published by the as-of date: neither MMF_TOTAL "
            "(ICI weekly, a user file) nor MMMFFAQ027S (Z.1 quarterly) is loaded. WRMFNS is "
            "retail only, not the total, so it is not used here.",
        )
    weeks = 4 if chosen.frequency == "W" else 13
    level = chosen.values
    pct = liquidity.pct_change(level, weeks)
    last_date = level.index[-1]
    value = float(pct.iloc[-1])
    if not math.isfinite(value):
        return Reading(
            None,
            "unavailable",
            f"{chosen.series_id}: no observation {weeks} weeks before the latest one "
            f"({last_date:%Y-%m-%d}); {chosen.description}.",
        )
    turns = liquidity.detect_turns(level)
    latest = turns.latest
    peak_part = (
        f"running peak ${latest['peak']:,.0f}bn on {latest['peak_date']:%Y-%m-%d}"
        f" ({latest['drawdown_pct']:+.2f}% since)"
    )
    turn = turns.current_turn
    turn_part = (
        f"turn confirmed on {turn.detected:%Y-%m-%d}" if turn is not None else "no turn confirmed"
    )
    direction = "cash leaving money funds" if value < 0 else "cash still flowing in"
    detail = (
        f"{chosen.series_id} ({chosen.description}): {value:+.2f}% over {weeks} weeks to "
        f"${level.iloc[-1]:,.0f}bn on {last_date:%Y-%m-%d}, {direction}; {peak_part}; "
        f"{turn_part} (rule: {turns.min_decline_pct:g}% below the peak for "
        f"{turns.min_weeks} weeks)."
    )
    return Reading(value, classify(value, higher_confirms=False), detail, last_date.date())


MMF_TREND = SignalSpec(
    id="mmf_trend",
    title="Money-market-fund assets rolling over",
    claim="Money-market-fund assets fell from $7.8T to $7.72T after two years of growth: "
    "cash is leaving 4-5% yields for risk assets.",
    rule="4-week % change of total MMF assets (13-week change when only the quarterly Z.1 "
    "total exists): negative confirms (cash leaving), positive contradicts.",
    unit="%",
    series=(),
    optional_series=("MMF_TOTAL", "MMMFFAQ027S"),
    compute=_mmf_trend,
    view="liquidity",
)

LIQUIDITY: tuple[SignalSpec, ...] = (MMF_TREND,)


# --- cross-asset rotation -----------------------------------------------------------------------
#: Sessions over which the cross-asset signals compare returns.
CROSS_ASSET_SESSIONS = 20
#: growth_vs_smallcaps: ARKK within this many pp of IWM (or ahead), and up, confirms...
GROWTH_FOLLOWS_PP = -2.0
#: ...and more than this many pp behind IWM contradicts (growth left behind).
GROWTH_LEFT_BEHIND_PP = -5.0


def _excess_reading(inputs: Inputs, a: str, b: str) -> tuple[float, float, float, pd.Timestamp]:
    """(excess pp, a's return %, b's return %, date) over CROSS_ASSET_SESSIONS common sessions."""
    from dashboard.signals import relative

    n = CROSS_ASSET_SESSIONS
    frame = relative.align({a: inputs[a], b: inputs[b]}).frame
    if len(frame) <= n:
        raise ValueError(f"fewer than {n + 1} common sessions of {a} and {b}")
    excess = relative.excess_return(frame[a], frame[b], n)
    ra = relative.period_return(frame[a], n).iloc[-1]
    rb = relative.period_return(frame[b], n).iloc[-1]
    return float(excess.iloc[-1]), float(ra), float(rb), frame.index[-1]


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


def _breakout_state(values: pd.Series, when: pd.Timestamp) -> str:
    """Where a price stands against its all-time high up to ``when``, in words."""
    s = values[values.index <= when].dropna()
    if s.empty:
        return "no data"
    peak_date = s.idxmax()
    drawdown = 100 * (s.iloc[-1] / s.max() - 1)
    sessions = len(s.loc[peak_date:]) - 1
    if sessions == 0:
        return "at a new all-time high"
    if drawdown > -1:
        return f"within 1% of its {peak_date:%Y-%m-%d} high"
    return f"{-drawdown:.0f}% below its {peak_date:%Y-%m-%d} high"


def _growth_vs_smallcaps(inputs: Inputs) -> Reading:
    value, arkk, iwm, when = _excess_reading(inputs, "ARKK", "IWM")
    if value >= GROWTH_FOLLOWS_PP and arkk > 0:
        status: SignalStatus = "confirming"
    elif value < GROWTH_LEFT_BEHIND_PP:
        status = "contradicting"
    else:
        status = "neutral"
    legs = {"IWM": iwm, "ARKK": arkk}
    states = [f"IWM {_breakout_state(inputs['IWM'], when)}"]
    states.append(f"ARKK {_breakout_state(inputs['ARKK'], when)}")
    btc = inputs.series.get("BTC-USD")
    if btc is not None and not btc.empty:
        from dashboard.signals import relative

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
    title="Small caps beating gold",
    claim="Money leaves gold for US small caps: gold and silver stall while small caps run.",
    rule="IWM's 20-session return minus GLD's, in pp: positive confirms, negative contradicts.",
    unit="pp",
    series=("IWM", "GLD"),
    compute=_pair_signal("IWM", "GLD", "small caps ahead of gold"),
    view="cross-asset",
)

CRYPTO_VS_GOLD = SignalSpec(
    id="crypto_vs_gold",
    title="Crypto beating gold",
    claim="Liquidity flows on from small caps and growth into crypto, while gold stalls.",
    rule="BTC-USD's 20-session return minus GLD's (BTC-USD sampled on equity sessions), in "
    "pp: positive confirms, negative contradicts.",
    unit="pp",
    series=("BTC-USD", "GLD"),
    compute=_pair_signal("BTC-USD", "GLD", "crypto ahead of gold"),
    view="cross-asset",
)

GROWTH_VS_SMALLCAPS = SignalSpec(
    id="growth_vs_smallcaps",
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
    view="cross-asset",
)

CROSS_ASSET: tuple[SignalSpec, ...] = (GOLD_VS_SMALLCAPS, CRYPTO_VS_GOLD, GROWTH_VS_SMALLCAPS)


# --- global green shoots ------------------------------------------------------------------------
GLOBAL: tuple[SignalSpec, ...] = ()


SCORECARD: tuple[SignalSpec, ...] = SMALL_CAPS + MACRO + LIQUIDITY + CROSS_ASSET + GLOBAL

#: The twelve claims, in order; ids the views define.
SIGNAL_IDS: tuple[str, ...] = (
    "smallcap_streak",
    "smallcap_breakout",
    "philly_fed_surprise",
    "empire_surprise",
    "claims_surprise",
    "macro_surprise_index",
    "mmf_trend",
    "gold_vs_smallcaps",
    "crypto_vs_gold",
    "growth_vs_smallcaps",
    "global_growth",
    "real_yields",
)


def required_series(specs: Sequence[SignalSpec] = SCORECARD) -> tuple[str, ...]:
    """Every series id the scorecard needs (required and optional), de-duplicated."""
    ids: dict[str, None] = {}
    for spec in specs:
        ids.update(dict.fromkeys(spec.series + spec.optional_series))
    return tuple(ids)
