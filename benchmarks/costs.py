"""Per-request SQL queries and cache round trips, reported in response headers by the probe only.

A *cache round trip* is what the client waits for: one write of commands to Redis and the wait
for their replies. A single command is one, and so is a pipeline or a Lua script (``EVALSHA``),
however many keys or commands it carries. They are counted client side, where redis-py sends a
packed request (``send_packed_command``), on the request's own thread only: the invalidation
listener's pings and reads on its own thread are not part of any request.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection
from django.http import HttpRequest, HttpResponse
from redis.connection import AbstractConnection

HEADER = "X-Bench-Queries"
CACHE_HEADER = "X-Bench-Cache-Round-Trips"

_local = threading.local()
_original_send = AbstractConnection.send_packed_command


def _counting_send(self: AbstractConnection, command: Any, check_health: bool = True) -> None:
    sink = getattr(_local, "sink", None)
    if sink is not None:
        sink.append(command)
    _original_send(self, command, check_health)


@contextmanager
def redis_round_trips() -> Iterator[list[Any]]:
    """Collect the packed requests this thread sends to Redis (one per round trip) inside."""
    AbstractConnection.send_packed_command = _counting_send  # type: ignore[method-assign]
    sink: list[Any] = []
    _local.sink = sink
    try:
        yield sink
    finally:
        _local.sink = None


class QueryCountMiddleware:
    """Outermost middleware: counts every query and Redis round trip the request makes."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        count = [0]

        def counted(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
            count[0] += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counted), redis_round_trips() as sent:
            response = self.get_response(request)
        response[HEADER] = str(count[0])
        response[CACHE_HEADER] = str(len(sent))
        return response
