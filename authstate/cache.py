"""The one way authstate reaches a cache: ``AUTHSTATE["CACHE_ALIAS"]``.

Login activity and revocations, attempt counters and lockouts, code resend pacing, delivery
circuit breakers, pending enrollments, step-up state and passkey challenges must be shared by
every instance, or a limit spread over instances never trips and a step started on one instance
cannot finish on another. So no module uses ``django.core.cache.cache`` (the ``default`` alias,
often per-process); ``tests/test_cache_alias.py`` enforces it.
"""

from __future__ import annotations

from typing import Any

from django.core.cache import BaseCache, caches

from authstate.conf import auth_settings


def shared() -> BaseCache:
    return caches[auth_settings.cache_alias]


def redis_client(cache: BaseCache) -> Any | None:
    """The raw redis-py client behind a django-redis cache (scripts, pipelines), else ``None``."""
    if type(cache).__module__.startswith("django_redis") and hasattr(cache, "client"):
        return cache.client.get_client(write=True)
    return None
