"""The one way authstate reaches a cache: ``AUTHSTATE["CACHE_ALIAS"]``.

Login activity and revocations, attempt counters and lockouts, code resend pacing, delivery
circuit breakers, pending enrollments, step-up state and passkey challenges must be shared by
every instance, or a limit spread over instances never trips and a step started on one instance
cannot finish on another. So no module uses ``django.core.cache.cache`` (the ``default`` alias,
often per-process); ``tests/test_cache_alias.py`` enforces it.

Writes whose answer nobody waits for (giving attempt numbers back, login activity entries and
revoked markers) can be held while a use-case runs (``deferred()``) and sent together when it
ends, also when it raises: on Redis one pipeline, one round trip, before the response leaves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.core.cache import BaseCache, caches

from authstate._held import held
from authstate.conf import auth_settings

__all__ = ["shared"]


def shared() -> BaseCache:
    return caches[auth_settings.cache_alias]


def is_redis(cache: BaseCache) -> bool:
    return type(cache).__module__.startswith("django_redis") and hasattr(cache, "client")


def redis_client(cache: BaseCache) -> Any | None:
    """The raw redis-py client behind a django-redis cache (scripts, pipelines), else ``None``."""
    return cache.client.get_client(write=True) if is_redis(cache) else None  # type: ignore[attr-defined]


#: ``(on_redis, directly)`` pairs held by ``deferred()``: how to add the write to a pipeline, and
#: how to make it through the cache API.
Write = tuple[Callable[[Any], object], Callable[[], object]]
_held: ContextVar[list[Write] | None] = ContextVar("authstate_deferred_writes", default=None)


def write(on_redis: Callable[[Any], object], directly: Callable[[], object]) -> None:
    """Make a write now, or hold it until ``deferred()`` ends. ``on_redis`` gets a redis-py
    client (or pipeline) with raw keys; ``directly`` uses the cache API (any backend)."""
    held = _held.get()
    if held is not None:
        held.append((on_redis, directly))
        return
    client = redis_client(shared())
    if client is None:
        directly()
    else:
        on_redis(client)


@contextmanager
def deferred() -> Iterator[None]:
    """Hold the writes made inside (``write``) and send them in order at the end (nested: the
    outermost sends)."""
    with held(_held, _send):
        yield


def _send(held: list[Write]) -> None:
    if not held:
        return
    client = redis_client(shared())
    if client is None:
        for _, directly in held:
            directly()
        return
    pipe = client.pipeline(transaction=False)
    for on_redis, _ in held:
        on_redis(pipe)
    pipe.execute()
