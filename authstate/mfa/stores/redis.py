"""Redis store (django-redis): records shared by every instance behind a load balancer.

Keys are ``REDIS.KEY_PREFIX + token`` (JSON, with a TTL). ``take`` is ``GETDEL``, so a token
completes at most once; ``replace`` is one ``SET … XX GET`` (claim and tombstone in one round
trip, nothing written when the record is gone); ``claim`` sends it in one ``MULTI`` with the
token's first-claim marker ``<key>:claimed`` (``SET … NX``), so ending a record is one round trip.
The connection comes from the Django cache alias ``REDIS.CACHE_ALIAS``.
"""

from __future__ import annotations

import importlib.util
import json
from typing import Any

from django.conf import settings

from authstate.conf import auth_settings
from authstate.mfa.stores.base import MfaStore, Record, StoreUnavailable

__all__ = ["RedisStore"]


class RedisStore(MfaStore):
    """Records in Redis, shared by every instance; ``take`` is atomic (``GETDEL``)."""

    name = "redis"

    def __init__(self, client: Any = None) -> None:
        self._client = client

    def is_usable(self) -> bool:
        if not auth_settings.mfa.redis.enabled or importlib.util.find_spec("django_redis") is None:
            return False
        if self._client is not None:
            return True
        backend = settings.CACHES.get(auth_settings.mfa.redis.cache_alias, {}).get("BACKEND", "")
        return str(backend).startswith("django_redis.")

    def load(self, token: str) -> Record | None:
        raw = self._call("get", self._key(token))
        return json.loads(raw) if raw else None

    def save(self, token: str, record: Record, ttl: int) -> None:
        if ttl <= 0:
            self._call("delete", self._key(token))
            return
        self._call("set", self._key(token), json.dumps(record), ex=ttl)

    def take(self, token: str) -> Record | None:
        raw = self._call("getdel", self._key(token))
        return json.loads(raw) if raw else None

    def replace(self, token: str, record: Record, ttl: int) -> Record | None:
        if ttl <= 0:
            return self.take(token)
        raw = self._call("set", self._key(token), json.dumps(record), ex=ttl, xx=True, get=True)
        return json.loads(raw) if raw else None

    def claim(self, token: str, record: Record, ttl: int, *, remembered: int) -> Record | None:
        key = self._key(token)
        pipe = self._call("pipeline", transaction=True)
        if ttl <= 0:
            pipe.getdel(key)
        else:
            pipe.set(key, json.dumps(record), ex=ttl, xx=True, get=True)
        pipe.set(f"{key}:claimed", 1, ex=max(remembered, 1), nx=True)
        raw, first = self._run(pipe.execute)
        return json.loads(raw) if raw and first else None

    def _key(self, token: str) -> str:
        return f"{auth_settings.mfa.redis.key_prefix}{token}"

    def _call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        return self._run(lambda: getattr(self.client(), method)(*args, **kwargs))

    def _run(self, call: Any) -> Any:
        try:
            return call()
        except StoreUnavailable:
            raise
        except Exception as error:  # redis' ConnectionError, TimeoutError, ResponseError...
            raise StoreUnavailable(f"redis store: {error}") from error

    def client(self) -> Any:
        if self._client is not None:
            return self._client
        try:
            from django_redis import get_redis_connection
        except ImportError as error:
            raise StoreUnavailable("django-redis is not installed") from error
        return get_redis_connection(auth_settings.mfa.redis.cache_alias)
