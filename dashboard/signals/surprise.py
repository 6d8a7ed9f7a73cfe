"""Macro surprises: each release against its expectation, standardised, and a composite index.

The thesis leans on three prints that beat expectations in mid-January 2026: the Philadelphia
Fed manufacturing index (12.6 against -1.6 expected), the NY Fed Empire State index (7.7
against 0.8) and initial jobless claims (198k against 215k). These pure functions measure any
such release against its expectation and combine the standardised surprises into one index, in
the spirit of Citi's Economic Surprise Index.

Indicators
----------
======================  =========  ================  ======================================
id                      frequency  units             better when
======================  =========  ================  ======================================
``GACDFSA066MSFRBPHI``  monthly    diffusion index   higher (more firms report growth)
``GACDISA066MSFRBNY``   monthly    diffusion index   higher
``ICSA``                weekly     claims            LOWER (fewer people filing for benefits)
======================  =========  ================  ======================================

Adding an indicator is one line in :data:`INDICATORS` (plus its catalog entry).

Expectation and surprise
------------------------
For the print ``A_t`` of reference period ``t`` (the observation date: the month for surveys,
the week ending Saturday for claims), the expectation ``E_t`` is

* the **consensus** (median forecast) when the consensus table has a row for this indicator and
  reference period, published by the as-of date; the surprise is labelled ``consensus``;
* otherwise a **model** expectation: the mean of the previous ``model_window`` prints
  (default 3; ``model_window=1`` is the prior print), labelled ``model``. A model surprise is
  never shown or counted as a consensus surprise.

::

    raw_t      = A_t - E_t                        (indicator units)
    surprise_t = d * raw_t,  d = +1 if higher is better, -1 if lower is better (claims)
    z_t        = surprise_t / sd(surprise_{t-W} .. surprise_{t-1})

so a positive surprise always means better than expected, and ``z_t`` (dimensionless) divides
by the sample standard deviation of the previous ``W = z_window`` surprises (default 60 prints,
at least ``z_min_periods = 12``), which excludes ``t`` itself; it is not de-meaned (an unbiased
expectation has mean-zero surprises). Past surprises keep the label they had (consensus where a
consensus existed, model otherwise).

Composite index
---------------
At date ``T``, over the releases ``r`` published in the last ``window_days`` (default 90:
``T - window_days < p_r <= T``) that have a z-score::

    delta_r = 0.5 ** ((T - p_r) / half_life_days)          (time decay, default half-life 30 d)
    I(T)    = sum_r w_i(r) * delta_r * z_r / sum_r w_i(r) * delta_r

a decay-weighted average of standardised surprises, in standard deviations; NaN when no
release falls in the window. ``w_i`` is the weight per release of indicator ``i``; the defaults
(1 for a monthly survey, 12/52 for weekly claims) give each indicator about the same weight per
unit of time. Scaling every weight by the same factor leaves ``I`` unchanged. Because the decay
is exponential it cancels between releases: ``I`` moves only when a release enters or leaves
the window, and the decay decides how much a fresh print counts against older ones. The contribution
of indicator ``i`` is its share of the numerator over the common denominator; the contributions
sum to ``I(T)``.

Point in time
-------------
A print is known from its publication date ``p``: the release rule of its catalog entry
(:mod:`dashboard.data.release`: third Thursday for Philadelphia, the 15th or next business day
for Empire, Thursday after the week for claims); a consensus surprise counts from the later of
that date and the consensus row's ``release_date``. With an ``as_of`` date only prints and
consensus rows published by then are used, so a past value never changes when later data
arrive.

Vintages (first release vs latest revision)
-------------------------------------------
Given ALFRED's vintage table (:mod:`dashboard.data.vintages`, with a FRED key), the actual
``A_t`` is the **first release**: the value published on release day, and ``p`` is the day
ALFRED first shows it (exact, not the release rule's estimate). Model expectations then average
earlier first releases, so neither the print nor its expectation uses a later revision. A print
older than ALFRED's archive (its first vintage more than :data:`FIRST_RELEASE_TOLERANCE_DAYS`
after the rule's release date) keeps the earliest archived value, labelled
``earliest archived vintage``, dated by the rule. A print newer than the vintage table (the
latest series arrived first) is the latest revision. Without vintages every print is FRED's
**latest revision** (revised values, a little hindsight) and says so: the ``vintage`` column.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.data import catalog
from dashboard.data import vintages as vt
from dashboard.data.release import release_dates
from dashboard.signals._checks import positive_int, prices

PHILLY = "GACDFSA066MSFRBPHI"
EMPIRE = "GACDISA066MSFRBNY"
CLAIMS = "ICSA"

CONSENSUS = "consensus"
MODEL = "model"

DEFAULT_MODEL_WINDOW = 3
DEFAULT_Z_WINDOW = 60
DEFAULT_Z_MIN_PERIODS = 12
DEFAULT_HALF_LIFE_DAYS = 30.0
DEFAULT_WINDOW_DAYS = 90
#: A consensus row's release date further than this from the release rule's date is flagged.
RELEASE_TOLERANCE_DAYS = 3

#: A first ALFRED vintage later than this after the rule's release date is not a first release.
FIRST_RELEASE_TOLERANCE_DAYS = 10

#: Columns of a surprise table (see :func:`surprise_table`).
TABLE_COLUMNS = (
    "actual",
    "published",
    "expected",
    "expectation",
    "consensus",
    "model_expected",
    "raw_surprise",
    "surprise",
    "z",
    "source_note",
    "vintage",
)


@dataclass(frozen=True, slots=True)
class Indicator:
    """What a surprise means for one series and how to show it."""

    series_id: str
    name: str
    short: str
    higher_is_better: bool
    display_scale: float = 1.0  #: shown value = value / display_scale
    display_unit: str = "index points"

    @property
    def direction(self) -> int:
        return 1 if self.higher_is_better else -1

    def show(self, value: float) -> float:
        """``value`` (series units) in display units (claims: thousands)."""
        return value / self.display_scale


INDICATORS: dict[str, Indicator] = {
    PHILLY: Indicator(PHILLY, "Philadelphia Fed manufacturing (current activity)", "Philly Fed", True),
    EMPIRE: Indicator(EMPIRE, "NY Fed Empire State manufacturing (business conditions)", "Empire State", True),
    CLAIMS: Indicator(CLAIMS, "Initial jobless claims (SA)", "Jobless claims", False, 1000.0, "thousand claims"),
}  # fmt: skip
MACRO_IDS: tuple[str, ...] = tuple(INDICATORS)

#: Weight per release: 1 for a monthly survey, 12/52 for a weekly series (equal weight per year).
DEFAULT_WEIGHTS: dict[str, float] = {
    sid: (12.0 / 52.0 if catalog.get(sid).frequency == "W" else 1.0) for sid in MACRO_IDS
}


def indicator(series_id: str) -> Indicator:
    """The :class:`Indicator` for ``series_id`` (unknown ids: higher is better, catalog label)."""
    found = INDICATORS.get(series_id)
    if found is not None:
        return found
    spec = catalog.get(series_id)
    return Indicator(series_id, spec.label, spec.id, True, 1.0, spec.units)


# --- expectations -----------------------------------------------------------------------------
def period_label(series_id: str, period: pd.Timestamp) -> str:
    """How a release names its reference period: ``week ending 2026-01-10``, ``January 2026``."""
    if catalog.get(series_id).frequency == "W":
        return f"week ending {period:%Y-%m-%d}"
    return f"{period:%B %Y}"


def model_expectation(actual: pd.Series, window: int = DEFAULT_MODEL_WINDOW) -> pd.Series:
    """``mean(A_{t-window} .. A_{t-1})``: the mean of the previous ``window`` prints, excluding
    ``t``; NaN until ``window`` earlier prints exist. In the units of ``actual``."""
    s = prices(actual, "actual")
    window = positive_int(window, "model_window")
    return s.shift(1).rolling(window, min_periods=window).mean().rename("model_expected")


def consensus_rows(
    consensus: pd.DataFrame | None, series_id: str, as_of: pd.Timestamp | None = None
) -> pd.DataFrame:
    """The consensus table's rows for ``series_id`` published by ``as_of`` (all when None),
    indexed by reference period, columns ``consensus``, ``release_date``, ``source_note``."""
    columns = ["consensus", "release_date", "source_note"]
    empty = pd.DataFrame(columns=columns, index=pd.DatetimeIndex([], name="reference_period"))
    needed = {"indicator", "reference_period", "release_date", "consensus"}
    if consensus is None or consensus.empty or not needed <= set(consensus.columns):
        return empty
    rows = consensus[consensus["indicator"].astype(str) == series_id].copy()
    rows["reference_period"] = pd.to_datetime(rows["reference_period"], errors="coerce")
    rows["release_date"] = pd.to_datetime(rows["release_date"], errors="coerce")
    rows["consensus"] = pd.to_numeric(rows["consensus"], errors="coerce")
    rows = rows.dropna(subset=["reference_period", "release_date", "consensus"])
    rows = rows[np.isfinite(rows["consensus"].to_numpy(dtype="float64"))]
    if as_of is not None:
        rows = rows[rows["release_date"] <= pd.Timestamp(as_of)]
    if "source_note" not in rows.columns:
        rows["source_note"] = ""
    rows = rows.drop_duplicates("reference_period", keep="last").set_index("reference_period")
    return rows[columns].sort_index() if not rows.empty else empty


#: Optional side tables of the scorecard (``Inputs.tables``): ALFRED vintages in the long shape of
#: :meth:`dashboard.data.vintages.Vintages.long`, and why a series has none (index series id,
#: column ``note``).
VINTAGES_TABLE = "vintages"
VINTAGE_NOTES_TABLE = "vintage_notes"


def vintages_for(
    tables: Mapping[str, pd.DataFrame], series_id: str
) -> tuple[pd.DataFrame | None, str]:
    """``series_id``'s vintage table from the side tables (None when absent) and why not."""
    table = vt.split_long(tables.get(VINTAGES_TABLE)).get(series_id)
    notes = tables.get(VINTAGE_NOTES_TABLE)
    missing = ""
    if notes is not None and series_id in notes.index:
        missing = str(notes.at[series_id, "note"])
    return table, missing


def vintage_tables(vintages: vt.Vintages) -> dict[str, pd.DataFrame]:
    """The two side tables for :func:`vintages_for` from loaded vintages."""
    notes = pd.DataFrame({"note": pd.Series(dict(vintages.missing), dtype="object")})
    return {VINTAGES_TABLE: vintages.long(), VINTAGE_NOTES_TABLE: notes}


# --- actuals: first releases or latest revisions -------------------------------------------------
def actuals(
    latest: pd.Series, series_id: str, vintages: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The print of each reference period, the day it became public and which vintage it is.

    Columns ``actual``, ``published``, ``vintage`` (``first release`` / ``earliest archived
    vintage`` / ``latest revision``), indexed by reference period (see the module docstring).
    """
    spec = catalog.get(series_id)
    s = prices(latest, series_id)
    rule = pd.Series(release_dates(s.index, spec.release, spec.frequency), index=s.index)
    out = pd.DataFrame({"actual": s, "published": rule, "vintage": vt.LATEST_REVISION})
    if vintages is None or vintages.empty:
        return out
    first = vt.first_releases(vintages)
    first_rule = release_dates(first.index, spec.release, spec.frequency)
    genuine = first["released"] <= first_rule + pd.Timedelta(days=FIRST_RELEASE_TOLERANCE_DAYS)
    from_alfred = pd.DataFrame(
        {
            "actual": first["value"].astype("float64"),
            "published": first["released"].where(genuine, first_rule),
            "vintage": np.where(genuine, vt.FIRST_RELEASE, vt.EARLIEST_VINTAGE),
        },
        index=first.index,
    )
    newer = out[out.index > first.index.max()] if len(first) else out
    combined = pd.concat([from_alfred, newer]).sort_index()
    combined.index.name = s.index.name
    return combined


# --- surprises ----------------------------------------------------------------------------------
def surprise_table(
    actual: pd.Series,
    series_id: str,
    *,
    consensus: pd.DataFrame | None = None,
    as_of: pd.Timestamp | str | None = None,
    model_window: int = DEFAULT_MODEL_WINDOW,
    z_window: int = DEFAULT_Z_WINDOW,
    z_min_periods: int = DEFAULT_Z_MIN_PERIODS,
    vintages: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Every published print of ``series_id`` against its expectation (module docstring).

    One row per reference period (the index), columns: ``actual``; ``published`` (the date the
    surprise became known); ``expected`` and ``expectation`` (``"consensus"`` / ``"model"``;
    NaN where neither exists yet); ``consensus`` and ``model_expected`` (both candidates);
    ``raw_surprise`` (``actual - expected``, series units); ``surprise`` (sign-adjusted:
    positive = better than expected, series units); ``z`` (dimensionless); ``source_note``;
    ``vintage`` (which version of the print ``actual`` is). With ``as_of``, only prints and
    consensus rows published by then are used. ``vintages``: ALFRED's table for this series
    (first releases as actuals); None: the latest revised values.
    """
    prices(actual, series_id)
    z_window = positive_int(z_window, "z_window", minimum=2)
    z_min_periods = positive_int(z_min_periods, "z_min_periods", minimum=2)
    if z_min_periods > z_window:
        raise ValueError("z_min_periods must not exceed z_window")
    info = indicator(series_id)
    stamp = pd.Timestamp(as_of).normalize() if as_of is not None else None

    if vintages is None or vintages.empty:  # latest values: actuals() without its frame
        spec = catalog.get(series_id)
        s = prices(actual, series_id).rename(series_id)
        released = release_dates(s.index, spec.release, spec.frequency)
        if stamp is not None:
            public = np.flatnonzero(released <= stamp)
            s, released = s.take(public), released.take(public)
        rule_dates = pd.Series(released, index=s.index, name="published")
        vintage = pd.Series(vt.LATEST_REVISION, index=s.index)
    else:
        prints = actuals(actual, series_id, vintages)
        if stamp is not None:
            prints = prints[prints["published"] <= stamp]
        s = prints["actual"].rename(series_id)
        rule_dates = pd.to_datetime(prints["published"])
        vintage = prints["vintage"]
    model = model_expectation(s, model_window)
    rows = consensus_rows(consensus, series_id, stamp) if consensus is not None else None
    if rows is None or rows.empty:  # model expectations only: no consensus to merge
        cons = np.full(len(s), np.nan)
        has_consensus = np.zeros(len(s), dtype=bool)
        published = rule_dates
        notes = np.full(len(s), "", dtype=object)
    else:
        cons_series = rows["consensus"].reindex(s.index).astype("float64")
        cons_released = pd.to_datetime(rows["release_date"]).reindex(s.index)
        has_consensus = cons_series.notna().to_numpy()
        cons = cons_series.to_numpy()
        later = pd.concat([rule_dates, cons_released], axis=1).max(axis=1)
        published = rule_dates.where(~has_consensus, later)
        notes = rows["source_note"].reindex(s.index).where(has_consensus, "").fillna("")
        notes = notes.to_numpy(dtype=object)
    expected = np.where(has_consensus, cons, model.to_numpy())
    kind = np.where(has_consensus, CONSENSUS, MODEL).astype(object)
    kind[np.isnan(expected)] = np.nan
    raw = s.to_numpy() - expected
    signed = info.direction * raw
    past = pd.Series(signed).shift(1).rolling(z_window, min_periods=z_min_periods).std()
    past = past.to_numpy()
    z = signed / np.where(past > 0, past, np.nan)
    table = pd.DataFrame(
        {
            "actual": s,
            "published": pd.to_datetime(published),
            "expected": expected,
            "expectation": pd.Series(kind, index=s.index, dtype=object),
            "consensus": cons,
            "model_expected": model,
            "raw_surprise": raw,
            "surprise": signed,
            "z": z,
            "source_note": pd.Series(notes, index=s.index, dtype=object).astype(str),
            "vintage": vintage.astype(str),
        },
        index=s.index,
    )
    table.index.name = "reference_period"
    table.attrs["series_id"] = series_id
    return table


def latest_release(table: pd.DataFrame) -> pd.Series | None:
    """The newest published print (last reference period), or None for an empty table."""
    return None if table.empty else table.iloc[-1]


def consensus_checks(
    consensus: pd.DataFrame | None,
    actuals: Mapping[str, pd.Series],
    *,
    tolerance_days: int = RELEASE_TOLERANCE_DAYS,
) -> list[str]:
    """Plain-language notes on consensus rows that cannot (yet) be used as entered: an indicator
    with no surprise definition, a reference period with no print loaded, a release date far
    from the release rule's date (the surprise then counts from the later of the two)."""
    notes: list[str] = []
    if consensus is None or consensus.empty or "indicator" not in consensus.columns:
        return notes
    for sid in sorted(set(consensus["indicator"].astype(str))):
        if sid not in INDICATORS:
            notes.append(f"{sid}: not a macro indicator with a surprise definition; ignored.")
            continue
        rows = consensus_rows(consensus, sid)
        values = actuals.get(sid)
        spec = catalog.get(sid)
        for period, row in rows.iterrows():
            label = f"{sid} {period:%Y-%m-%d}"
            if values is None or period not in values.index:
                notes.append(
                    f"{label}: no print loaded for this reference period yet (consensus "
                    f"{row['consensus']:g}, release {row['release_date']:%Y-%m-%d})."
                )
                continue
            rule = release_dates(pd.DatetimeIndex([period]), spec.release, spec.frequency)[0]
            gap = abs((pd.Timestamp(row["release_date"]) - rule).days)
            if gap > tolerance_days:
                notes.append(
                    f"{label}: release date {row['release_date']:%Y-%m-%d} is {gap} days from "
                    f"the release rule's {rule:%Y-%m-%d}; the surprise counts from the later."
                )
    return notes


# --- composite ----------------------------------------------------------------------------------
def _weights(weights: Mapping[str, float] | None, ids: Sequence[str]) -> dict[str, float]:
    chosen = {sid: DEFAULT_WEIGHTS.get(sid, 1.0) for sid in ids}
    for sid, w in (weights or {}).items():
        if sid in chosen:
            chosen[sid] = w
    for sid, w in chosen.items():
        if isinstance(w, bool) or not isinstance(w, int | float) or not math.isfinite(w) or w < 0:
            raise ValueError(f"weight of {sid} must be a finite number >= 0, got {w!r}")
    if ids and not any(w > 0 for w in chosen.values()):
        raise ValueError("at least one weight must be > 0")
    return {sid: float(w) for sid, w in chosen.items()}


def composite_index(
    tables: Mapping[str, pd.DataFrame],
    dates: Sequence | pd.DatetimeIndex | None = None,
    *,
    weights: Mapping[str, float] | None = None,
    half_life_days: float = DEFAULT_HALF_LIFE_DAYS,
    window_days: int = DEFAULT_WINDOW_DAYS,
) -> pd.DataFrame:
    """The composite surprise index ``I(T)`` at each date (module docstring for the formula).

    ``tables`` maps series ids to :func:`surprise_table` results; ``dates`` defaults to every
    publication date in them. Columns: ``composite`` (standard deviations), ``releases`` (how
    many releases are in the window), ``indicators`` (how many indicators they come from), and
    one contribution column per series id (they sum to ``composite``). At ``T`` only releases
    published by ``T`` are used.
    """
    if not (isinstance(half_life_days, int | float) and half_life_days > 0):
        raise ValueError(f"half_life_days must be > 0, got {half_life_days!r}")
    window_days = positive_int(window_days, "window_days")
    ids = list(tables)
    w_by_id = _weights(weights, ids)

    # every release with a z-score: publication date, z, and which indicator (its code)
    published, zs, codes = [], [], []
    for code, sid in enumerate(ids):
        t = tables[sid]
        if t.empty or w_by_id[sid] == 0:
            continue
        released = pd.to_datetime(t["published"]).to_numpy()
        z = t["z"].to_numpy(dtype="float64")
        ok = ~(np.isnat(released) | np.isnan(z))
        if not ok.any():
            continue
        published.append(released[ok])
        zs.append(z[ok])
        codes.append(np.full(int(ok.sum()), code, dtype="int64"))
    if published:
        pub_all = np.concatenate(published)
        order = np.argsort(pub_all, kind="stable")
        pub_all, zs, codes = pub_all[order], np.concatenate(zs)[order], np.concatenate(codes)[order]
    else:
        pub_all = pd.DatetimeIndex([]).to_numpy()
        zs, codes = np.zeros(0), np.zeros(0, dtype="int64")
    if dates is None:
        dates = pd.DatetimeIndex(pd.unique(pub_all))
    when = pd.DatetimeIndex(pd.to_datetime(dates)).normalize().sort_values().unique()

    day = np.timedelta64(1, "D")
    pub = pub_all.astype("datetime64[ns]")
    weight = np.array([w_by_id[sid] for sid in ids], dtype="float64")[codes]
    n = len(when)
    composite = np.full(n, np.nan)
    count = np.zeros(n, dtype="int64")
    sources = np.zeros(n, dtype="int64")
    contributions = np.full((n, len(ids)), np.nan)
    stamps = when.to_numpy(dtype="datetime64[ns]")
    window = np.timedelta64(window_days, "D")
    # releases in (T - window, T]: a contiguous run [lo, hi) of the sorted publication dates
    lo = np.searchsorted(pub, stamps - window, side="right")
    size = np.searchsorted(pub, stamps, side="right") - lo
    # All dates whose windows hold the same number of releases are computed at once, as rows of
    # one matrix: a row sum adds its values exactly as the per-date sum of the plain loop does
    # (same length, same order), so the index is the loop's to the last bit.
    for k in np.unique(size[size > 0]):
        rows = np.flatnonzero(size == k)
        at = lo[rows, None] + np.arange(k)
        age = (stamps[rows, None] - pub[at]) / day
        mass = weight[at] * 0.5 ** (age / half_life_days)
        total = mass.sum(axis=1)
        ok = total > 0
        rows, at, mass, total = rows[ok], at[ok], mass[ok], total[ok]
        share = mass * zs[at] / total[:, None]
        composite[rows] = share.sum(axis=1)
        count[rows] = k
        here = codes[at]
        ordered = np.sort(here, axis=1)
        sources[rows] = 1 + (ordered[:, 1:] != ordered[:, :-1]).sum(axis=1)
        # per (date, indicator) sums in release order, as np.bincount adds them
        keys = (np.arange(len(rows))[:, None] * len(ids) + here).ravel()
        sums = np.bincount(keys, weights=share.ravel(), minlength=len(rows) * len(ids))
        contributions[rows] = sums.reshape(len(rows), len(ids))
    columns = {"composite": composite, "releases": count, "indicators": sources}
    out = pd.DataFrame(
        columns | {sid: contributions[:, j] for j, sid in enumerate(ids)}, index=when
    )
    out.index.name = "date"
    return out


def composite_at(
    tables: Mapping[str, pd.DataFrame], as_of: pd.Timestamp | str, **params
) -> pd.Series:
    """The composite row at one date (see :func:`composite_index`)."""
    return composite_index(tables, [pd.Timestamp(as_of)], **params).iloc[0]


# --- display ------------------------------------------------------------------------------------
def release_table(tables: Mapping[str, pd.DataFrame], last: int | None = None) -> pd.DataFrame:
    """The releases of every indicator in one table, newest first, values in display units
    (claims in thousands): indicator, unit, reference_period, release_date, actual, expected,
    expectation, surprise (positive = better), z, source_note, vintage. ``last``: per
    indicator."""
    frames = []
    for sid, table in tables.items():
        info = indicator(sid)
        t = table.dropna(subset=["expected"]) if not table.empty else table
        if last is not None:
            t = t.tail(last)
        if t.empty:
            continue
        frames.append(
            pd.DataFrame(
                {
                    "indicator": info.short,
                    "series": sid,
                    "unit": info.display_unit,
                    "reference_period": t.index,
                    "release_date": t["published"].to_numpy(),
                    "actual": info.show(t["actual"]).to_numpy(),
                    "expected": info.show(t["expected"]).to_numpy(),
                    "expectation": t["expectation"].to_numpy(),
                    "surprise": info.show(t["surprise"]).to_numpy(),
                    "z": t["z"].to_numpy(),
                    "source_note": t["source_note"].to_numpy(),
                    "vintage": t["vintage"].to_numpy(),
                }
            )
        )
    if not frames:
        return pd.DataFrame(
            columns=[
                "indicator",
                "series",
                "unit",
                "reference_period",
                "release_date",
                "actual",
                "expected",
                "expectation",
                "surprise",
                "z",
                "source_note",
                "vintage",
            ]
        )
    out = pd.concat(frames, ignore_index=True)
    return out.sort_values(["release_date", "series"], ascending=[False, True]).reset_index(
        drop=True
    )


def formula_markdown(
    *,
    model_window: int = DEFAULT_MODEL_WINDOW,
    z_window: int = DEFAULT_Z_WINDOW,
    z_min_periods: int = DEFAULT_Z_MIN_PERIODS,
    half_life_days: float = DEFAULT_HALF_LIFE_DAYS,
    window_days: int = DEFAULT_WINDOW_DAYS,
    weights: Mapping[str, float] | None = None,
) -> str:
    """The formulas with the parameters in use, as Markdown for the view."""
    w = _weights(weights, MACRO_IDS)
    weight_text = ", ".join(f"{indicator(s).short} {w[s]:.3g}" for s in MACRO_IDS)
    return (
        f"**Expectation** $E_t$: the consensus when the consensus table has a row for the "
        f"reference period (label *consensus*), otherwise the mean of the previous "
        f"**{model_window}** print(s) (label *model*; never passed off as consensus).\n\n"
        "**Surprise** $s_t = d\\,(A_t - E_t)$ in the indicator's units, $d=+1$ when higher is "
        "better, $d=-1$ for jobless claims: positive always means better than expected.\n\n"
        f"**Standardised** $z_t = s_t / \\mathrm{{sd}}(s_{{t-{z_window}}},\\dots,s_{{t-1}})$: "
        f"the sample standard deviation of the previous {z_window} surprises (at least "
        f"{z_min_periods}), excluding $t$.\n\n"
        f"**Composite** at date $T$, over releases $r$ published in the last {window_days} "
        f"days: $I(T) = \\sum_r w_r \\delta_r z_r / \\sum_r w_r \\delta_r$ with decay "
        f"$\\delta_r = 0.5^{{(T - p_r)/{half_life_days:g}}}$ (half-life {half_life_days:g} days) "
        f"and weights per release: {weight_text}. In standard deviations; > 0 means data have "
        "been beating expectations.\n\n"
        "**Point in time**: a print counts from its publication date (release rules: Philly the "
        "third Thursday, Empire the 15th or next business day, claims the Thursday after the "
        "week); a consensus row from its release date. With a FRED key each print is its first "
        "release (ALFRED), dated by the day it appeared; without one, FRED's latest revision."
    )


def vintage_summary(vintages: vt.Vintages, ids: Sequence[str]) -> str:
    """One sentence for a page: which version of the prints the surprises use, and why."""
    names = {sid: indicator(sid).short for sid in ids}
    first = [names[s] for s in ids if vintages.get(s) is not None]
    latest = {names[s]: vintages.missing[s] for s in ids if s in vintages.missing}
    parts = []
    if first:
        parts.append(
            f"{', '.join(first)}: first releases (ALFRED: each print as published on its "
            "release day, dated by that day)"
        )
    for reason in dict.fromkeys(latest.values()):
        which = ", ".join(n for n, r in latest.items() if r == reason)
        parts.append(f"{which}: latest revised values ({reason})")
    return "Actuals: " + "; ".join(parts) + "." if parts else ""


def vintage_sentence(vintage: str, missing: str = "") -> str:
    """How a reading names the version of its print, for the scorecard detail."""
    if vintage == vt.FIRST_RELEASE:
        return "Actual: first release (ALFRED vintage of its release day)."
    if vintage == vt.EARLIEST_VINTAGE:
        return "Actual: earliest vintage ALFRED archived (the first release predates it)."
    why = f": {missing}" if missing else ""
    return f"Actual: latest revision (FRED's revised value; ALFRED first releases not used{why})."
