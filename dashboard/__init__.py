"""Rotation Radar: the Great Rotation 2026 thesis as live, testable signals."""

__version__ = "0.1.0"
