"""Attempts are reserved before they are checked: one atomic counter per limit.

A limit read before a password or code is checked and counted after it lets concurrency multiply
guesses: twenty wrong codes sent at once all read "0 failures so far" and all get checked. Here
every attempt first *takes a number* from a counter on the shared cache (``add``, or ``incr``
when the counter exists: atomic on Redis and on Django's local-memory cache), and only an attempt whose number is within
the limit is checked at all. However many requests arrive at once, at most ``limit`` of them are
checked per window; the others are refused unchecked. A success gives its number back
(``release``) or clears the counter (``reset``), so right answers never use up the budget.

The cache is ``auth_settings.cache_alias``. Its ``incr`` must be atomic across every instance:
true of django-redis and memcached, true of ``LocMemCache`` within one process only, false of the
database and file caches.
"""

from __future__ import annotations

import math

from django.core.cache import BaseCache

from authstate._cache import shared

__all__ = ["cache", "count", "release", "reserve", "reset"]


def cache() -> BaseCache:
    return shared()


def reserve(key: str, timeout: float) -> int:
    """Take the next number of ``key`` (1 for the first attempt of a window of ``timeout`` s)."""
    store, seconds = cache(), max(1, math.ceil(timeout))
    for _ in range(3):
        if store.add(key, 1, timeout=seconds):  # the first of the window: one round trip
            return 1
        try:
            return int(store.incr(key))
        except ValueError:  # the window ended between add and incr: start the next one
            continue
    store.set(key, 1, timeout=seconds)
    return 1


def release(key: str) -> None:
    """Give back one number: the attempt it reserved succeeded, or was refused unchecked."""
    try:
        cache().decr(key)
    except ValueError:  # the window ended meanwhile: nothing left to give back
        pass


def reset(key: str) -> None:
    cache().delete(key)


def count(key: str) -> int:
    """Numbers taken and not given back in the current window (0 when none)."""
    return int(cache().get(key) or 0)
