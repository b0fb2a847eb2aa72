"""Is a login still active? One cache round trip on the hot path, the database after a flush.

The cache entry of an active login also holds the user, so a token request costs no SQL query,
and when it was last seen, so ``last_seen_at`` is written at most once per ``LAST_SEEN_INTERVAL``.
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
    user, expires_ts, seen_ts = entry
    now = timezone.now().timestamp()
    if expires_ts <= now or not user.is_active:
        return None
    if now - seen_ts > auth_settings.last_seen_interval / 1000:
        _touch(login_id, entry, now)
    return user


def _touch(login_id: str, entry: tuple[Any, float, float], now: float) -> None:
    """Record use at most once per ``LAST_SEEN_INTERVAL``: the limits evict the least recently used."""
    user, expires_ts, _ = entry
    Login.objects.filter(pk=login_id).update(last_seen_at=timezone.now())
    cache().set(cache_key(login_id), (user, expires_ts, now), timeout=max(1, int(expires_ts - now)))


def _load(login_id: str) -> Any:
    login = Login.objects.select_related("user").filter(pk=login_id).first()
    if login is None or not login.is_active:
        cache().set(cache_key(login_id), REVOKED, timeout=_revoked_ttl(login))
        return REVOKED
    return remember(login)


def remember(login: Login) -> tuple[Any, float, float]:
    """Cache ``(user, expires, last seen)`` of an active login for as long as it can live."""
    ttl = max(1, int((login.expires_at - timezone.now()).total_seconds()))
    entry = (login.user, login.expires_at.timestamp(), login.last_seen_at.timestamp())
    cache().set(cache_key(login.pk), entry, timeout=ttl)
    return entry


def forget_revoked(login: Login) -> None:
    cache().set(cache_key(login.pk), REVOKED, timeout=_revoked_ttl(login))


def forget_user(login_ids: list[str]) -> None:
    """Drop cached users (they changed); the next request reloads them from the database."""
    cache().delete_many([cache_key(login_id) for login_id in login_ids])


def _revoked_ttl(login: Login | None) -> int:
    if login is None:
        return 300
    return max(300, int((login.expires_at - timezone.now()).total_seconds()) + 60)
