"""In-process store: one Python dict per process. For a single instance (and tests) only.

``MEMORY.MAX_SESSIONS`` bounds it (the oldest record is evicted first) and expired records are
swept at most once per ``MEMORY.CLEANUP_INTERVAL_MINUTES`` (lookups still refuse them at once).
"""

from __future__ import annotations

import copy
import threading
from collections import OrderedDict

from authstate import _clock as clock
from authstate.conf import auth_settings
from authstate.mfa.stores.base import MfaStore, Record

__all__ = ["MEMORY_STORE", "MemoryStore"]


class MemoryStore(MfaStore):
    """Records in this process's memory: one instance (or tests) only."""

    name = "memory"

    def __init__(self) -> None:
        self._records: OrderedDict[str, tuple[float, Record]] = OrderedDict()
        self._lock = threading.Lock()
        self._swept_at = clock.now()

    def is_usable(self) -> bool:
        return bool(auth_settings.mfa.memory.enabled)

    def load(self, token: str) -> Record | None:
        with self._lock:
            self._sweep()
            entry = self._records.get(token)
            if entry is None or entry[0] <= clock.now():
                return None
            return copy.deepcopy(entry[1])

    def save(self, token: str, record: Record, ttl: int) -> None:
        with self._lock:
            self._records.pop(token, None)
            if ttl <= 0:
                return
            self._records[token] = (clock.now() + ttl, copy.deepcopy(record))
            while len(self._records) > auth_settings.mfa.memory.max_sessions:
                self._records.popitem(last=False)

    def take(self, token: str) -> Record | None:
        with self._lock:
            entry = self._records.pop(token, None)
        if entry is None or entry[0] <= clock.now():
            return None
        return entry[1]

    def __len__(self) -> int:
        return len(self._records)

    def _sweep(self) -> None:
        """Drop expired records, but only once per cleanup interval (callers hold the lock)."""
        now = clock.now()
        if now - self._swept_at < auth_settings.mfa.memory.cleanup_interval.total_seconds():
            return
        self._swept_at = now
        for token in [t for t, (expiry, _) in self._records.items() if expiry <= now]:
            del self._records[token]


#: The process-wide instance: records must outlive a request.
MEMORY_STORE = MemoryStore()
