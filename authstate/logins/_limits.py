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

__all__ = ["admit", "allowed"]


def allowed() -> int:
    return auth_settings.max_concurrent_logins if auth_settings.allow_multiple_logins else 1


def admit(user: User, *, device_id: str, state: str) -> None:
    active = Login.objects.active().filter(user_id=user.pk, parent__isnull=True)
    replaced = list(active.filter(device_id=device_id)) if device_id else []
    others = active.exclude(pk__in=[login.pk for login in replaced]).order_by("-last_seen_at", "-created_at")
    surplus = list(others[max(allowed() - 1, 0) :])
    if surplus and auth_settings.max_logins_prevents_login:
        raise LoginLimitReached(limit=allowed())
    for login in replaced:
        records.revoke(login, "replaced")
    for login in surplus:
        records.revoke(login, "evicted")
