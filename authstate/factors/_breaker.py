"""A circuit breaker per sender (``email``, ``sms``), shared through the ``CACHE_ALIAS`` cache.

After ``CIRCUIT_BREAKER_FAILURE_THRESHOLD`` consecutive delivery failures the breaker opens for
``CIRCUIT_BREAKER_TIMEOUT_SECONDS``: the factor is then offered as unavailable (not an error) and
no delivery is attempted. After the timeout one delivery is tried again (half-open); its success
closes the breaker, its failure opens it again.
"""

from __future__ import annotations

from authstate import _clock as clock
from authstate._cache import shared
from authstate.conf import auth_settings

__all__ = ["PREFIX", "failed", "is_open", "succeeded"]


PREFIX = "authstate:breaker:"


def is_open(channel: str) -> bool:
    opened_until = shared().get(f"{PREFIX}{channel}:open")
    return opened_until is not None and float(opened_until) > clock.now()


def succeeded(channel: str) -> None:
    shared().delete_many([f"{PREFIX}{channel}:failures", f"{PREFIX}{channel}:open"])


def failed(channel: str) -> bool:
    """Count a failure; ``True`` when this one opened the breaker."""
    mfa = auth_settings.mfa
    key = f"{PREFIX}{channel}:failures"
    shared().add(key, 0, timeout=None)
    failures = shared().incr(key)
    if failures < mfa.circuit_breaker_failure_threshold:
        return False
    timeout = int(mfa.circuit_breaker_timeout.total_seconds())
    shared().set(f"{PREFIX}{channel}:open", clock.now() + timeout, timeout=timeout + 1)
    shared().set(key, 0, timeout=None)
    return True
