"""Typed settings from environment variables and ``st.secrets``.

Environment variables win over ``.streamlit/secrets.toml``; a missing secrets file is normal.

====================  =========================================================================
ROTATION_DATA_DIR     a folder of CSV exports (``IWM.csv``, ``ICSA.csv``...); when set, the
                      ``csvdir`` source comes first
ROTATION_SOURCES      source order, comma-separated, from ``csvdir,yahoo,ofr,fred,demo``
                      (default ``yahoo,ofr,fred,demo``, or ``csvdir,...`` first with a data dir)
ROTATION_CACHE_DIR    where the parquet store and HTTP cache live (default ``./data_cache``); also
                      an object-store URL (``s3://bucket/prefix``, ``gs://``, ``az://``): the
                      store lives there, the HTTP cache and user files stay in ``./data_cache``
ROTATION_READ_ONLY    ``1``: a replica that serves the store and never calls a provider
ROTATION_REFRESH_EVERY  how often the scheduled refresh runs (``30m``, ``1h``, ``1d``; default
                      ``1h``); a replica calls the job late when data is twice as old
FRED_API_KEY          the FRED API key (free); enables the keyed API and ALFRED first releases.
                      Without it the keyless fredgraph.csv is a fallback FRED may refuse (403)
ROTATION_HTTP_TIMEOUT seconds: every request's connect/read timeout and the most a page or a
                      refresh batch waits for one provider (plus a small margin); default 10
ROTATION_FRED_URL     FRED API root (default ``https://api.stlouisfed.org/fred``)
ROTATION_FREDGRAPH_URL  keyless CSV endpoint (default ``https://fred.stlouisfed.org/graph/fredgraph.csv``)
ROTATION_OFR_URL      OFR Short-term Funding Monitor API root
                      (default ``https://data.financialresearch.gov/v1``)
====================  =========================================================================

Base URLs exist for mirrors and tests; a value that is not an ``http(s)://`` URL is ignored with
a warning. Proxies come from the standard ``HTTPS_PROXY`` / ``NO_PROXY`` variables (requests and
curl honour them), a corporate CA from ``REQUESTS_CA_BUNDLE`` / ``CURL_CA_BUNDLE``.

The FRED key is wrapped in :class:`Secret`, whose ``repr``/``str`` are masked, so it cannot
leak into logs, error messages, the page or cache keys by accident. Object-store credentials are
the standard AWS variables (``AWS_ACCESS_KEY_ID``, ``AWS_SECRET_ACCESS_KEY``,
``AWS_SESSION_TOKEN``, ``AWS_ENDPOINT_URL``, ``AWS_REGION``, ``AWS_PROFILE``), read from the
environment or ``st.secrets`` by :func:`store_credentials`, masked the same way.
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

KNOWN_SOURCES = ("csvdir", "yahoo", "ofr", "fred", "demo")
DEFAULT_SOURCES = ("yahoo", "ofr", "fred", "demo")
FRED_API_URL = "https://api.stlouisfed.org/fred"
FREDGRAPH_URL = "https://fred.stlouisfed.org/graph/fredgraph.csv"
OFR_API_URL = "https://data.financialresearch.gov/v1"
DEFAULT_HTTP_TIMEOUT = 10.0
#: Seconds a page or refresh batch may wait beyond ``http_timeout`` for a provider's answer
#: (thread hand-off, parsing); see ``Settings.fetch_deadline``.
FETCH_MARGIN_S = 2.0
PROJECT_ROOT = Path(__file__).resolve().parents[1]

#: How long a stored series counts as fresh, by catalog frequency.
FRESHNESS: dict[str, timedelta] = {
    "B": timedelta(hours=1),
    "D": timedelta(hours=1),
    "BD": timedelta(hours=12),
    "W": timedelta(days=1),
    "M": timedelta(days=3),
    "Q": timedelta(days=7),
}


class Secret:
    """A string that never shows itself: ``repr`` and ``str`` print a mask."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('***')"

    __str__ = __repr__

    def __bool__(self) -> bool:
        return bool(self._value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(("Secret", len(self._value)))

    def __reduce__(self):  # pickling (st.cache_data hashing) must not carry the value
        return (Secret, ("",))


@dataclass(frozen=True)
class Settings:
    cache_dir: Path
    data_dir: Path | None
    sources: tuple[str, ...]
    fred_api_key: Secret | None = None
    http_timeout: float = DEFAULT_HTTP_TIMEOUT
    warnings: tuple[str, ...] = field(default_factory=tuple)
    fred_url: str = FRED_API_URL
    fredgraph_url: str = FREDGRAPH_URL
    ofr_url: str = OFR_API_URL
    #: the store on object storage (``s3://bucket/prefix``); "" = the local ``cache_dir``
    store_url: str = ""
    read_only: bool = False  #: a replica: serve the store, never call a provider
    refresh_every: timedelta = timedelta(hours=1)  #: the refresh job's schedule

    @property
    def fetch_deadline(self) -> float:
        """Seconds a page or a refresh batch waits for one provider, whatever the network does."""
        return self.http_timeout + FETCH_MARGIN_S

    @property
    def store_location(self) -> str:
        """Where the parquet store lives, as shown to people (never holds credentials)."""
        return self.store_url or str(self.cache_dir)

    @property
    def fingerprint(self) -> str:
        """Identifies the data configuration in cache keys (never includes the key itself)."""
        return "|".join(
            [
                str(self.cache_dir),
                str(self.data_dir or ""),
                ",".join(self.sources),
                "key" if self.fred_api_key else "nokey",
                self.fred_url,
                self.fredgraph_url,
                self.ofr_url,
                self.store_url,
                "ro" if self.read_only else "rw",
            ]
        )

    def freshness(self, frequency: str) -> timedelta:
        return FRESHNESS.get(frequency, timedelta(hours=1))


def _secret_value(name: str) -> str | None:
    """A value from ``st.secrets`` if Streamlit and a secrets file are present."""
    try:
        import streamlit as st

        # load_if_toml_exists() is the quiet check: no secrets file is the normal case
        if st.secrets.load_if_toml_exists() and name in st.secrets:
            return str(st.secrets[name])
    except Exception:  # noqa: BLE001 - no secrets file or unparseable: env vars only
        return None
    return None


def _value(name: str) -> str | None:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        value = _secret_value(name)
    return value.strip() if value and value.strip() else None


#: Object stores the parquet store accepts, through fsspec (s3 needs ``rotation-radar[s3]``,
#: gs gcsfs, az/abfs adlfs; memory is fsspec's in-process store, for tests).
STORE_PROTOCOLS = ("s3", "gs", "gcs", "az", "abfs", "memory")
_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off"})
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([mhd]?)\s*$", re.IGNORECASE)
_UNIT = {"m": "minutes", "h": "hours", "d": "days", "": "hours"}


def _store_url(raw: str | None) -> tuple[str, list[str]]:
    """The object-store URL in ``raw`` ("" for a local folder) and warnings about it.

    Credentials written into the URL (``s3://key:secret@bucket``) are dropped, never echoed:
    they belong in the AWS variables or secrets.
    """
    if not raw or "://" not in raw or raw.lower().startswith("file://"):
        return "", []
    parts = urlsplit(raw)
    scheme = parts.scheme.lower()
    if scheme not in STORE_PROTOCOLS:
        return "", [
            f"ROTATION_CACHE_DIR: {scheme}:// is not a supported store "
            f"({', '.join(STORE_PROTOCOLS)}); using the local folder."
        ]
    warnings = []
    host = parts.hostname or ""
    if parts.username or parts.password:
        warnings.append(
            "ROTATION_CACHE_DIR: credentials in the URL are ignored; set AWS_ACCESS_KEY_ID / "
            "AWS_SECRET_ACCESS_KEY (environment or secrets) instead."
        )
    if not host:
        return "", [*warnings, "ROTATION_CACHE_DIR names no bucket; using the local folder."]
    path = parts.path.strip("/")
    return f"{scheme}://{host}" + (f"/{path}" if path else ""), warnings


def cache_root(settings_cache_dir: str | None = None) -> Path:
    """The one place the local cache folder is decided (HTTP cache, user files, and the parquet
    store unless ROTATION_CACHE_DIR is an object-store URL: then see :func:`store_url`)."""
    raw = settings_cache_dir or _value("ROTATION_CACHE_DIR")
    if raw and ("://" not in raw or raw.lower().startswith("file://")):
        local = raw[len("file://") :] if raw.lower().startswith("file://") else raw
        return Path(local).expanduser().resolve()
    return PROJECT_ROOT / "data_cache"


def store_url(settings_cache_dir: str | None = None) -> str:
    """The object-store URL of the parquet store, or "" when it is the local folder."""
    return _store_url(settings_cache_dir or _value("ROTATION_CACHE_DIR"))[0]


def store_credentials() -> dict[str, str | Secret]:
    """Object-store options from the standard AWS variables (environment, then ``st.secrets``).

    Key, secret and session token come back as :class:`Secret`; only the store reveals them,
    to build its client. Nothing here is logged or shown.
    """
    found: dict[str, str | Secret] = {}
    for option, names in (
        ("key", ("AWS_ACCESS_KEY_ID",)),
        ("secret", ("AWS_SECRET_ACCESS_KEY",)),
        ("token", ("AWS_SESSION_TOKEN",)),
        ("endpoint_url", ("AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL")),
        ("region", ("AWS_REGION", "AWS_DEFAULT_REGION")),
        ("profile", ("AWS_PROFILE",)),
    ):
        value = next((v for v in map(_value, names) if v), None)
        if value:
            found[option] = Secret(value) if option in ("key", "secret", "token") else value
    return found


def _read_only(warnings: list[str]) -> bool:
    raw = _value("ROTATION_READ_ONLY")
    if raw is None or raw.lower() in _FALSE:
        return False
    if raw.lower() not in _TRUE:
        # fail safe: whoever set it meant a replica that must not call providers
        warnings.append("ROTATION_READ_ONLY is not 1/0 or true/false; read-only is on.")
    return True


def _refresh_every(warnings: list[str]) -> timedelta:
    raw = _value("ROTATION_REFRESH_EVERY")
    if raw is None:
        return timedelta(hours=1)
    match = _DURATION.match(raw)
    span = timedelta(**{_UNIT[match.group(2).lower()]: float(match.group(1))}) if match else None
    if span is None or not timedelta(minutes=1) <= span <= timedelta(days=31):
        warnings.append("ROTATION_REFRESH_EVERY is not a duration like 30m, 1h or 1d; using 1h.")
        return timedelta(hours=1)
    return span


def get_settings() -> Settings:
    """Read settings now (cheap; re-read on every call so tests and reruns see changes)."""
    warnings: list[str] = []
    data_dir = None
    raw_dir = _value("ROTATION_DATA_DIR")
    if raw_dir:
        data_dir = Path(raw_dir).expanduser().resolve()
        if not data_dir.is_dir():
            warnings.append(
                f"ROTATION_DATA_DIR={raw_dir} is not a folder; the csvdir source is off."
            )
            data_dir = None

    raw_sources = _value("ROTATION_SOURCES")
    if raw_sources:
        sources = []
        for name in (s.strip().lower() for s in raw_sources.split(",")):
            if name in KNOWN_SOURCES and name not in sources:
                sources.append(name)
            elif name:
                warnings.append(f"ROTATION_SOURCES: unknown source {name!r} ignored.")
        if not sources:
            warnings.append("ROTATION_SOURCES named no known source; using demo data.")
            sources = ["demo"]
    else:
        sources = ["csvdir", *DEFAULT_SOURCES] if data_dir else list(DEFAULT_SOURCES)
    if "csvdir" in sources and data_dir is None:
        sources.remove("csvdir")
        if raw_sources and "csvdir" in raw_sources:
            warnings.append("csvdir is listed in ROTATION_SOURCES but ROTATION_DATA_DIR is unset.")

    key = _value("FRED_API_KEY")
    timeout = DEFAULT_HTTP_TIMEOUT
    raw_timeout = _value("ROTATION_HTTP_TIMEOUT")
    if raw_timeout:
        try:
            timeout = float(raw_timeout)
        except ValueError:
            warnings.append("ROTATION_HTTP_TIMEOUT is not a number; using 10 s.")
        else:
            if not math.isfinite(timeout) or timeout <= 0:
                warnings.append("ROTATION_HTTP_TIMEOUT must be a positive number; using 10 s.")
                timeout = DEFAULT_HTTP_TIMEOUT
            timeout = min(max(0.1, timeout), 300.0)
    urls = {
        name: _url(name, default, warnings)
        for name, default in (
            ("ROTATION_FRED_URL", FRED_API_URL),
            ("ROTATION_FREDGRAPH_URL", FREDGRAPH_URL),
            ("ROTATION_OFR_URL", OFR_API_URL),
        )
    }

    url, store_warnings = _store_url(_value("ROTATION_CACHE_DIR"))
    warnings.extend(store_warnings)
    read_only = _read_only(warnings)
    refresh_every = _refresh_every(warnings)

    return Settings(
        cache_dir=cache_root(),
        data_dir=data_dir,
        sources=tuple(sources),
        fred_api_key=Secret(key) if key else None,
        http_timeout=timeout,
        warnings=tuple(warnings),
        fred_url=urls["ROTATION_FRED_URL"],
        fredgraph_url=urls["ROTATION_FREDGRAPH_URL"],
        ofr_url=urls["ROTATION_OFR_URL"],
        store_url=url,
        read_only=read_only,
        refresh_every=refresh_every,
    )


def _url(name: str, default: str, warnings: list[str]) -> str:
    """A base URL setting: ``http(s)://host...`` without a trailing slash, else the default."""
    raw = _value(name)
    if raw is None:
        return default
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        warnings.append(f"{name} is not an http(s) URL without a query; using {default}.")
        return default
    return raw.rstrip("/")
