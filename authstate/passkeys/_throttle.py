"""Passwordless sign-in failures, throttled per client IP like primary logins.

A discoverable assertion names no username, so only the client IP is counted (a shared
"passwordless" account counter would let one client throttle everyone). Each attempt reserves its
place in ``THROTTLE.IP_FAILURES`` per ``THROTTLE.WINDOW`` before the assertion is checked
(``authstate._attempts``); a success gives it back. Past the limit the answer is ``429 throttled``
with ``Retry-After``, before any verification, signal or audit row: failures write at most
``IP_FAILURES`` audit rows per client IP per window.
"""

from __future__ import annotations

import hashlib

from django.http import HttpRequest

from authstate import _attempts as attempts
from authstate import _clock as clock
from authstate import _throttling as throttling
from authstate.conf import auth_settings
from authstate.exceptions import Throttled
from authstate.logins import _request_info as request_info

__all__ = ["PREFIX", "release", "reserve"]


PREFIX = "authstate:throttle:passkey-ip:"


def reserve(request: HttpRequest) -> str | None:
    """Take this attempt's place, or raise ``Throttled`` holding nothing; ``None`` when off."""
    settings = auth_settings.throttle
    if not settings.enabled or not settings.ip_failures:
        return None
    key = _key(request)
    if attempts.reserve(key, _window() + 1) > settings.ip_failures:
        attempts.release(key)
        raise Throttled(retry_after=throttling.retry_after())
    return key


def release(key: str | None) -> None:
    if key is not None:
        attempts.release(key)


def _key(request: HttpRequest) -> str:
    ip = request_info.client_ip(request) or "unknown"
    digest = hashlib.sha256(ip.encode()).hexdigest()[:32]
    return f"{PREFIX}{digest}:{int(clock.now() // _window())}"


def _window() -> float:
    return max(1.0, auth_settings.throttle.window.total_seconds())
