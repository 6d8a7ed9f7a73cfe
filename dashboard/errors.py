"""Typed errors. Pages turn them into messages; nothing here ever reaches the user as a traceback."""

from __future__ import annotations


class RotationError(Exception):
    """Base class: every error the dashboard raises on purpose."""


class SourceError(RotationError):
    """A data source could not deliver. ``source`` names the adapter (yahoo, fred, ...)."""

    def __init__(self, message: str, *, source: str = "", series_id: str = "") -> None:
        super().__init__(message)
        self.source = source
        self.series_id = series_id


class SourceUnavailable(SourceError):
    """The provider cannot be reached or answered with an error (network, 5xx, timeout)."""


class RateLimited(SourceUnavailable):
    """The provider throttled us; back off and serve the cache."""


class SeriesNotFound(SourceError):
    """The provider has no such series or ticker (or returned no usable values for it)."""
