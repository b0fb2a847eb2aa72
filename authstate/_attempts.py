"""Attempts are reserved before they are checked: one atomic counter per limit.

A limit read before a password or code is checked and counted after it lets concurrency multiply
guesses: twenty wrong codes sent at once all read "0 failures so far" and all get checked. Here
every attempt first *takes a number* from a counter on the shared cache (``add``, or ``incr``
when the counter exists: atomic on Redis and on Django's local-memory cache), and only an attempt whose number is within
the limit is checked at all. However many requests arrive at once, at most ``limit`` of them are
checked per window; the others are refused unchecked. A success gives its number back
(``release``) or clears the counter (``reset``), so right answers never use up the budget.

Several counters taken together (a login's throttle windows and its lockout counter) cost one
round trip on Redis (``take``: one Lua script, which also reads the keys that must be checked
first), and so does giving several back (``settle``); other caches run the same steps one call
at a time.

The cache is ``auth_settings.cache_alias``. Its ``incr`` must be atomic across every instance:
true of django-redis and memcached, true of ``LocMemCache`` within one process only, false of the
database and file caches.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import BaseCache

from authstate._cache import redis_client, shared, write

#: KEYS: the counters, then the keys to read. ARGV[1]: how many counters; ARGV[2]: "1" when the
#: first key read stops the reservation (a lock); then each counter's timeout in seconds.
TAKE = """
local n = tonumber(ARGV[1])
local read = {}
for i = n + 1, #KEYS do read[#read + 1] = redis.call('GET', KEYS[i]) or false end
if ARGV[2] == '1' and read[1] then return {{}, read} end
local numbers = {}
for i = 1, n do
  numbers[i] = redis.call('INCR', KEYS[i])
  if numbers[i] == 1 then redis.call('EXPIRE', KEYS[i], ARGV[i + 2]) end
end
return {numbers, read}
"""

#: KEYS: the counters to give one back to (only if they still exist), ARGV[1]: how many; the rest
#: of KEYS are deleted.
SETTLE = """
local n = tonumber(ARGV[1])
for i = 1, n do
  if redis.call('EXISTS', KEYS[i]) == 1 then redis.call('DECR', KEYS[i]) end
end
for i = n + 1, #KEYS do redis.call('DEL', KEYS[i]) end
return 1
"""

__all__ = ["cache", "count", "release", "reserve", "reset"]


def cache() -> BaseCache:
    return shared()


def reserve(key: str, timeout: float) -> int:
    """Take the next number of ``key`` (1 for the first attempt of a window of ``timeout`` s)."""
    store, seconds = cache(), max(1, math.ceil(timeout))
    for _ in range(3):
        if store.add(key, 1, timeout=seconds):  # the first of the window: one round trip
            return 1
        try:
            return int(store.incr(key))
        except ValueError:  # the window ended between add and incr: start the next one
            continue
    store.set(key, 1, timeout=seconds)
    return 1


def release(key: str) -> None:
    """Give back one number: the attempt it reserved succeeded, or was refused unchecked."""
    try:
        cache().decr(key)
    except ValueError:  # the window ended meanwhile: nothing left to give back
        pass


def reset(key: str) -> None:
    cache().delete(key)


def count(key: str) -> int:
    """Numbers taken and not given back in the current window (0 when none)."""
    return int(cache().get(key) or 0)


@dataclass(frozen=True)
class Counter:
    """One window to take a number from: ``limit`` numbers may be checked (0: no limit)."""

    key: str
    timeout: float
    limit: int = 0


@dataclass(frozen=True)
class Taken:
    """The numbers taken (``None``: a stop key was set and nothing was taken), and the keys read."""

    numbers: list[int] | None
    read: dict[str, Any] = field(default_factory=dict)


def take(counters: Sequence[Counter], *, stop: str = "", read: Sequence[str] = ()) -> Taken:
    """Read ``stop`` and ``read``; unless ``stop`` is set, take the next number of every counter."""
    keys = [stop, *read] if stop else list(read)
    client = redis_client(cache())
    if client is None:
        values = cache().get_many(keys) if keys else {}
        if stop and values.get(stop) is not None:
            return Taken(None, values)
        return Taken([reserve(c.key, c.timeout) for c in counters], values)
    store = cache()
    raw_keys = [store.make_key(c.key) for c in counters] + [store.make_key(key) for key in keys]
    timeouts = [max(1, math.ceil(c.timeout)) for c in counters]
    numbers, raw = client.eval(TAKE, len(raw_keys), *raw_keys, len(counters), "1" if stop else "0", *timeouts)
    decode = store.client.decode  # type: ignore[attr-defined]
    values = {key: decode(value) for key, value in zip(keys, raw, strict=True) if value}
    if stop and stop in values:
        return Taken(None, values)
    return Taken([int(number) for number in numbers], values)


def settle(*, release_keys: Sequence[str] = (), reset_keys: Sequence[str] = ()) -> None:
    """Give one number back to each of ``release_keys`` and clear ``reset_keys``: one round trip,
    or none of its own inside ``cache.deferred()`` (nobody waits for its answer)."""
    if not release_keys and not reset_keys:
        return
    store = cache()

    def on_redis(client: Any) -> None:
        raw_keys = [store.make_key(key) for key in (*release_keys, *reset_keys)]
        client.eval(SETTLE, len(raw_keys), *raw_keys, len(release_keys))

    def directly() -> None:
        for key in release_keys:
            release(key)
        for key in reset_keys:
            reset(key)

    write(on_redis, directly)
