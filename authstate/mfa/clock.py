"""The MFA clock, one function so tests can move time instead of sleeping."""

from __future__ import annotations

import time

__all__ = ["now"]


def now() -> float:
    return time.time()
