"""Concurrent-login limits (``ALLOW_MULTIPLE_LOGINS``, ``MAX_CONCURRENT_LOGINS``), for both states.

Called once a login is recorded (``settle``). A re-login from the same ``device_id`` replaces that
device's login and does not count. Past the limit the newest login wins: older ones are revoked, least
recently used first — unless ``MAX_LOGINS_PREVENTS_LOGIN`` is true, which refuses the new login
instead (Spring's ``maxSessionsPreventsLogin``). Revoked session logins lose their session at
once, so an evicted browser is logged out on its next request, on any instance.

Logins derived for a client's grant (``Login.parent``) are not devices: they never count, and
they end with the login they derive from when that one is replaced or evicted.
"""

from __future__ import annotations

from typing import Any

from authstate.conf import auth_settings
from authstate.exceptions import LoginLimitReached
from authstate.logins import _records as records
from authstate.models import Login

__all__ = ["allowed", "settle"]


def allowed() -> int:
    return auth_settings.max_concurrent_logins if auth_settings.allow_multiple_logins else 1


def settle(login: Login) -> None:
    """Keep the limits once ``login``'s row is in: one query reads the user's active logins (devices
    and the logins derived from them), one UPDATE per reason ends what must go, with its derived
    logins; ``LoginLimitReached`` when ``login`` itself is refused (it is ended, reason
    ``refused``, and nothing else is).

    No transaction holds the user's logins, so the look comes after the INSERT: of parallel logins
    the later look sees them all, and every look ranks them alike (``_ranked``), keeps the first
    ``allowed()`` devices and ends the rest. A login from the same ``device_id`` replaces that
    device's earlier logins and does not count."""
    active = list(Login.objects.active().filter(user_id=login.user_id))
    devices = [other for other in active if other.parent_id is None and other.pk != login.pk]
    replaced = [other for other in devices if login.device_id and other.device_id == login.device_id]
    surplus = _ranked(login, [other for other in devices if other not in replaced])[allowed() :]
    if any(other.pk == login.pk for other in surplus):
        others = [other for other in surplus if other.pk != login.pk]
        records.revoke_lines({"refused": _with_derived([login], active), "evicted": _with_derived(others, active)})
        raise LoginLimitReached(limit=allowed())
    records.revoke_lines({"replaced": _with_derived(replaced, active), "evicted": _with_derived(surplus, active)})


def _ranked(login: Login, others: list[Login]) -> list[Login]:
    """Which devices stay, first to last: under ``MAX_LOGINS_PREVENTS_LOGIN`` the oldest; else the
    logins begun after ``login`` (parallel ones: the newest), then ``login``, then the older ones
    most recently used first. A new login never loses to an older one, even one whose last use
    is stamped after it (another instance's clock, a request in the same millisecond); parallel
    looks still agree on the newest."""

    def begun(other: Login) -> tuple[Any, str]:
        return (other.created_at, str(other.pk))

    if auth_settings.max_logins_prevents_login:
        return sorted([login, *others], key=begun)
    newer = sorted((other for other in others if begun(other) > begun(login)), key=begun, reverse=True)
    older = [other for other in others if begun(other) < begun(login)]
    older.sort(key=lambda other: (other.last_seen_at, *begun(other)), reverse=True)
    return [*newer, login, *older]


def _with_derived(ending: list[Login], active: list[Login]) -> list[Login]:
    """``ending`` and every active login derived from them, at any depth."""
    line, ids = list(ending), {login.pk for login in ending}
    grown = True
    while grown:
        derived = [login for login in active if login.parent_id in ids and login.pk not in ids]
        line += derived
        ids |= {login.pk for login in derived}
        grown = bool(derived)
    return line
