"""Choosing the MFA store: ``SESSION_STORAGE_TYPE``, ``AUTO_SELECT_REPOSITORY``,
``REPOSITORY_PRIORITY`` and ``FALLBACK_REPOSITORY_TYPE`` name stores of ``MFA.STORES`` by their
``name`` (the built-in ``http-session``, ``redis``, ``memory``, and any a project adds).

* Without auto-select, the store named by ``SESSION_STORAGE_TYPE`` is used if it is usable
  (enabled, dependencies present), else the fallback.
* With auto-select, the first usable store of ``REPOSITORY_PRIORITY`` is used.
* Whichever is chosen, an operation that fails with ``StoreUnavailable`` is retried on the fallback
  store (when it differs), so an outage of Redis degrades instead of failing every login.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from authstate import _extensions as extensions
from authstate.conf import auth_settings
from authstate.mfa.stores.base import MfaStore, Record, StoreUnavailable

logger = logging.getLogger("authstate.mfa")


def configured() -> dict[str, Any]:
    """The usable entries of ``MFA.STORES`` (class or instance) by ``name``, once per settings load."""
    found: dict[str, Any] = auth_settings.derived(
        "mfa_stores", lambda: extensions.named(extensions.resolve(auth_settings.mfa.stores, MfaStore))
    )
    return found


def store_of(name: object) -> MfaStore:
    """The store called ``name``: the configured instance, or a new one of the configured class."""
    try:
        found = configured()[str(name)]
    except KeyError:
        raise ImproperlyConfigured(f"no entry of AUTHSTATE['MFA']['STORES'] is called {str(name)!r}") from None
    store: MfaStore = found if isinstance(found, MfaStore) else found()
    return store


def chosen_type() -> str:
    """The name of the store in use: the first usable candidate, else the fallback's."""
    mfa = auth_settings.mfa
    candidates = list(mfa.repository_priority) if mfa.auto_select_repository else [mfa.session_storage_type]
    for name in map(str, candidates):
        if name in configured() and store_of(name).is_usable():
            return name
    return str(mfa.fallback_repository_type)


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

    def claim(self, token: str, record: Record, ttl: int, *, remembered: int) -> Record | None:
        return self._run("claim", token, record, ttl, remembered=remembered)  # type: ignore[no-any-return]

    def _run(self, method: str, *args: Any, **kwargs: Any) -> Any:
        try:
            return getattr(self.primary, method)(*args, **kwargs)
        except StoreUnavailable as error:
            if self.fallback is None:
                raise
            logger.warning("MFA store %s failed (%s); using %s", self.primary.name, error, self.fallback.name)
            return getattr(self.fallback, method)(*args, **kwargs)


def current_store() -> FallbackStore:
    name, fallback_name = chosen_type(), str(auth_settings.mfa.fallback_repository_type)
    fallback = store_of(fallback_name) if fallback_name != name else None
    return FallbackStore(store_of(name), fallback)


__all__ = ["MfaStore", "StoreUnavailable", "chosen_type", "configured", "current_store", "store_of"]
