"""Is a login still active? One cache round trip on the hot path, the database after a flush.

The cache entry of an active login also holds the user, so a token request costs no SQL query,
and when it was last seen, so ``last_seen_at`` is written at most once per ``LAST_SEEN_INTERVAL``.
Entries are dropped when the user changes, so the cached user is never staler than the last save.
A missing entry (cold start, flushed cache) falls back to the ``Login`` row, which is authoritative.

Revocation never loses a race (docs/security.md, "Revocation without gaps"). The revoked marker
is written with ``set`` and always wins; a live entry may never be written over it:

- a brand-new login (``remember_new``) has an id nobody else knows yet, so a plain ``set``;
- after a miss (``_load``) the live entry is written with ``add``, which fails if a marker (or
  another loader's entry) arrived meanwhile;
- an existing entry is rewritten (``_touch``, ``renew``) with ``set`` and *then* the row is
  checked; if it was revoked meanwhile the marker is written back. A revoker writes its marker
  after its UPDATE commits, so either the marker lands after the live write, or the check sees
  the committed revocation.
A revocation inside an outer transaction writes its marker again once it commits.

Inside ``cache.deferred()`` (a login use-case), a new entry and the markers of the logins it ends
are written with the use-case's other writes when it ends (on Redis one pipeline, each marker
followed by its ``PUBLISH``): after the revocations' UPDATEs and before the response.

With django-redis, each process also keeps a copy of the entries it read (``local``): every
marker, dropped user and renewed expiry is published *after* its Redis write, so a copy is
dropped before anything could read it stale, and a token request costs no round trip.
"""

from __future__ import annotations

from typing import Any

from django.core.cache import BaseCache
from django.db import transaction
from django.utils import timezone

from authstate._cache import shared, write
from authstate._typing import User
from authstate.conf import auth_settings
from authstate.logins import _local as local
from authstate.models import Login

__all__ = [
    "KEY_PREFIX",
    "REVOKED",
    "Entry",
    "active_user",
    "cache",
    "cache_key",
    "forget_revoked",
    "forget_user",
    "is_live",
    "remember_new",
    "renew",
]


REVOKED = "revoked"
KEY_PREFIX = "authstate:login:"

Entry = tuple[User, float, float]


def cache() -> BaseCache:
    return shared()


def cache_key(login_id: str) -> str:
    return KEY_PREFIX + login_id


def is_live(login: Login) -> bool:
    """Active, and so is the login it was derived from, if any: a derived login ends with its parent."""
    parent = login.parent
    return login.is_active and (parent is None or parent.is_active)


def active_user(login_id: str) -> User | None:
    """The user of an active login, or ``None`` if it was revoked, expired or never existed."""
    near = local.near()
    entry, ticket = near.lookup(login_id) if near is not None else (None, None)
    if entry is None:
        entry = cache().get(cache_key(login_id))
        if entry is None:
            entry = _load(login_id)
        if near is not None:
            near.store(login_id, entry, ticket)
    if entry == REVOKED:
        return None
    user: User
    user, expires_ts, seen_ts = entry
    now = timezone.now().timestamp()
    if expires_ts <= now or not user.is_active:
        return None
    if now - seen_ts > auth_settings.last_seen_interval.total_seconds() and not _touch(login_id, entry, now):
        return None
    return user


def _touch(login_id: str, entry: Entry, now: float) -> bool:
    """Record use at most once per ``LAST_SEEN_INTERVAL`` (the limits evict the least recently used).

    The cache is written first and the row's UPDATE doubles as the check that the login was not
    revoked meanwhile; if it was, the marker goes back. Same cost as an unchecked touch. The
    process's copy is updated only if nothing was invalidated meanwhile (its ticket).
    """
    user, expires_ts, _ = entry
    near = local.near()
    ticket = near.ticket() if near is not None else None
    touched = (user, expires_ts, now)
    cache().set(cache_key(login_id), touched, timeout=max(1, int(expires_ts - now)))
    still_active = Login.objects.filter(pk=login_id, revoked_at__isnull=True).update(last_seen_at=timezone.now())
    if not still_active:
        _mark_revoked(login_id, max(300, int(expires_ts - now) + 60))
    elif near is not None:
        near.store(login_id, touched, ticket)
    return bool(still_active)


def _load(login_id: str) -> Any:
    login = Login.objects.select_related("user", "parent").filter(pk=login_id).first()
    if login is None or not is_live(login):
        _mark_revoked(login_id, _revoked_ttl(login))
        return REVOKED
    entry = _entry(login)
    if cache().add(cache_key(login_id), entry, timeout=_ttl(login)):
        return entry
    current = cache().get(cache_key(login_id))  # only when a writer raced us: a marker, or a loader
    return entry if current is None else current


def _entry(login: Login) -> Entry:
    return (login.user, login.expires_at.timestamp(), login.last_seen_at.timestamp())


def _ttl(login: Login) -> int:
    return max(1, int((login.expires_at - timezone.now()).total_seconds()))


def remember_new(login: Login) -> Entry:
    """Cache a login just created: nobody else knows its id yet, so nothing can have revoked it."""
    entry = _entry(login)
    _write(login.pk, entry, _ttl(login))
    return entry


def renew(login: Login) -> bool:
    """Rewrite the entry of an existing login (new expiry); False, and the marker kept, if it ended.

    Costs one query more than a plain write; used off the hot path (refresh rotation).
    """
    cache().set(cache_key(login.pk), _entry(login), timeout=_ttl(login))
    local.publish([login.pk])  # other processes' copies hold the old expiry
    row = Login.objects.select_related("parent").filter(pk=login.pk).first()
    if row is not None and is_live(row):
        return True
    _mark_revoked(login.pk, _revoked_ttl(row or login))
    return False


def forget_revoked(login: Login) -> None:
    """Mark ``login`` revoked, now and (inside a transaction) again once the revocation commits.

    The second write closes the window in which a reader that found no entry (a flush, or
    ``forget_user``) loaded the row before the revocation committed.
    """
    ttl = _revoked_ttl(login)
    _mark_revoked(login.pk, ttl)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _mark_revoked(login.pk, ttl))


def _mark_revoked(login_id: str, ttl: int) -> None:
    """The marker, then the message (a process that drops its copy reads the marker)."""
    _write(login_id, REVOKED, ttl, publish=True)


def _write(login_id: str, value: Any, ttl: int, *, publish: bool = False) -> None:
    """An entry or a marker, now or with the use-case's other writes (``cache.deferred``)."""
    store, key = cache(), cache_key(login_id)

    def on_redis(client: Any) -> None:
        client.set(store.make_key(key), store.client.encode(value), ex=ttl)  # type: ignore[attr-defined]
        if publish:
            local.publish([login_id], client=client)

    def directly() -> None:
        store.set(key, value, timeout=ttl)
        if publish:
            local.publish([login_id])

    write(on_redis, directly)


def forget_user(login_ids: list[str]) -> None:
    """Drop cached users (they changed); the next request reloads them from the database. Inside
    a use-case (``cache.deferred``, a login's ``last_login``) the drop leaves with its other writes."""
    store, keys = cache(), [cache_key(login_id) for login_id in login_ids]

    def on_redis(client: Any) -> None:
        client.delete(*(store.make_key(key) for key in keys))
        local.publish(login_ids, client=client)

    def directly() -> None:
        store.delete_many(keys)
        local.publish(login_ids)

    write(on_redis, directly)


def _revoked_ttl(login: Login | None) -> int:
    if login is None:
        return 300
    return max(300, int((login.expires_at - timezone.now()).total_seconds()) + 60)
