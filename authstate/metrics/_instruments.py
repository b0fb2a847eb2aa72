"""The metric objects, created once per process on the default Prometheus registry.

The default registry is used so a project that already exports ``prometheus_client`` metrics
(or runs ``django-prometheus``) sees authstate's too; creating them lazily keeps the import of
authstate free of the optional dependency.
"""

from __future__ import annotations

import importlib.util
import threading
from dataclasses import dataclass
from functools import cache
from typing import Any

from authstate.conf import auth_settings

__all__ = ["LATENCY_BUCKETS", "Instruments", "available", "instruments"]


#: Seconds; login and MFA requests include deliberate padding (``MINIMUM_DELAY_MS``).
LATENCY_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0)


@dataclass(frozen=True)
class Instruments:
    logins: Any
    login_failures: Any
    revocations: Any
    mfa_steps: Any
    refreshes: Any
    lockouts: Any
    latency: Any
    passwords: Any
    activity_fallback_reads: Any


def available() -> bool:
    return importlib.util.find_spec("prometheus_client") is not None


def instruments() -> Instruments | None:
    """The metrics when counting is on and ``prometheus_client`` is installed, else ``None``."""
    if not auth_settings.mfa.metrics_enabled or not available():
        return None
    with _CREATING:  # ``cache`` alone lets two threads of a gthread worker both register: a 500
        return _create()


_CREATING = threading.Lock()


@cache
def _create() -> Instruments:
    from prometheus_client import Counter, Histogram

    return Instruments(
        logins=Counter("authstate_logins", "Completed logins.", ["flow", "state"]),
        login_failures=Counter("authstate_login_failures", "Failed primary logins.", ["code"]),
        revocations=Counter("authstate_revocations", "Logins ended (logout, eviction, admin).", ["reason"]),
        mfa_steps=Counter("authstate_mfa_steps", "MFA steps by factor and outcome.", ["step", "factor", "outcome"]),
        refreshes=Counter("authstate_refreshes", "Token refreshes by outcome.", ["outcome"]),
        lockouts=Counter("authstate_lockouts", "Lockouts after too many failed attempts.", ["kind"]),
        passwords=Counter(
            "authstate_password_events", "Password changes and resets by step and outcome.", ["step", "outcome"]
        ),
        activity_fallback_reads=Counter(
            "authstate_login_activity_fallback_reads",
            "Login activity read from Redis because the invalidation channel was not subscribed.",
        ),
        latency=Histogram(
            "authstate_request_duration_seconds",
            "Time spent answering authstate endpoints.",
            ["endpoint", "method"],
            buckets=LATENCY_BUCKETS,
        ),
    )
