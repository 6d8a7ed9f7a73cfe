"""The ``rotation`` command: refresh the cache, check the setup, print the thesis scorecard.

    rotation refresh [--only ID ...] [--json]   fill the parquet cache from the network sources
    rotation doctor  [--json]                   sources' reachability, each series' freshness
    rotation signals [--as-of YYYY-MM-DD] [--json]
                                                the scorecard, computed only from data public
                                                on the as-of date
    rotation publish [--from csvdir,demo] [--only ID ...] [--json]
                                                copy the data folder (or the demo) into the store

With ``--json`` every command prints exactly one JSON object on stdout (progress goes to
stderr). Exit status, for cron jobs:

``refresh``  0 every series refreshed; 1 some series failed (each is named); 2 bad arguments
``doctor``   0 every configured source and the store answer; 1 one is down (the report is
             printed either way)
``publish``  0 every series written to the store; 1 some failed; 2 bad arguments or a
             read-only replica (``refresh`` too)
``signals``  0 all twelve signals scored on current market data; 1 the scorecard is
             incomplete: some signal is stale (its last reading is older than its limit on the
             as-of date: kept, with its value and the status it had, but not evidence),
             unavailable (no data, too short a history) or rests on synthetic demo data (the
             JSON names them in ``stale``, ``unavailable`` and ``synthetic``); 2 a bad
             ``--as-of`` (a message on stderr, no JSON)
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime

import streamlit.logger
from tqdm import tqdm

# The loaders are shared with the app and carry st.cache_data; outside a Streamlit server it
# falls back to an in-memory cache and says so on every start. Keep the CLI's output clean.
streamlit.logger.set_log_level("error")

from dashboard.data import catalog, freshness  # noqa: E402 - after the log level is set
from dashboard.data.load import (  # noqa: E402 - after the log level is set
    BACKOFF,
    NETWORK_SOURCES,
    Loaded,
    build_sources,
    fetch_series,
)
from dashboard.data.publish import add_publish_parser, cmd_publish  # noqa: E402 - after the log level is set
from dashboard.data.sources.base import Source  # noqa: E402 - after the log level is set
from dashboard.data.store import NOT_STORED, Entry, open_store  # noqa: E402 - after the log level is set
from dashboard.settings import Settings, get_settings  # noqa: E402 - after the log level is set


def _print_json(payload: dict) -> None:
    print(json.dumps(payload, indent=1, default=str))


# --- refresh -------------------------------------------------------------------------------------
def _refresh_groups(ids: Sequence[str]) -> list[list[str]]:
    """Yahoo series in one batch (one download), FRED series one by one (one request each)."""
    yahoo = [i for i in ids if catalog.get(i).provider == "yahoo"]
    others = [[i] for i in ids if catalog.get(i).provider != "yahoo"]
    return ([yahoo] if yahoo else []) + others


def _by_provider(groups: list[list[str]]) -> list[list[list[str]]]:
    """The groups of each provider, in order: providers are refreshed side by side, so a dead
    network costs one fetch deadline in all, not one per provider."""
    lanes: dict[str, list[list[str]]] = {}
    for group in groups:
        lanes.setdefault(catalog.get(group[0]).provider, []).append(group)
    return list(lanes.values())


def cmd_refresh(args: argparse.Namespace, settings: Settings) -> int:
    ids = list(args.only or [s.id for s in catalog.CATALOG if s.provider != "user"])
    unknown = [i for i in ids if not catalog.is_known(i) and catalog.normalize_ticker(i) != i]
    if unknown:
        print(
            f"rotation refresh: not catalog ids or Yahoo symbols: {', '.join(unknown)}",
            file=sys.stderr,
        )
        return 2
    if settings.read_only:
        print(
            "rotation refresh: this is a read-only replica (ROTATION_READ_ONLY=1); run the "
            "refresh job where the store may be written.",
            file=sys.stderr,
        )
        return 2
    network = [s for s in build_sources(settings) if s.name in NETWORK_SOURCES]
    if not network:
        message = (
            f"No network source in ROTATION_SOURCES ({','.join(settings.sources)}): nothing to "
            "refresh. csvdir files are read directly and demo data is never cached."
        )
        if args.json:
            _print_json(
                {"refreshed_at": None, "series": [], "ok": 0, "failed": 0, "message": message}
            )
        else:
            print(message)
        return 0

    store = open_store(settings)
    before = store.manifest()
    BACKOFF.reset()
    rows = []
    results: dict[int, Loaded] = {}
    groups = _refresh_groups(ids)
    with tqdm(
        total=len(ids), desc="refresh", unit="series", file=sys.stderr, disable=args.json
    ) as bar:

        def lane(mine: list[list[str]]) -> None:
            for group in mine:
                results[id(group)] = fetch_series(group, settings, sources=network, force_live=True)
                bar.update(len(group))

        lanes = _by_provider(groups)
        with ThreadPoolExecutor(max_workers=max(1, len(lanes))) as pool:
            list(pool.map(lane, lanes))
        for group in groups:
            loaded = results[id(group)]
            for sid in group:
                prov = loaded.provenance[sid]
                had = before[sid].rows if sid in before else 0
                ok = prov.status in ("live", "cached") and not any(
                    n.startswith(NOT_STORED) for n in prov.notes
                )
                rows.append(
                    {
                        "id": sid,
                        "ok": ok,
                        "status": prov.status,
                        "source": prov.source,
                        "rows": prov.rows,
                        "rows_added": max(prov.rows - had, 0) if ok else 0,
                        "last_date": prov.last_date.isoformat() if prov.last_date else None,
                        "why": "" if ok else "; ".join(prov.notes),
                    }
                )
    failed = [r for r in rows if not r["ok"]]
    hints = _fix_hints(failed)
    if args.json:
        _print_json(
            {
                "refreshed_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "series": rows,
                "ok": len(rows) - len(failed),
                "failed": len(failed),
                "hints": hints,
            }
        )
    else:
        for r in rows:
            mark = "ok  " if r["ok"] else "FAIL"
            extra = f"+{r['rows_added']} rows, to {r['last_date']}" if r["ok"] else r["why"]
            print(f"{mark} {r['id']:<22} {extra}")
        print(f"{len(rows) - len(failed)} ok, {len(failed)} failed")
        for hint in hints:
            print(f"fix: {hint}")
    return 1 if failed else 0


def _fix_hints(failed: list[dict]) -> list[str]:
    """The one step that fixes failures shared by many series, said once (FRED's 403)."""
    from dashboard.data.sources.fred import KEY_REQUIRED

    return [KEY_REQUIRED] if any(KEY_REQUIRED in r["why"] for r in failed) else []


# --- doctor --------------------------------------------------------------------------------------
def _source_health(built) -> list[dict]:
    """Each source's health check, side by side (each is bounded by its own timeout, so a
    silent network costs the slowest check, not their sum), in the order of ``built``."""

    def check(source) -> dict:
        try:
            health = source.health()
            return {"source": health.source, "ok": health.ok, "detail": health.detail}
        except Exception as exc:  # noqa: BLE001 - doctor reports, never crashes
            return {"source": source.name, "ok": False, "detail": f"{type(exc).__name__}: {exc}"}

    if not built:
        return []
    with ThreadPoolExecutor(max_workers=len(built), thread_name_prefix="doctor") as pool:
        return list(pool.map(check, built))


def data_report(
    settings: Settings, built: Sequence[Source], now: datetime
) -> tuple[freshness.DataStatus, dict[str, Entry]]:
    """Every catalog series as it is served right now, without contacting any provider (a
    health check must not refresh what it checks): a network source's stored copy, else the
    data folder or the demo; and the store's manifest (when each copy was last refreshed)."""
    specs = list(catalog.CATALOG)
    manifest = open_store(settings).manifest()
    if settings.read_only:  # a replica serves the store (then local sources), never a provider
        served = fetch_series([s.id for s in specs], settings, now=now).provenance
        scan = freshness.folder_scan(settings.data_dir) if "csvdir" in settings.sources else None
        return freshness.data_status(served.values(), now.date(), scan), manifest
    local_sources = [s for s in built if s.name not in NETWORK_SOURCES]
    local = (
        fetch_series([s.id for s in specs], settings, sources=local_sources).provenance
        if local_sources
        else {}
    )
    served = freshness.served_offline(
        specs,
        built,
        local,
        manifest,
        is_fresh=lambda spec, entry: now - entry.fetched_at < settings.freshness(spec.frequency),
    )
    scan = freshness.folder_scan(settings.data_dir) if "csvdir" in settings.sources else None
    return freshness.data_status(served.values(), now.date(), scan), manifest


def cmd_doctor(args: argparse.Namespace, settings: Settings) -> int:
    built = build_sources(settings)
    sources = _source_health(built)
    store = open_store(settings)
    health = store.health()  # where replicas read: as vital as a source
    now = datetime.now(UTC)
    report, manifest = data_report(settings, built, now)
    series = []
    for row in report.series:
        entry = manifest.get(row.id)
        series.append(
            {
                **row.to_json(),
                "csv_file": report.files.get(row.id),
                "cached_at": entry.fetched_at.isoformat(timespec="seconds") if entry else None,
            }
        )
    payload = {
        "settings": {
            "sources": list(settings.sources),
            "cache_dir": str(settings.cache_dir),
            "read_only": settings.read_only,
            "data_dir": str(settings.data_dir) if settings.data_dir else None,
            "fred_api_key": "set" if settings.fred_api_key else "not set",
            "http_timeout_s": settings.http_timeout,
            "warnings": list(settings.warnings),
        },
        "sources": sources,
        "store": {
            "location": settings.store_location,
            "ok": health.ok,
            "detail": health.detail,
            "guarantee": store.guarantee,
        },
        "today": report.today.isoformat(),
        "series": series,
        "stale": list(report.stale),
        "unavailable": list(report.unavailable),
        "skipped_files": [{"name": f.name, "reason": f.reason} for f in report.skipped],
        "quarantined": [p.name for p in store.quarantined()],
    }
    if args.json:
        _print_json(payload)
    else:
        _print_doctor(payload, report)
    return 0 if all(src["ok"] for src in sources) and health.ok else 1


def _print_doctor(payload: dict, report: freshness.DataStatus) -> None:
    s = payload["settings"]
    print(f"sources: {', '.join(s['sources'])}   cache: {s['cache_dir']}")
    print(f"data dir: {s['data_dir'] or '-'}   FRED key: {s['fred_api_key']}")
    for w in s["warnings"]:
        print(f"warning: {w}")
    for src in payload["sources"]:
        print(f"{'ok  ' if src['ok'] else 'DOWN'} {src['source']:<7} {src['detail']}")
    store = payload["store"]
    print(f"{'ok  ' if store['ok'] else 'DOWN'} store   {store['detail']}")
    print(
        f"series on {report.today:%Y-%m-%d} (age: days since the last observation; stale past "
        "its frequency's limit):"
    )
    for row in report.series:
        if row.status == "unavailable":
            print(f"     {row.id:<22} unavailable: {'; '.join(row.notes)}")
            continue
        span = f"{row.first_date:%Y-%m-%d} .. {row.last_date:%Y-%m-%d}"
        flag = "STALE" if row.stale else "fresh"
        print(
            f"     {row.id:<22} {row.source + '/' + row.status:<18} {row.rows:>6,} rows  {span}"
            f"  {row.age_days:>5,} d old (limit {row.limit_days}) {flag}"
        )
    fresh = sum(r.stale is False for r in report.series)
    print(f"{fresh} fresh, {len(report.stale)} stale, {len(report.unavailable)} unavailable")
    if report.skipped:
        print(f"files in the data folder not read ({len(report.skipped)}):")
        width = max(len(f.name) for f in report.skipped)
        for f in report.skipped:
            print(f"     {f.name:<{width}}  {f.reason}")
    if payload["quarantined"]:
        print(f"quarantined files: {', '.join(payload['quarantined'])}")


# --- signals -------------------------------------------------------------------------------------
def cmd_signals(args: argparse.Namespace, settings: Settings) -> int:
    from dashboard import scoring
    from dashboard.signals import scorecard as rules
    from dashboard.views.format import headline, status_text, value_text

    loaded = fetch_series(rules.required_series(), settings)
    # the same default as the scorecard: today, so everything already published counts
    as_of = args.as_of or date.today()
    signals = scoring.compute(loaded, as_of=as_of, settings=settings)
    last_data = scoring.last_data_date(loaded, as_of)
    missing = scoring.shortfalls(signals)
    complete = not any(missing.values())
    payload = {
        "as_of": as_of.isoformat(),
        "data_last_date": last_data.isoformat() if last_data else None,
        "complete": complete,
        **missing,
        "tally": scoring.tally(signals),
        "headline": headline(signals),
        "signals": [{**s.to_json(), "view": s.view} for s in signals],
    }
    if args.json:
        _print_json(payload)
    else:
        print(f"Great Rotation 2026 scorecard as of {payload['as_of']}")
        for signal in signals:
            value = value_text(signal)
            flag = " [synthetic]" if signal.synthetic else ""
            status = status_text(signal)
            print(f"  {status:<26} {signal.id:<22} {value:<18}{flag} {signal.detail}")
        counts = payload["tally"]
        print(
            f"{payload['headline']} ("
            + ", ".join(f"{n} {status}" for status, n in counts.items())
            + ")"
        )
        if not complete:
            parts = [
                f"{len(ids)} {what} ({', '.join(ids)})"
                for what, ids in (
                    ("stale", missing["stale"]),
                    ("unavailable", missing["unavailable"]),
                    ("on synthetic data", missing["synthetic"]),
                )
                if ids
            ]
            print("Incomplete: " + "; ".join(parts) + " (exit status 1)")
    return 0 if complete else 1


def _date(raw: str) -> date:
    try:
        value = date.fromisoformat(raw)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a YYYY-MM-DD date: {raw!r}") from exc
    if not date(1950, 1, 1) <= value <= date.today():
        raise argparse.ArgumentTypeError(f"{raw} is outside 1950-01-01 .. today")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="rotation", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("refresh", help="fill the cache from the network sources")
    p.add_argument("--only", nargs="+", metavar="ID", help="refresh only these series")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p = sub.add_parser("doctor", help="check sources and cache freshness")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    add_publish_parser(sub)
    p = sub.add_parser("signals", help="print the thesis scorecard")
    p.add_argument("--as-of", type=_date, default=None, help="use only data public on this date")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    return parser


COMMANDS = {
    "refresh": cmd_refresh,
    "doctor": cmd_doctor,
    "signals": cmd_signals,
    "publish": cmd_publish,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = get_settings()
    for warning in settings.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return COMMANDS[args.command](args, settings)


if __name__ == "__main__":
    raise SystemExit(main())
