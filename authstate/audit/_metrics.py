"""In-process counters of audit events (``METRICS_ENABLED``), for an exporter to read.

``COUNTERS`` maps ``(event, factor, flow)`` to a count since the process started. Exporters call
``snapshot()`` or connect to ``authstate.signals.audit_event``, which is sent with the same labels
each time a counter grows.
"""

from __future__ import annotations

import threading
from collections import Counter

from authstate.signals import audit_event

__all__ = ["COUNTERS", "count", "reset", "snapshot"]


COUNTERS: Counter[tuple[str, str, str]] = Counter()
_lock = threading.Lock()


def count(event: str, *, factor: str = "", flow: str = "") -> None:
    with _lock:
        COUNTERS[(event, factor, flow)] += 1
    audit_event.send(sender=count, event=event, labels={"factor": factor, "flow": flow})


def snapshot() -> dict[tuple[str, str, str], int]:
    with _lock:
        return dict(COUNTERS)


def reset() -> None:
    with _lock:
        COUNTERS.clear()
