"""The one HTTP client the FRED (keyed and keyless), ALFRED and OFR paths share: a requests-cache
session.

Why a cache in front of FRED at all, when the parquet store already keeps every series? The
store decides *when* to ask; this cache makes asking cheap and safe:

* identical requests within a series' freshness window (``settings.FRESHNESS`` by frequency)
  are answered from ``<cache_dir>/http_cache.sqlite`` without touching the network;
* when FRED errors or times out after that window, the expired copy is served instead
  (``stale_if_error``) and the caller can say so (:attr:`Served.refresh_failure`);
* only ``200`` answers that are not HTML pages are stored, so an error page never poses as data.

Secrets: FRED wants its key as the ``api_key`` query parameter. requests-cache's
``ignored_parameters`` keeps it out of cache keys and strips it from the request/response URLs
it stores. urllib3 and requests-cache still log full URLs (and exceptions quoting them), so a
log filter on those loggers rewrites ``api_key=...`` to ``api_key=***``; :func:`scrub` does the
same for any message we build ourselves.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path

import requests
from requests_cache import CachedSession

from dashboard.errors import SourceUnavailable
from dashboard.settings import FRESHNESS, Settings

HTTP_CACHE_FILE = "http_cache.sqlite"
#: Query parameters that carry credentials: never in cache keys, stored URLs, logs or messages.
SECRET_PARAMS = ("api_key",)
#: Loggers that print request URLs or exceptions quoting them.
URL_LOGGERS = (
    "urllib3.connectionpool",
    "urllib3.poolmanager",
    "urllib3.util.retry",
    "requests_cache.session",
    "requests_cache.policy.actions",
)

_SECRET_VALUE = re.compile(
    r"(?P<name>\b(?:" + "|".join(SECRET_PARAMS) + r"))(?P<sep>=|%3D)[^&\s'\"<>)]*",
    re.IGNORECASE,
)


def scrub(text: str) -> str:
    """``text`` with the value of every secret query parameter replaced by ``***``."""
    return _SECRET_VALUE.sub(r"\g<name>\g<sep>***", text)


class _RedactSecrets(logging.Filter):
    """Rewrites a log record so no secret query parameter survives in its message or traceback.

    The formatted traceback is stored in ``exc_text`` (which formatters print as is) and
    ``exc_info`` dropped, because the exception objects themselves quote the full URL.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = scrub(message)
        if clean != message:
            record.msg, record.args = clean, ()
        if record.exc_info:
            record.exc_text = scrub(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = scrub(record.exc_text)
        return True


def _install_log_redaction() -> None:
    for name in URL_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, _RedactSecrets) for f in logger.filters):
            logger.addFilter(_RedactSecrets())


def _is_cacheable(response: requests.Response) -> bool:
    """HTML is never data here: a portal or error page served with 200 must not be cached."""
    return "html" not in response.headers.get("Content-Type", "").lower()


class TimeoutCachedSession(CachedSession):
    """A ``CachedSession`` whose requests time out by default.

    requests has no session-wide timeout (a forgotten ``timeout=`` waits forever), so ``send``
    fills in ``timeout`` whenever the caller left it unset.
    """

    def __init__(self, cache_path: Path, timeout: float) -> None:
        super().__init__(
            str(cache_path),
            backend="sqlite",
            expire_after=min(FRESHNESS.values()),
            allowable_codes=(200,),
            allowable_methods=("GET",),
            ignored_parameters=SECRET_PARAMS,
            stale_if_error=True,
            filter_fn=_is_cacheable,
        )
        self.timeout = timeout

    def send(self, request, **kwargs):
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = self.timeout
        return super().send(request, **kwargs)


@cache
def _session(cache_dir: Path, timeout: float) -> TimeoutCachedSession:
    cache_dir.mkdir(parents=True, exist_ok=True)
    _install_log_redaction()
    return TimeoutCachedSession(cache_dir / HTTP_CACHE_FILE, timeout)


def get_session(settings: Settings) -> TimeoutCachedSession:
    """The shared session for ``settings.cache_dir`` (one per cache dir and timeout)."""
    return _session(Path(settings.cache_dir), float(settings.http_timeout))


def from_cache(response: requests.Response) -> bool:
    """Whether requests-cache answered ``response`` from its store rather than the network."""
    return bool(getattr(response, "from_cache", False))


def is_stale(response: requests.Response) -> bool:
    """Whether ``response`` is an expired cached copy, which requests-cache only hands out
    (``stale_if_error``) when refreshing it failed."""
    return from_cache(response) and bool(getattr(response, "is_expired", False))


@dataclass(frozen=True, slots=True)
class Served:
    """A response plus how it was obtained."""

    response: requests.Response
    from_cache: bool
    #: why refreshing failed when an expired copy was served ("HTTP 500", "no response"), else ""
    refresh_failure: str = ""
    cached_at: datetime | None = None  #: when the served copy was fetched (UTC), if cached

    @property
    def status(self) -> int:
        return self.response.status_code

    @property
    def not_cached(self) -> bool:
        """True for the synthetic 504 requests-cache returns to a cache-only request it cannot
        satisfy."""
        return self.from_cache and self.status == 504


def _failure_reason(exc: requests.RequestException, timeout: float) -> str:
    if isinstance(exc, requests.Timeout):
        return f"timed out after {timeout:g} s"
    if isinstance(exc, requests.ConnectionError):
        return "connection failed"
    return type(exc).__name__


def get(
    session: TimeoutCachedSession,
    url: str,
    *,
    source: str,
    label: str,
    params: dict[str, str] | None = None,
    expire_after: timedelta | None = None,
    timeout: float | None = None,
    cache_only: bool = False,
    refresh: bool = False,
) -> Served:
    """GET ``url`` through ``session``; any HTTP status is returned, never raised.

    Raises ``SourceUnavailable`` (message scrubbed, no chained exception quoting the URL) when
    no response arrived and no cached copy could stand in. ``cache_only`` answers from the cache
    or with a 504 (:attr:`Served.not_cached`); ``refresh`` skips the cache read.
    """
    failures: list[str] = []

    def note_failure(response: requests.Response, *args, **kwargs) -> None:
        """Response hook: sees the live error response requests-cache replaces with a stale copy."""
        if not from_cache(response) and response.status_code >= 400:
            failures.append(f"HTTP {response.status_code}")

    effective_timeout = session.timeout if timeout is None else timeout
    # A redirect would carry a secret query parameter to wherever it points, and requests-cache
    # would store the redirect hop's URL, key included: requests with a secret never follow one
    # (the 3xx comes back as the answer, and callers treat it as a failure).
    follow = not any(name in (params or {}) for name in SECRET_PARAMS)
    reason = ""
    try:
        response = session.get(
            url,
            params=params,
            timeout=effective_timeout,
            expire_after=expire_after,
            only_if_cached=cache_only,
            force_refresh=refresh,
            allow_redirects=follow,
            hooks={"response": note_failure},
        )
    except requests.RequestException as exc:
        reason = _failure_reason(exc, effective_timeout)
    if reason:
        # raised outside the except block: requests' exception (whose text quotes the full URL,
        # key included) must not ride along as __context__
        raise SourceUnavailable(f"{label} unreachable ({reason})", source=source)
    redact_urls(response)
    cached = from_cache(response)
    return Served(
        response=response,
        from_cache=cached,
        refresh_failure=(failures[0] if failures else "no response") if is_stale(response) else "",
        cached_at=getattr(response, "created_at", None) if cached else None,
    )


def redact_urls(response: requests.Response) -> None:
    """Scrub secret query parameters from the URLs a response carries: its own, its request's
    and those of every redirect in its history (requests keeps them all, key included)."""
    for hop in (*response.history, response):
        hop.url = scrub(hop.url or "")
        request = getattr(hop, "request", None)
        if request is not None and getattr(request, "url", None):
            request.url = scrub(request.url)
