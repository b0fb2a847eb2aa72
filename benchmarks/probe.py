"""SQL queries and cache round trips of one request, measured on the probe instance.

Queries come from the probe's ``X-Bench-Queries`` header; cache round trips are the commands
Redis itself counted (``INFO stats``) while the request ran, so raw client calls count too.
"""

from __future__ import annotations

from dataclasses import dataclass

import redis

from benchmarks import client
from benchmarks.costs import HEADER
from benchmarks.load import Request


@dataclass(frozen=True)
class Cost:
    sql: int
    cache: int


class RedisCounter:
    """Commands processed by the benchmark's redis-server, minus the ``INFO`` calls themselves."""

    def __init__(self, port: int) -> None:
        self.redis = redis.Redis(host="127.0.0.1", port=port)
        self.redis.ping()
        first = self.total()
        self.overhead = self.total() - first

    def total(self) -> int:
        return int(self.redis.info("stats")["total_commands_processed"])

    def close(self) -> None:
        self.redis.close()


def send(port: int, request: Request) -> client.Reply:
    return client.call(port, request.method, request.path, body=request.body or None, headers=request.headers)


def measure(port: int, counter: RedisCounter, request: Request, *, warm: bool = True) -> tuple[Cost, client.Reply]:
    """Send ``request`` (after one warm-up copy, so connections and caches are primed) and count."""
    if warm:
        client.expect(send(port, request))
    before = counter.total()
    reply = client.expect(send(port, request))
    cache = counter.total() - before - counter.overhead
    return Cost(sql=int(reply.headers[HEADER.lower()]), cache=cache), reply
