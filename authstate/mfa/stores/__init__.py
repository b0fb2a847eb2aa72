"""Choosing the MFA store: ``SESSION_STORAGE_TYPE``, ``AUTO_SELECT_REPOSITORY``,
``REPOSITORY_PRIORITY`` and ``FALLBACK_REPOSITORY_TYPE``.

* Without auto-select, the store named by ``SESSION_STORAGE_TYPE`` is used if it is usable
  (enabled, dependencies present), else the fallback.
* With auto-select, the first usable store of ``REPOSITORY_PRIORITY`` is used.
* Whichever is chosen, an operation that fails with ``StoreUnavailable`` is retried on the fallback
  store (when it differs), so an outage of Redis degrades instead of failing every login.
"""

from __future__ import annotations

import logging
from typing import Any

from django.utils.module_loading import import_string

from authstate.conf import auth_settings
from authstate.conf.enums import StorageType
from authstate.mfa.stores.base import MfaStore, Record, StoreUnavailable

logger = logging.getLogger("authstate.mfa")

STORES: dict[StorageType, str] = {
    StorageType.HTTP_SESSION: "authstate.mfa.stores.session.SessionStore",
    StorageType.REDIS: "authstate.mfa.stores.redis.RedisStore",
    StorageType.MEMORY: "authstate.mfa.stores.memory.MEMORY_STORE",
}


def store_of(kind: StorageType) -> MfaStore:
    found = import_string(STORES[kind])
    store: MfaStore = found if isinstance(found, MfaStore) else found()
    return store


def chosen_type() -> StorageType:
    mfa = auth_settings.mfa
    candidates = list(mfa.repository_priority) if mfa.auto_select_repository else [mfa.session_storage_type]
    for kind in candidates:
        if store_of(kind).is_usable():
            return StorageType(kind)
    return StorageType(mfa.fallback_repository_type)


class FallbackStore(MfaStore):
    """The chosen store, handing each failed operation to the fallback store."""

    def __init__(self, primary: MfaStore, fallback: MfaStore | None) -> None:
        self.primary, self.fallback = primary, fallback
        self.name = primary.name  # type: ignore[misc]

    def load(self, token: str) -> Record | None:
        return self._run("load", token)  # type: ignore[no-any-return]

    def save(self, token: str, record: Record, ttl: int) -> None:
        self._run("save", token, record, ttl)

    def take(self, token: str) -> Record | None:
        return self._run("take", token)  # type: ignore[no-any-return]

    def replace(self, token: str, record: Record, ttl: int) -> Record | None:
        return self._run("replace", token, record, ttl)  # type: ignore[no-any-return]

    def add_failure(self, token: str, ttl: int) -> int:
        return self._run("add_failure", token, ttl)  # type: ignore[no-any-return]

    def release_failure(self, token: str) -> None:
        self._run("release_failure", token)

    def _run(self, method: str, *args: Any) -> Any:
        try:
            return getattr(self.primary, method)(*args)
        except StoreUnavailable as error:
            if self.fallback is None:
                raise
            logger.warning("MFA store %s failed (%s); using %s", self.primary.name, error, self.fallback.name)
            return getattr(self.fallback, method)(*args)


def current_store() -> FallbackStore:
    kind = chosen_type()
    fallback_kind = StorageType(auth_settings.mfa.fallback_repository_type)
    fallback = store_of(fallback_kind) if fallback_kind is not kind else None
    return FallbackStore(store_of(kind), fallback)


__all__ = ["MfaStore", "StoreUnavailable", "chosen_type", "current_store", "store_of"]
