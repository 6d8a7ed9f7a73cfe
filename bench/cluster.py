"""A local cluster, as a team would deploy it, on one machine: ``make cluster`` / ``make cluster-stop``.

1. an S3 API: moto's server on 127.0.0.1 (in place of the team's bucket), bucket
   ``rotation-radar``, the store at ``s3://rotation-radar/team``;
2. one refresh pass into it: ``rotation publish --from csvdir,demo`` when ROTATION_DATA_DIR
   names a data folder, else ``--from demo`` (no network here; a real team runs
   ``rotation refresh`` on a schedule);
3. N read-only replicas (``ROTATION_READ_ONLY=1 streamlit run app.py``) on consecutive ports,
   each reading the bucket, none holding provider credentials.

Their process ids go to ``.cluster/cluster.json``; ``stop`` ends exactly those processes (after
checking each pid still runs what was started). The benchmark uses :func:`start` / :meth:`stop`
with free ports and no state file.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STATE = ROOT / ".cluster" / "cluster.json"
BUCKET = "rotation-radar"
STORE_URL = f"s3://{BUCKET}/team"
#: moto accepts any credentials; these stand in for the team's (never printed by the app)
LOCAL_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "local-cluster-key",
    "AWS_SECRET_ACCESS_KEY": "local-cluster-secret",
    "AWS_REGION": "us-east-1",
    "AWS_EC2_METADATA_DISABLED": "true",
}


@dataclass
class Proc:
    role: str  #: "s3" or "replica"
    pid: int
    marker: str  #: a string of its command line, checked before it is signalled
    url: str
    log: str


@dataclass
class Cluster:
    store_url: str
    endpoint: str
    procs: list[Proc] = field(default_factory=list)
    published: dict = field(default_factory=dict)

    @property
    def replica_urls(self) -> list[str]:
        return [p.url for p in self.procs if p.role == "replica"]

    def pids(self, role: str) -> list[int]:
        return [p.pid for p in self.procs if p.role == role]

    def stop(self) -> list[str]:
        """End every process this cluster started, replicas first; returns what was done."""
        done = []
        for proc in sorted(self.procs, key=lambda p: p.role != "replica"):
            done.append(f"{proc.role} pid {proc.pid}: {_end(proc)}")
        return done


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _port_free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _wait_http(url: str, proc: subprocess.Popen, timeout: float, log: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{url}: the process exited; see {log}:\n{log.read_text()[-1500:]}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout:.0f} s")


def _spawn(argv: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "wb") as out:
        # a session of its own: the cluster outlives `make cluster`, and Ctrl-C in that
        # terminal does not reach it; `stop` ends it by pid
        return subprocess.Popen(
            argv, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )


def base_env(endpoint: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ROTATION_", "AWS_"))}
    env.update(LOCAL_CREDENTIALS, AWS_ENDPOINT_URL=endpoint, ROTATION_CACHE_DIR=STORE_URL)
    env["STREAMLIT_BROWSER_GATHER_USAGE_STATS"] = "false"
    return env


def start(
    replicas: int = 2,
    *,
    first_port: int | None = None,
    s3_port: int | None = None,
    data_dir: str | None = None,
    logs: Path | None = None,
    replica_env: dict[str, str] | None = None,
) -> Cluster:
    """Start the S3 server, publish into it, start ``replicas`` read-only app processes."""
    logs = logs or ROOT / ".cluster"
    s3_port = s3_port or free_port()
    ports = (
        [first_port + i for i in range(replicas)]
        if first_port
        else [free_port() for _ in range(replicas)]
    )
    busy = [p for p in (s3_port, *ports) if not _port_free(p)]
    if busy:
        raise RuntimeError(f"ports in use: {busy} (is a cluster already running?)")
    endpoint = f"http://127.0.0.1:{s3_port}"
    cluster = Cluster(store_url=STORE_URL, endpoint=endpoint)
    try:
        log = logs / "s3.log"
        moto = _spawn(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(s3_port)],
            dict(os.environ),
            log,
        )
        cluster.procs.append(Proc("s3", moto.pid, "moto.server", endpoint, str(log)))
        _wait_http(f"{endpoint}/moto-api/", moto, 60, log)
        _create_bucket(endpoint)
        cluster.published = _publish(endpoint, data_dir)
        env = base_env(endpoint) | {"ROTATION_READ_ONLY": "1"} | (replica_env or {})
        started = []
        for port in ports:
            log = logs / f"replica-{port}.log"
            proc = _spawn(_streamlit(port), env, log)
            url = f"http://127.0.0.1:{port}"
            cluster.procs.append(Proc("replica", proc.pid, "streamlit", url, str(log)))
            started.append((proc, url, log))
        for proc, url, log in started:
            _wait_http(f"{url}/_stcore/health", proc, 120, log)
    except BaseException:
        cluster.stop()
        raise
    return cluster


def _streamlit(port: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "app.py",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
    ]


def _create_bucket(endpoint: str) -> None:
    import boto3

    boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id=LOCAL_CREDENTIALS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=LOCAL_CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
        region_name=LOCAL_CREDENTIALS["AWS_REGION"],
    ).create_bucket(Bucket=BUCKET)


def _publish(endpoint: str, data_dir: str | None) -> dict:
    """One refresh pass: the data folder's files (the demo for what it lacks), or the demo."""
    env = base_env(endpoint)
    sources = "demo"
    if data_dir:
        env["ROTATION_DATA_DIR"] = data_dir
        sources = "csvdir,demo"
    done = subprocess.run(
        [sys.executable, "-m", "dashboard.cli", "publish", "--from", sources, "--json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if done.returncode not in (0, 1):
        raise RuntimeError(f"rotation publish failed: {done.stderr[-2000:]}")
    out = json.loads(done.stdout)
    by_source: dict[str, int] = {}
    for row in out["series"]:
        if row["ok"]:
            by_source[row["source"]] = by_source.get(row["source"], 0) + 1
    return {"from": sources, "ok": out["ok"], "failed": out["failed"], "by_source": by_source}


def _runs(proc: Proc) -> bool:
    try:
        cmdline = Path(f"/proc/{proc.pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return False
    return proc.marker in cmdline


def _end(proc: Proc, grace: float = 10.0) -> str:
    """SIGTERM, then SIGKILL after ``grace`` seconds; only if the pid still runs our process."""
    if not _runs(proc):
        return "not running"
    os.kill(proc.pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(proc.pid, os.WNOHANG)  # reap it when it is our child
        if not _runs(proc):
            return "stopped"
        time.sleep(0.1)
    os.kill(proc.pid, signal.SIGKILL)
    return "killed"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.cluster", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("start", help="S3 server, one refresh pass, read-only replicas")
    p.add_argument("--replicas", type=int, default=2)
    p.add_argument("--port", type=int, default=int(os.environ.get("CLUSTER_PORT", 8601)))
    p.add_argument("--s3-port", type=int, default=int(os.environ.get("CLUSTER_S3_PORT", 5599)))
    sub.add_parser("stop", help="end the processes `start` recorded")
    args = parser.parse_args(argv)

    if args.command == "stop":
        if not STATE.exists():
            print("no cluster recorded (.cluster/cluster.json); nothing to stop")
            return 0
        raw = json.loads(STATE.read_text())
        cluster = Cluster(raw["store_url"], raw["endpoint"], [Proc(**p) for p in raw["procs"]])
        for line in cluster.stop():
            print(line)
        STATE.unlink()
        return 0

    if STATE.exists():
        print("a cluster is recorded in .cluster/cluster.json: `make cluster-stop` first")
        return 2
    data_dir = os.environ.get("ROTATION_DATA_DIR") or None
    try:
        cluster = start(
            args.replicas, first_port=args.port, s3_port=args.s3_port, data_dir=data_dir
        )
    except RuntimeError as exc:
        print(f"cluster: {exc}", file=sys.stderr)
        return 1
    STATE.parent.mkdir(parents=True, exist_ok=True)
    STATE.write_text(json.dumps(asdict(cluster), indent=1))
    pub = cluster.published
    print(f"S3 (moto) at {cluster.endpoint}, store {cluster.store_url}")
    print(
        f"published from {pub['from']}: {pub['ok']} series "
        f"({', '.join(f'{n} {s}' for s, n in pub['by_source'].items())}), {pub['failed']} failed"
    )
    for url in cluster.replica_urls:
        print(f"replica (read-only): {url}")
    print("logs in .cluster/; `make cluster-stop` ends these processes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
