"""The store contract: where pending-MFA records live between two requests.

Records are JSON-ready dicts keyed by the opaque ``mfa_token``. Every method takes or returns
plain data, so one contract suite (``authstate.testing.store_contract``) runs against every store.
A store that cannot reach its backend raises ``StoreUnavailable``; the selector then hands the
operation to ``FALLBACK_REPOSITORY_TYPE``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, ClassVar

__all__ = ["MfaStore", "Record", "StoreUnavailable"]


Record = dict[str, Any]


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

    @abstractmethod
    def add_failure(self, token: str, ttl: int) -> int:
        """Reserve one verification of ``token`` before it is checked; return its number (1, 2, ...).

        Atomic: of N concurrent callers each gets a different number, so at most
        ``MAX_RETRY_ATTEMPTS`` codes are ever checked. The count lives ``ttl`` seconds and
        survives ``save(..., 0)`` and ``take``: a record rewritten by a late request must not come
        back with a fresh budget."""

    def replace(self, token: str, record: Record, ttl: int) -> Record | None:
        """Claim the record and leave ``record`` (how it ended) in its place for ``ttl`` seconds;
        return what was there (``None``: nothing, and nothing is written). Safe default: ``take``,
        then ``save`` when something was taken; a store that can swap in one step does (Redis)."""
        found = self.take(token)
        if found is not None:
            self.save(token, record, ttl)
        return found

    def release_failure(self, token: str) -> None:
        """Give back the number of a verification that succeeded (safe default: keep it counted)."""
        return None

    def is_usable(self) -> bool:
        """Whether this store may be chosen now (enabled and its dependencies importable)."""
        return True
