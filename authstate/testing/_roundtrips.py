"""Counting Redis round trips the way the client pays for them, for tests and the benchmarks.

A *cache round trip* is one write of commands to Redis and the wait for their replies: a single
command is one, and so is a pipeline or a Lua script (``EVALSHA``/``EVAL``), however many keys or
commands it carries. They are counted where redis-py sends a packed request
(``send_packed_command``), on the calling thread only: the invalidation listener's pings and
reads on its own thread belong to no request.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from redis.connection import AbstractConnection

__all__ = ["command_names", "redis_round_trips"]


_local = threading.local()
_original_send: Callable[..., None] = AbstractConnection.send_packed_command


def _counting_send(self: AbstractConnection, command: Any, check_health: bool = True) -> None:
    sink = getattr(_local, "sink", None)
    if sink is not None:
        sink.append(command)
    _original_send(self, command, check_health)


@contextmanager
def redis_round_trips() -> Iterator[list[Any]]:
    """The packed requests this thread sends to Redis inside (one per round trip)."""
    AbstractConnection.send_packed_command = _counting_send  # type: ignore[method-assign]
    sink: list[Any] = []
    previous, _local.sink = getattr(_local, "sink", None), sink
    try:
        yield sink
    finally:
        _local.sink = previous


def command_names(packed: Any) -> list[str]:
    """The command names in one packed request (RESP arrays: ``*<n>``, then ``$<len>`` and the name)."""
    raw = b"".join(bytes(part) for part in packed) if isinstance(packed, list) else bytes(packed)
    lines, names, index = raw.split(b"\r\n"), [], 0
    while index < len(lines) - 2:
        if lines[index].startswith(b"*") and lines[index + 1].startswith(b"$"):
            names.append(lines[index + 2].decode(errors="replace").upper())
            index += 3
        else:
            index += 1
    return names
