"""The store contract: where pending-MFA records live between two requests.

Records are JSON-ready dicts keyed by the opaque ``mfa_token``. Every method takes or returns
plain data, so one contract suite (``authstate.testing.store_contract``) runs against every store.
A store that cannot reach its backend raises ``StoreUnavailable``; the selector then hands the
operation to ``FALLBACK_REPOSITORY_TYPE``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, ClassVar

from authstate._cache import shared

__all__ = ["CLAIMED", "MfaStore", "Record", "StoreUnavailable"]


Record = dict[str, Any]
#: Marks a token claimed on the shared cache (``MfaStore.claim``'s default).
CLAIMED = "authstate:mfa:claimed:"


class StoreUnavailable(Exception):
    """The backend of a store cannot be reached (Redis down, session backend failing)."""


class MfaStore(ABC):
    """Where pending MFA records live between requests; subclass it (and run
    ``authstate.testing.store_contract``) to keep them in another backend."""

    name: ClassVar[str]

    @abstractmethod
    def load(self, token: str) -> Record | None:
        """The record, or ``None`` when unknown or expired."""

    @abstractmethod
    def save(self, token: str, record: Record, ttl: int) -> None:
        """Create or replace; the record disappears ``ttl`` seconds later (``ttl <= 0``: delete)."""

    @abstractmethod
    def take(self, token: str) -> Record | None:
        """Remove and return atomically: of two concurrent callers only one gets the record."""

    def replace(self, token: str, record: Record, ttl: int) -> Record | None:
        """Claim the record and leave ``record`` (how it ended) in its place for ``ttl`` seconds;
        return what was there (``None``: nothing, and nothing is written). Safe default: ``take``,
        then ``save`` when something was taken; a store that can swap in one step does (Redis)."""
        found = self.take(token)
        if found is not None:
            self.save(token, record, ttl)
        return found

    def claim(self, token: str, record: Record, ttl: int, *, remembered: int) -> Record | None:
        """End the token's record: leave ``record`` (how it ended) in its place for ``ttl``
        seconds and return what was there, for the token's *first* claim only. ``None``: nothing
        was there, or the token was claimed before (a late request may write a record back live
        after its claim; it is never claimed twice). A first claim is remembered ``remembered``
        seconds (the record's whole life). Safe default: ``replace``, then a marker on the shared
        cache (``add``: one winner); a store that can do both in one step does (Redis)."""
        found = self.replace(token, record, ttl)
        if found is None or not shared().add(f"{CLAIMED}{token}", 1, timeout=remembered):
            return None
        return found

    def is_usable(self) -> bool:
        """Whether this store may be chosen now (enabled and its dependencies importable)."""
        return True
