"""``rotation publish``: copy local data (the data folder, or the labelled demo) into the store.

``rotation refresh`` fills the store from the network providers. A team whose data arrives as
files (a vendor's CSV exports in ``ROTATION_DATA_DIR``), or a demo cluster with no network, runs
``rotation publish --from csvdir`` (or ``--from demo``) on the refresh host instead, so that
read-only replicas on other hosts serve the same series from the shared store. Each series is
written whole (the file is the authority, not merged); its provenance keeps the source
(``csvdir`` / ``demo``: demo data stays labelled synthetic on every replica) and the file path.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import UTC, datetime

from dashboard.data import catalog
from dashboard.data.replica import LOCAL_SOURCES
from dashboard.data.sources.base import Fetched
from dashboard.data.store import StoreError, open_store
from dashboard.settings import Settings


def _sources(names: Sequence[str], settings: Settings):
    """The local sources named, in order; a message instead when one cannot be built."""
    built = []
    for name in names:
        if name == "csvdir":
            if settings.data_dir is None:
                return None, "--from csvdir needs ROTATION_DATA_DIR (a folder of CSV files)."
            from dashboard.data.sources.csvdir import CsvDirSource

            built.append(CsvDirSource(settings.data_dir))
        elif name == "demo":
            from dashboard.data.sources.demo import DemoSource

            built.append(DemoSource())
    return built, None


def publish(
    settings: Settings,
    names: Sequence[str],
    ids: Sequence[str] | None = None,
    *,
    now: datetime | None = None,
) -> list[dict]:
    """Write every series the named local sources deliver (first source wins) to the store.

    Returns one row per series: id, ok, source, rows, last_date, why.
    """
    built, problem = _sources(names, settings)
    if problem:
        raise ValueError(problem)
    now = now or datetime.now(UTC)
    store = open_store(settings)
    wanted = [catalog.get(i) for i in (ids or [s.id for s in catalog.CATALOG])]
    pending = {spec.id: spec for spec in wanted}
    why: dict[str, list[str]] = {spec.id: [] for spec in wanted}
    rows: dict[str, dict] = {}
    for source in built:
        batch = [spec for spec in pending.values() if source.supports(spec)]
        if not batch:
            continue
        try:
            outcomes = source.fetch(batch)
        except Exception as exc:  # noqa: BLE001 - a local source failing must not stop the others
            outcomes = {spec.id: exc for spec in batch}
        for spec in batch:
            outcome = outcomes.get(spec.id)
            if not isinstance(outcome, Fetched) or outcome.series.empty:
                why[spec.id].append(f"{source.name}: {outcome or 'returned nothing'}")
                continue
            notes = list(outcome.notes)
            if outcome.fetched_at is not None and source.name == "csvdir":
                notes.append(f"file modified {outcome.fetched_at:%Y-%m-%d %H:%M} UTC")
            try:
                entry = store.write(
                    spec.id,
                    outcome.series,
                    source=source.name,
                    origin=outcome.origin,
                    notes=tuple(notes),
                    fetched_at=now,
                    merge=False,
                )
            except StoreError as exc:
                why[spec.id].append(f"store: {exc}")
                continue
            rows[spec.id] = {
                "id": spec.id,
                "ok": True,
                "source": source.name,
                "rows": entry.rows,
                "last_date": entry.last_date.isoformat() if entry.last_date else None,
                "why": "",
            }
            del pending[spec.id]
    for sid in pending:
        rows[sid] = _failed_row(sid, "; ".join(why[sid]) or "no named source serves it")
    return [rows[spec.id] for spec in wanted]


def _failed_row(series_id: str, why: str) -> dict:
    return {"id": series_id, "ok": False, "source": "", "rows": 0, "last_date": None, "why": why}


def add_publish_parser(sub) -> None:
    p = sub.add_parser("publish", help="copy the data folder (or the demo) into the store")
    p.add_argument(
        "--from",
        dest="sources",
        default="csvdir",
        help="local sources, in order, comma-separated: csvdir,demo (default csvdir)",
    )
    p.add_argument("--only", nargs="+", metavar="ID", help="publish only these series")
    p.add_argument("--json", action="store_true", help="print one JSON object")


def cmd_publish(args: argparse.Namespace, settings: Settings) -> int:
    names = [n.strip().lower() for n in str(args.sources).split(",") if n.strip()]
    bad = [n for n in names if n not in LOCAL_SOURCES]
    unknown = [i for i in args.only or () if not catalog.is_known(i)]
    if not names or bad or unknown:
        what = f"unknown sources {bad or names}" if (bad or not names) else f"unknown ids {unknown}"
        print(f"rotation publish: {what}; --from takes csvdir and/or demo", file=sys.stderr)
        return 2
    if settings.read_only:
        print(
            "rotation publish: this is a read-only replica (ROTATION_READ_ONLY=1); publish "
            "from the host that refreshes the store.",
            file=sys.stderr,
        )
        return 2
    try:
        rows = publish(settings, names, args.only)
    except ValueError as exc:
        print(f"rotation publish: {exc}", file=sys.stderr)
        return 2
    failed = [r for r in rows if not r["ok"]]
    if args.json:
        payload = {
            "published_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "store": settings.store_location,
            "series": rows,
            "ok": len(rows) - len(failed),
            "failed": len(failed),
        }
        print(json.dumps(payload, indent=1))
    else:
        for r in rows:
            detail = f"{r['source']}, {r['rows']} rows to {r['last_date']}" if r["ok"] else r["why"]
            print(f"{'ok  ' if r['ok'] else 'FAIL'} {r['id']:<22} {detail}")
        print(f"{len(rows) - len(failed)} ok, {len(failed)} failed -> {settings.store_location}")
    return 1 if failed else 0
