"""Is a login still active? One cache round trip on the hot path, the database after a flush.

The cache entry of an active login also holds the user, so a token request costs no SQL query.
Entries are rewritten when the login is revoked and dropped when the user changes, so the
cached user is never staler than the last save. A missing entry (cold start, flushed cache)
falls back to the ``Login`` row, which is authoritative.
"""

from __future__ import annotations

from typing import Any

from django.core.cache import BaseCache, caches
from django.utils import timezone

from authstate.conf import auth_settings
from authstate.models import Login
from authstate.typing import User

REVOKED = "revoked"
KEY_PREFIX = "authstate:login:"


def cache() -> BaseCache:
    return caches[auth_settings.cache_alias]


def cache_key(login_id: str) -> str:
    return KEY_PREFIX + login_id


def active_user(login_id: str) -> User | None:
    """The user of an active login, or ``None`` if it was revoked, expired or never existed."""
    entry = cache().get(cache_key(login_id))
    if entry is None:
        entry = _load(login_id)
    if entry == REVOKED:
        return None
    user, expires_ts = entry
    if expires_ts <= timezone.now().timestamp() or not user.is_active:
        return None
    return user


def _load(login_id: str) -> Any:
    login = Login.objects.select_related("user").filter(pk=login_id).first()
    if login is None or not login.is_active:
        cache().set(cache_key(login_id), REVOKED, timeout=_revoked_ttl(login))
        return REVOKED
    remember(login)
    return login.user, login.expires_at.timestamp()


def remember(login: Login) -> None:
    ttl = max(1, int((login.expires_at - timezone.now()).total_seconds()))
    cache().set(cache_key(login.pk), (login.user, login.expires_at.timestamp()), timeout=ttl)


def forget_revoked(login: Login) -> None:
    cache().set(cache_key(login.pk), REVOKED, timeout=_revoked_ttl(login))


def forget_user(login_ids: list[str]) -> None:
    """Drop cached users (they changed); the next request reloads them from the database."""
    cache().delete_many([cache_key(login_id) for login_id in login_ids])


def _revoked_ttl(login: Login | None) -> int:
    if login is None:
        return 300
    return max(300, int((login.expires_at - timezone.now()).total_seconds()) + 60)
