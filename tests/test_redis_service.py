"""The real redis-server fixture works: a value written by one client is read by another."""

from __future__ import annotations

import redis


def test_real_redis_server_round_trip(redis_server: object) -> None:
    url = redis_server.url  # type: ignore[attr-defined]
    redis.Redis.from_url(url).set("authstate:probe", "1")
    assert redis.Redis.from_url(url).get("authstate:probe") == b"1"
