"""Login throttles: failed primary logins counted per client IP and per username.

Lockout (``authstate._lockout``) stops guessing against one account; it does not stop one
client spraying a common password over many accounts, nor slow an attacker where lockout is
configured loosely. This module counts *failures* in fixed windows of ``THROTTLE.WINDOW`` on the
shared cache (so every instance sees the same counts): past ``IP_FAILURES`` from one client IP
(``request_info.client_ip``, which believes ``X-Forwarded-For`` only from ``TRUSTED_PROXIES``) or
``ACCOUNT_FAILURES`` for one username, every login attempt answers ``429 throttled`` with
``Retry-After`` until the window ends, before the password is checked. Each attempt reserves its
place in both windows before the password is checked (``authstate._attempts``), so parallel
requests cannot all slip under the limit; a successful login gives its places back (it counts
nothing, so a busy office behind one NAT address is not throttled for signing in), and so does an
attempt refused unchecked. Unknown usernames are counted exactly like known ones (no enumeration).
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.http import HttpRequest

from authstate import _attempts as attempts
from authstate import _clock as clock
from authstate.conf import auth_settings
from authstate.exceptions import Throttled
from authstate.logins import _request_info as request_info

__all__ = [
    "PREFIX",
    "Reservation",
    "places",
    "refuse_over",
    "reserve_for",
    "reserve_places",
    "retry_after",
    "window_key",
]


PREFIX = "authstate:throttle:"


@dataclass(frozen=True)
class Reservation:
    """The window places one login attempt holds; ``release`` gives them back."""

    keys: tuple[str, ...] = ()

    def release(self) -> None:
        attempts.settle(release_keys=self.keys)


def places(request: HttpRequest, username: str) -> list[attempts.Counter]:
    """The login windows of this attempt, to reserve (``attempts.take``) with other counters."""
    settings = auth_settings.throttle
    return _counters(_keys(request, "", "account", username, settings.ip_failures, settings.account_failures))


def reserve_for(request: HttpRequest, scope: str, value: str, *, ip_limit: int, value_limit: int) -> Reservation:
    """The same windows for another kind of request (``scope``, e.g. password resets per address):
    counters of their own, so they never eat into the login throttles' budget."""
    return _reserve(_counters(_keys(request, f"{scope}:", "value", value, ip_limit, value_limit)), Throttled)


def _counters(limits: dict[str, int]) -> list[attempts.Counter]:
    return _windows(limits) if auth_settings.throttle.enabled else []


def _windows(limits: dict[str, int]) -> list[attempts.Counter]:
    """One counter per ``key: limit`` (0 = no limit, no counter), each lasting the window."""
    return [attempts.Counter(key, _window() + 1, limit) for key, limit in limits.items() if limit]


def reserve_places(limits: dict[str, int], refusal: Callable[..., Exception]) -> Reservation:
    """Reserve a place under each ``key: limit`` (0 = no limit), or raise ``refusal(retry_after=…)``
    holding nothing; shared by every throttle built on these windows."""
    return _reserve(_windows(limits), refusal)


def _reserve(counters: list[attempts.Counter], refusal: Callable[..., Exception]) -> Reservation:
    taken = attempts.take(counters)
    refuse_over(counters, taken.numbers or [], refusal=refusal)
    return Reservation(tuple(counter.key for counter in counters))


def refuse_over(
    counters: Sequence[attempts.Counter],
    numbers: Sequence[int],
    *,
    also: Sequence[str] = (),
    refusal: Callable[..., Exception] = Throttled,
) -> None:
    """Raise ``refusal`` when a number taken is over its counter's limit, after giving back every
    number taken (and those of ``also``, reserved in the same round trip)."""
    if any(number > counter.limit for counter, number in zip(counters, numbers, strict=True)):
        attempts.settle(release_keys=[*(counter.key for counter in counters), *also])
        raise refusal(retry_after=retry_after())


def window_key(value: str) -> str:
    """``<digest of value>:<number of the current window>``: the tail of a throttle key."""
    return f"{_digest(value)}:{int(clock.now() // _window())}"


def retry_after() -> int:
    """Whole seconds until the current window ends (at least 1)."""
    window = _window()
    return max(1, math.ceil(window - clock.now() % window))


def _keys(request: HttpRequest, scope: str, kind: str, value: str, ip_limit: int, value_limit: int) -> dict[str, int]:
    ip = request_info.client_ip(request) or "unknown"
    normalised = value.strip().casefold()[:254]
    return {
        f"{PREFIX}{scope}ip:{window_key(ip)}": ip_limit,
        f"{PREFIX}{scope}{kind}:{window_key(normalised)}": value_limit,
    }


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:32]


def _window() -> float:
    return max(1.0, auth_settings.throttle.window.total_seconds())
