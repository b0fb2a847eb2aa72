"""Concurrent-login limits (``ALLOW_MULTIPLE_LOGINS``, ``MAX_CONCURRENT_LOGINS``), for both states.

Called before a login is recorded. A re-login from the same ``device_id`` replaces that device's
login and does not count. Past the limit the newest login wins: older ones are revoked, least
recently used first — unless ``MAX_LOGINS_PREVENTS_LOGIN`` is true, which refuses the new login
instead (Spring's ``maxSessionsPreventsLogin``). Revoked session logins lose their session at
once, so an evicted browser is logged out on its next request, on any instance.

Logins derived for a client's grant (``Login.parent``) are not devices: they never count, and
they end with the login they derive from when that one is replaced or evicted.
"""

from __future__ import annotations

from authstate._typing import User
from authstate.conf import auth_settings
from authstate.exceptions import LoginLimitReached
from authstate.logins import _records as records
from authstate.models import Login

__all__ = ["admit", "allowed", "recheck"]


def allowed() -> int:
    return auth_settings.max_concurrent_logins if auth_settings.allow_multiple_logins else 1


def admit(user: User, *, device_id: str, state: str) -> None:
    """Make room for a new login of ``user``: one query reads every active login (devices and the
    logins derived from them), one UPDATE ends what must go, with its derived logins."""
    active = list(Login.objects.active().filter(user_id=user.pk))
    devices = [login for login in active if login.parent_id is None]
    replaced = [login for login in devices if device_id and login.device_id == device_id]
    others = sorted(
        (login for login in devices if login not in replaced),
        key=lambda login: (login.last_seen_at, login.created_at),
        reverse=True,
    )
    surplus = others[max(allowed() - 1, 0) :]
    if surplus and auth_settings.max_logins_prevents_login:
        raise LoginLimitReached(limit=allowed())
    records.revoke_lines({"replaced": _with_derived(replaced, active), "evicted": _with_derived(surplus, active)})


def recheck(login: Login) -> None:
    """After ``login``'s row is in: no transaction holds the user's logins, so parallel logins may
    each have been admitted before the other's row existed. The later of their looks sees them
    all, and every look keeps the same ``allowed()`` devices (the most recently used, or the
    oldest under ``MAX_LOGINS_PREVENTS_LOGIN``) and ends the rest; ``LoginLimitReached`` when
    ``login`` is among them. One query while within the limit."""
    active = list(Login.objects.active().filter(user_id=login.user_id))
    devices = [other for other in active if other.parent_id is None]
    if len(devices) <= allowed():
        return
    if auth_settings.max_logins_prevents_login:
        devices.sort(key=lambda other: (other.created_at, str(other.pk)))
    else:
        devices.sort(key=lambda other: (other.last_seen_at, other.created_at, str(other.pk)), reverse=True)
    ending = devices[allowed() :]
    records.revoke_lines({"evicted": _with_derived(ending, active)})
    if any(other.pk == login.pk for other in ending):
        raise LoginLimitReached(limit=allowed())


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
