"""Object-store credentials come from the AWS variables and never show: not in the CLI's output
(text or JSON), not in a log record, not in an error message, whether the bucket works or not."""

from __future__ import annotations

import json
import logging

import pytest

from dashboard import cli
from tests.scale.conftest import ACCESS_KEY, SECRET_KEY


def assert_no_credentials(*texts: str) -> None:
    for text in texts:
        assert ACCESS_KEY not in text and SECRET_KEY not in text
        assert SECRET_KEY[:12] not in text  # not even a prefix


@pytest.fixture
def logs(caplog):
    caplog.set_level(logging.INFO)  # everything a deployment's default logging would keep
    caplog.set_level(logging.DEBUG, logger="dashboard")  # and all of ours
    return caplog


def test_publish_and_doctor_against_the_bucket_never_show_them(bucket, capsys, logs):
    assert cli.main(["publish", "--from", "demo", "--json"]) == 0
    published = capsys.readouterr()
    assert json.loads(published.out)["store"] == f"s3://{bucket}/team"
    cli.main(["doctor", "--json"])
    doctor_json = capsys.readouterr()
    assert json.loads(doctor_json.out)["store"]["ok"]
    cli.main(["doctor"])
    doctor_text = capsys.readouterr()
    assert "store" in doctor_text.out
    assert_no_credentials(
        published.out, published.err, doctor_json.out, doctor_json.err, doctor_text.out,
        doctor_text.err, logs.text,
    )  # fmt: skip


@pytest.mark.parametrize("problem", ["missing bucket", "unreachable endpoint"])
def test_failures_name_the_store_but_not_the_credentials(
    bucket, monkeypatch, capsys, logs, problem
):
    if problem == "missing bucket":
        monkeypatch.setenv("ROTATION_CACHE_DIR", "s3://rr-no-such-bucket/team")
    else:
        monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
        monkeypatch.setenv("ROTATION_HTTP_TIMEOUT", "1")
    assert cli.main(["publish", "--from", "demo", "--only", "IWM", "--json"]) == 1
    out = capsys.readouterr()
    why = json.loads(out.out)["series"][0]["why"]
    assert why.startswith("store: ") and "s3://" in why
    assert cli.main(["doctor", "--json"]) == 1
    doctor = capsys.readouterr()
    assert not json.loads(doctor.out)["store"]["ok"]
    assert_no_credentials(out.out, out.err, doctor.out, doctor.err, logs.text)
