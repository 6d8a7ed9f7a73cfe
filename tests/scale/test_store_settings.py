"""Where the store lives, read-only replicas and the refresh schedule, as settings: URLs accepted
and refused, credentials never kept in the URL, the cache key, the fingerprint or a message."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from dashboard.data.store import ObjectStore, Store, open_store
from dashboard.settings import PROJECT_ROOT, Secret, get_settings, store_credentials


@pytest.mark.parametrize(
    ("raw", "url"),
    [
        ("s3://team-bucket/rotation", "s3://team-bucket/rotation"),
        ("s3://team-bucket/rotation/", "s3://team-bucket/rotation"),
        ("s3://team-bucket", "s3://team-bucket"),
        ("gs://team-bucket/a/b", "gs://team-bucket/a/b"),
        ("az://container/rotation", "az://container/rotation"),
        ("memory://rr/x", "memory://rr/x"),
    ],
)
def test_an_object_store_url_moves_the_store_and_keeps_local_files_local(monkeypatch, raw, url):
    monkeypatch.setenv("ROTATION_CACHE_DIR", raw)
    settings = get_settings()
    assert settings.store_url == url == settings.store_location
    assert settings.cache_dir == PROJECT_ROOT / "data_cache"  # HTTP cache, user files
    assert isinstance(open_store(settings), ObjectStore)
    assert settings.warnings == ()


def test_a_local_folder_stays_the_default(tmp_path, monkeypatch):
    settings = get_settings()  # the test fixture sets a tmp folder
    assert settings.store_url == "" and isinstance(open_store(settings), Store)
    assert settings.store_location == str(settings.cache_dir)
    monkeypatch.setenv("ROTATION_CACHE_DIR", f"file://{tmp_path}/c")
    settings = get_settings()
    assert settings.store_url == "" and settings.cache_dir == Path(f"{tmp_path}/c")


@pytest.mark.parametrize("raw", ["ftp://host/x", "s3://", "http://example.com/x"])
def test_an_unusable_url_falls_back_to_the_local_folder_with_a_warning(monkeypatch, raw):
    monkeypatch.setenv("ROTATION_CACHE_DIR", raw)
    settings = get_settings()
    assert settings.store_url == "" and settings.cache_dir == PROJECT_ROOT / "data_cache"
    assert len(settings.warnings) == 1 and "local folder" in settings.warnings[0]


def test_credentials_written_into_the_url_are_dropped_and_never_echoed(monkeypatch):
    monkeypatch.setenv("ROTATION_CACHE_DIR", "s3://AKIAINURL0000000:pa55w0rdInUrl@bucket/p")
    settings = get_settings()
    assert settings.store_url == "s3://bucket/p"
    assert "credentials in the URL are ignored" in settings.warnings[0]
    everything = repr(settings) + settings.fingerprint + " ".join(settings.warnings)
    assert "pa55w0rdInUrl" not in everything and "AKIAINURL0000000" not in everything


def test_store_credentials_come_from_the_aws_variables_masked(monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAENV0000000000001")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "envSecretValue0123456789")
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9000")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-1")
    creds = store_credentials()
    assert isinstance(creds["key"], Secret) and isinstance(creds["secret"], Secret)
    assert creds["secret"].reveal() == "envSecretValue0123456789"
    assert creds["endpoint_url"] == "http://127.0.0.1:9000" and creds["region"] == "eu-west-1"
    assert "envSecretValue" not in repr(creds) and "AKIAENV" not in repr(creds)
    monkeypatch.setenv("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:9001")  # the S3-specific wins
    assert store_credentials()["endpoint_url"] == "http://127.0.0.1:9001"


def test_store_credentials_may_come_from_secrets(monkeypatch):
    import dashboard.settings as settings_module

    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_ENDPOINT_URL"):
        monkeypatch.delenv(name, raising=False)
    secrets = {"AWS_ACCESS_KEY_ID": "AKIASECRETS000000001", "AWS_SECRET_ACCESS_KEY": "fromSecrets"}
    monkeypatch.setattr(settings_module, "_secret_value", secrets.get)
    creds = store_credentials()
    assert creds["key"].reveal() == "AKIASECRETS000000001"
    assert creds["secret"].reveal() == "fromSecrets"


@pytest.mark.parametrize(
    ("raw", "read_only", "warns"),
    [
        (None, False, False),
        ("1", True, False),
        ("true", True, False),
        ("ON", True, False),
        ("0", False, False),
        ("no", False, False),
        ("maybe", True, True),  # fail safe: a replica that must not call providers
    ],
)
def test_read_only_flag(monkeypatch, raw, read_only, warns):
    if raw is not None:
        monkeypatch.setenv("ROTATION_READ_ONLY", raw)
    settings = get_settings()
    assert settings.read_only is read_only
    assert bool(settings.warnings) is warns


@pytest.mark.parametrize(
    ("raw", "span", "warns"),
    [
        (None, timedelta(hours=1), False),
        ("30m", timedelta(minutes=30), False),
        ("2h", timedelta(hours=2), False),
        ("1.5", timedelta(hours=1.5), False),
        ("1d", timedelta(days=1), False),
        ("0m", timedelta(hours=1), True),
        ("hourly", timedelta(hours=1), True),
        ("90d", timedelta(hours=1), True),
    ],
)
def test_refresh_schedule(monkeypatch, raw, span, warns):
    if raw is not None:
        monkeypatch.setenv("ROTATION_REFRESH_EVERY", raw)
    settings = get_settings()
    assert settings.refresh_every == span
    assert bool(settings.warnings) is warns


def test_the_fingerprint_separates_stores_and_modes_but_holds_no_credentials(monkeypatch):
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "fingerprintSecret0123")
    monkeypatch.setenv("ROTATION_CACHE_DIR", "s3://bucket-a/p")
    a = get_settings().fingerprint
    monkeypatch.setenv("ROTATION_CACHE_DIR", "s3://bucket-b/p")
    b = get_settings().fingerprint
    monkeypatch.setenv("ROTATION_READ_ONLY", "1")
    c = get_settings().fingerprint
    assert len({a, b, c}) == 3
    assert not any("fingerprintSecret" in f for f in (a, b, c))
