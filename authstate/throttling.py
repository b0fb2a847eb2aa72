"""Login throttles: failed primary logins counted per client IP and per username.

Lockout (``authstate.mfa.lockout``) stops guessing against one account; it does not stop one
client spraying a common password over many accounts, nor slow an attacker where lockout is
configured loosely. This module counts *failures* in fixed windows of ``THROTTLE.WINDOW`` on the
shared cache (so every instance sees the same counts): past ``IP_FAILURES`` from one client IP
(``request_info.client_ip``, which believes ``X-Forwarded-For`` only from ``TRUSTED_PROXIES``) or
``ACCOUNT_FAILURES`` for one username, every login attempt answers ``429 throttled`` with
``Retry-After`` until the window ends, before the password is checked. Successful logins cost one
cache read and count nothing, so a busy office behind one NAT address is not throttled for
signing in. Unknown usernames are counted exactly like known ones (no enumeration).
"""

from __future__ import annotations

import hashlib
import math
import time

from django.core.cache import BaseCache, caches
from django.http import HttpRequest

from authstate.conf import auth_settings
from authstate.exceptions import Throttled
from authstate.logins import request_info

PREFIX = "authstate:throttle:"


def now() -> float:
    """The clock; tests replace it."""
    return time.time()


def check(request: HttpRequest, username: str) -> None:
    """Raise ``Throttled`` when the client IP or the username is over its limit in this window."""
    settings = auth_settings.throttle
    if not settings.enabled:
        return
    keys = _keys(request, username)
    counts = _cache().get_many(list(keys))
    for key, limit in keys.items():
        if limit and counts.get(key, 0) >= limit:
            raise Throttled(retry_after=retry_after())


def failed(request: HttpRequest, username: str) -> None:
    """Count one failed login against the client IP and the username."""
    if not auth_settings.throttle.enabled:
        return
    cache, timeout = _cache(), math.ceil(_window()) + 1
    for key, limit in _keys(request, username).items():
        if limit:
            cache.add(key, 0, timeout=timeout)
            cache.incr(key)


def retry_after() -> int:
    """Whole seconds until the current window ends (at least 1)."""
    window = _window()
    return max(1, math.ceil(window - now() % window))


def _keys(request: HttpRequest, username: str) -> dict[str, int]:
    settings, window = auth_settings.throttle, int(now() // _window())
    ip = request_info.client_ip(request) or "unknown"
    account = username.strip().casefold()[:150]
    return {
        f"{PREFIX}ip:{_digest(ip)}:{window}": settings.ip_failures,
        f"{PREFIX}account:{_digest(account)}:{window}": settings.account_failures,
    }


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:32]


def _window() -> float:
    return max(1.0, auth_settings.throttle.window / 1000)


def _cache() -> BaseCache:
    return caches[auth_settings.cache_alias]
