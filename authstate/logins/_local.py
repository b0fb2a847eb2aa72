"""A per-process copy of login activity entries, kept true by invalidations pushed from Redis.

A token request then costs no network round trip: the entry (user, expiry, last seen) comes from
memory. Every write that could make a copy wrong (a revocation marker, a dropped user, a renewed
expiry) goes with a ``PUBLISH`` of the login ids on one channel every process subscribes to.

Why a copy is never served past its invalidation's delivery:

- **Messages are read before every use.** ``lookup`` and ``store`` first drain what the
  subscription socket already holds (a non-blocking poll, no round trip). A revoker publishes
  with its marker and drops its own copies at once; other processes drop theirs when the message
  arrives, the delivery time the propagation benchmark measures.
- **No copy outlives a gap.** Until the subscription is confirmed, and once it fails (an error,
  end of file, or silence past three pings), nothing is served or stored: requests read Redis, a
  metric counts it, a log line says so. A reconnect starts from an empty copy.
- **A read never lands after its own invalidation.** A reader takes a ``ticket`` (the epoch)
  before reading Redis and ``store`` keeps the entry only if no message, reconnect or failure
  arrived meanwhile; otherwise it is simply not kept and the next request reads again.

Memory is bounded (LRU, ``LOCAL_ACTIVITY_CACHE_SIZE``; ``0`` turns it off, as does a cache that
is not django-redis). Users are copied in and out: a view cannot touch the shared copy.
"""

from __future__ import annotations

import copy
import logging
import os
import threading
import time
from collections import OrderedDict
from typing import Any

from django.core.cache import BaseCache
from django.core.signals import setting_changed
from django.db.models import Model
from django.dispatch import receiver

from authstate._cache import is_redis, redis_client, shared
from authstate.conf import auth_settings
from authstate.metrics._instruments import instruments

__all__ = ["NearCache", "channel", "near", "publish", "reset"]

logger = logging.getLogger("authstate.revocation")

CHANNEL = "authstate:login-invalidations"
#: Seconds between the listener's polls, and between its pings on an idle subscription.
POLL_INTERVAL = 1.0
PING_EVERY = 5.0
#: Silence longer than this (three missed pongs) counts as a lost subscription.
SILENCE_LIMIT = 3 * PING_EVERY + POLL_INTERVAL
#: Seconds before a failed subscription is tried again.
RETRY_AFTER = 1.0


class NearCache:
    """The bounded copy and its subscription. All socket reads happen under ``_lock``."""

    def __init__(self, pool: Any, channel: str, size: int) -> None:
        self._pool, self._channel, self._size = pool, channel, size
        self._lock = threading.Lock()
        self._entries: OrderedDict[str, Any] = OrderedDict()
        self._conn: Any = None
        self._epoch = 0
        self._heard = 0.0
        self._stopped = threading.Event()
        self.stats = {"hits": 0, "fallback_reads": 0, "invalidations": 0, "subscriptions": 0, "losses": 0}
        self._thread = threading.Thread(target=self._listen, name="authstate-invalidations", daemon=True)

    def start(self) -> NearCache:
        self._thread.start()
        return self

    @property
    def ready(self) -> bool:
        return self._conn is not None

    def lookup(self, login_id: str) -> tuple[Any, int | None]:
        """``(entry, ticket)``: the copy (``None`` on a miss) and, when a miss may be stored, the
        ticket to pass to ``store`` (``None`` while the subscription is not confirmed)."""
        with self._lock:
            if not self._drain():
                self.stats["fallback_reads"] += 1
                _count_fallback()
                return None, None
            entry = self._entries.get(login_id)
            if entry is None:
                return None, self._epoch
            self._entries.move_to_end(login_id)
            self.stats["hits"] += 1
            ticket = self._epoch
        return _copied(entry), ticket

    def ticket(self) -> int | None:
        """What ``store`` needs to keep an entry about to be written (``None``: it will not be)."""
        with self._lock:
            return self._epoch if self._drain() else None

    def store(self, login_id: str, entry: Any, ticket: int | None) -> None:
        """Keep ``entry`` unless anything was invalidated since ``ticket`` was taken."""
        if ticket is None:
            return
        kept = _copied(entry)
        with self._lock:
            if not self._drain() or ticket != self._epoch:
                return
            self._entries[login_id] = kept
            self._entries.move_to_end(login_id)
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)

    def invalidate(self, login_ids: list[str]) -> None:
        """This process's own revocations: dropped at once, not when the message comes back."""
        with self._lock:
            for login_id in login_ids:
                self._entries.pop(login_id, None)
            self._epoch += 1

    def __len__(self) -> int:
        return len(self._entries)

    def close(self) -> None:
        self._stopped.set()
        with self._lock:
            self._lose(None)

    # Under the lock ---------------------------------------------------------------------------

    def _drain(self) -> bool:
        """Apply every message already received; False (and the copy dropped) if the link is gone."""
        conn = self._conn
        if conn is None:
            return False
        try:
            while conn.can_read(timeout=0):
                self._apply(conn.read_response(timeout=5, push_request=True))
        except Exception as error:  # any failure of the link is a lost subscription
            self._lose(error)
            return False
        if time.monotonic() - self._heard > SILENCE_LIMIT:
            self._lose(TimeoutError("no answer to pings"))
            return False
        return True

    def _apply(self, message: Any) -> None:
        self._heard = time.monotonic()
        kind = _text(message[0] if isinstance(message, list) and message else message).lower()
        if kind == "message":
            for login_id in _text(message[2]).split():
                self._entries.pop(login_id, None)
            self._epoch += 1
            self.stats["invalidations"] += 1
        elif kind != "pong":  # a (re)subscription or anything unexpected: start over (RESP2 or 3)
            self._entries.clear()
            self._epoch += 1

    def _lose(self, error: BaseException | None) -> None:
        conn, self._conn = self._conn, None
        self._entries.clear()
        self._epoch += 1
        if conn is None:
            return
        if error is not None:
            self.stats["losses"] += 1
            logger.warning(
                "Login invalidation channel lost (%s); reading login activity from Redis on every request "
                "until resubscribed.",
                error,
            )
        conn.disconnect()

    # The listener thread ----------------------------------------------------------------------

    def _listen(self) -> None:
        last_ping = time.monotonic()
        while not self._stopped.is_set():
            if not self.ready and not self._subscribe():
                self._stopped.wait(RETRY_AFTER)
                continue
            self._stopped.wait(POLL_INTERVAL)
            with self._lock:
                if self._drain() and time.monotonic() - last_ping >= PING_EVERY:
                    last_ping = time.monotonic()
                    self._ping()

    def _ping(self) -> None:
        try:
            self._conn.send_command("PING")
        except Exception as error:
            self._lose(error)

    def _subscribe(self) -> bool:
        """Connect and subscribe outside the lock; publish the link only once Redis confirmed it."""
        conn = None
        try:
            conn = self._pool.make_connection()
            conn.connect()
            conn.send_command("SUBSCRIBE", self._channel)
            confirmed = conn.read_response(timeout=5, push_request=True)
        except Exception as error:
            logger.warning("Cannot subscribe to login invalidations (%s); reading Redis on every request.", error)
            if conn is not None:
                conn.disconnect()
            return False
        if _text(confirmed[0]) != "subscribe":
            conn.disconnect()
            return False
        with self._lock:
            if self._stopped.is_set():
                conn.disconnect()
                return False
            self._conn, self._heard = conn, time.monotonic()
            self._entries.clear()
            self._epoch += 1
            self.stats["subscriptions"] += 1
        logger.info("Subscribed to login invalidations; login activity is served from memory.")
        return True


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def _copied(entry: Any) -> Any:
    """A fresh user object per use: the shared copy must not see a request's changes."""
    if not isinstance(entry, tuple):
        return entry
    user = entry[0]
    if not isinstance(user, Model):
        return (copy.copy(user), *entry[1:])
    clone = user.__class__.__new__(user.__class__)
    clone.__dict__.update(user.__getstate__())  # what ``copy.copy`` does for a model, minus its detours
    return (clone, *entry[1:])


# One per process, cache location and prefix ------------------------------------------------------

_instances: dict[tuple[Any, ...], NearCache] = {}
_creating = threading.Lock()


def near() -> NearCache | None:
    """This process's copy for the shared cache, or ``None`` when it is off or not Redis."""
    size = auth_settings.local_activity_cache_size
    cache = shared()
    if size <= 0 or not is_redis(cache):
        return None
    key = _key(cache, size)
    found = _instances.get(key)
    if found is not None:
        return found
    with _creating:
        if key not in _instances:
            pool = cache.client.get_client(write=True).connection_pool  # type: ignore[attr-defined]
            _instances[key] = NearCache(pool, channel(cache), size).start()
        return _instances[key]


def channel(cache: BaseCache) -> str:
    return cache.make_key(CHANNEL)


def _key(cache: BaseCache, size: int) -> tuple[Any, ...]:
    return (os.getpid(), auth_settings.cache_alias, cache._server, cache.key_prefix, size)  # type: ignore[attr-defined]


def publish(login_ids: list[str], *, client: Any = None) -> None:
    """Tell every process to drop its copies of ``login_ids``; call it with the Redis write.

    ``client``: a pipeline that carries the write, so the message goes in the same round trip.
    This process drops its own copies at once: a read it began earlier is not kept."""
    cache, size = shared(), auth_settings.local_activity_cache_size
    target = client or redis_client(cache)
    if not login_ids or size <= 0 or target is None:
        return
    if (own := _instances.get(_key(cache, size))) is not None:
        own.invalidate(login_ids)
    target.publish(channel(cache), " ".join(login_ids))


def reset() -> None:
    """Close every copy (settings changed, or a test wants a fresh process)."""
    with _creating:
        instances = list(_instances.values())
        _instances.clear()
    for instance in instances:
        instance.close()


@receiver(setting_changed)
def _settings_changed(setting: str, **kwargs: Any) -> None:
    if setting in {"CACHES", "AUTHSTATE"}:
        reset()


def _count_fallback() -> None:
    found = instruments()
    if found is not None:
        found.activity_fallback_reads.inc()
