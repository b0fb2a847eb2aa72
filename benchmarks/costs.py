"""Per-request SQL queries and cache round trips, reported in response headers by the probe only.

Cache round trips are counted client side, as ``authstate.testing._roundtrips`` defines them: a
pipeline or a Lua script is one, however many commands it carries.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import connection
from django.http import HttpRequest, HttpResponse

from authstate.testing._roundtrips import redis_round_trips

HEADER = "X-Bench-Queries"
CACHE_HEADER = "X-Bench-Cache-Round-Trips"


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
