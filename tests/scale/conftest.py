"""A real S3 API on loopback: moto's server (``ThreadedMotoServer`` on 127.0.0.1), one per test
session, a fresh bucket per test. The credentials are canaries: tests assert they never show."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

#: fake credentials moto accepts; unique strings, so a leak anywhere is found by a search
ACCESS_KEY = "AKIARRCANARYKEY00042"
SECRET_KEY = "rrCanarySecret/0123456789abcdefGHIJKLmnop"
REGION = "us-east-1"
_BUCKETS = itertools.count(1)


@dataclass(frozen=True)
class Moto:
    endpoint: str

    def env(self) -> dict[str, str]:
        """The standard AWS variables a store (or a child process) needs for this server."""
        return {
            "AWS_ACCESS_KEY_ID": ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
            "AWS_ENDPOINT_URL": self.endpoint,
            "AWS_REGION": REGION,
            "AWS_EC2_METADATA_DISABLED": "true",  # never ask a metadata service for credentials
        }

    def client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            region_name=REGION,
        )

    def new_bucket(self) -> str:
        name = f"rr-test-{os.getpid()}-{next(_BUCKETS)}"
        self.client().create_bucket(Bucket=name)
        return name


@pytest.fixture(scope="session")
def moto_server() -> Iterator[Moto]:
    pytest.importorskip("s3fs", reason="the s3 extra (s3fs) is part of the dev install")
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield Moto(endpoint=f"http://{host}:{port}")
    finally:
        server.stop()


@pytest.fixture
def bucket(moto_server, monkeypatch) -> str:
    """A fresh bucket; the settings point the store at ``s3://<bucket>/team``."""
    for name, value in moto_server.env().items():
        monkeypatch.setenv(name, value)
    name = moto_server.new_bucket()
    monkeypatch.setenv("ROTATION_CACHE_DIR", f"s3://{name}/team")
    return name
