"""SQL queries and cache round trips of one request, as the probe instances report them.

Both come from response headers (``benchmarks.costs``): the queries Django ran and the Redis round
trips the worker waited for, counted client side (a pipeline or a Lua script is one round trip,
see ``authstate.testing._roundtrips``).
"""

from __future__ import annotations

from dataclasses import dataclass

from benchmarks import client
from benchmarks.costs import CACHE_HEADER, HEADER
from benchmarks.load import Request


@dataclass(frozen=True)
class Cost:
    sql: int
    cache: int


def send(port: int, request: Request) -> client.Reply:
    return client.call(port, request.method, request.path, body=request.body or None, headers=request.headers)


def measure(port: int, request: Request, *, warm: bool = True) -> tuple[Cost, client.Reply]:
    """Send ``request`` (after one warm-up copy, so connections and caches are primed) and count."""
    if warm:
        client.expect(send(port, request))
    reply = client.expect(send(port, request))
    return Cost(sql=int(reply.headers[HEADER.lower()]), cache=int(reply.headers[CACHE_HEADER.lower()])), reply
