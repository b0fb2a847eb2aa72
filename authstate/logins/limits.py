"""Concurrent-login limits (``ALLOW_MULTIPLE_LOGINS``, ``MAX_CONCURRENT_LOGINS``).

Called before a login is recorded. The newest login wins: older ones are revoked, least
recently used first; a re-login from the same device replaces that device's login.
"""

from __future__ import annotations

from authstate.conf import auth_settings
from authstate.logins import records
from authstate.models import Login
from authstate.typing import User


def admit(user: User, *, device_id: str, state: str) -> None:
    active = Login.objects.active().filter(user=user)
    if device_id:
        for login in active.filter(device_id=device_id):
            records.revoke(login, "replaced")
    allowed = auth_settings.max_concurrent_logins if auth_settings.allow_multiple_logins else 1
    surplus = list(active.order_by("-last_seen_at", "-created_at")[max(allowed - 1, 0) :])
    for login in surplus:
        records.revoke(login, "evicted")
