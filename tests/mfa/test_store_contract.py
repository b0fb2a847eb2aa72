"""One contract, every MFA store: http-session, memory, redis (fakeredis and a real redis-server)."""

from __future__ import annotations

import threading
from typing import Any

import fakeredis
import pytest
import redis

from authstate.mfa.stores.base import MfaStore
from authstate.mfa.stores.memory import MemoryStore
from authstate.mfa.stores.redis import RedisStore
from authstate.mfa.stores.session import SessionStore

RECORD = {"user_id": 1, "state": "AWAITING_FACTOR", "scratch": {"email": {"sent_at": 1.5}}, "verified": []}


@pytest.fixture(params=["http-session", "memory", "fakeredis", "redis-server"])
def store(request: pytest.FixtureRequest, db: Any) -> MfaStore:
    if request.param == "http-session":
        return SessionStore()
    if request.param == "memory":
        return MemoryStore()
    if request.param == "fakeredis":
        return RedisStore(client=fakeredis.FakeRedis())
    server = request.getfixturevalue("redis_server")
    client = redis.Redis.from_url(server.url)
    client.flushdb()
    return RedisStore(client=client)


def test_save_then_load_round_trips(store: MfaStore) -> None:
    store.save("tok-aaaaaaaa", RECORD, 60)
    assert store.load("tok-aaaaaaaa") == RECORD


def test_unknown_token_loads_none(store: MfaStore) -> None:
    assert store.load("tok-missing1") is None
    assert store.take("tok-missing1") is None


def test_save_replaces(store: MfaStore) -> None:
    store.save("tok-bbbbbbbb", RECORD, 60)
    store.save("tok-bbbbbbbb", {**RECORD, "state": "CHALLENGED"}, 60)
    assert store.load("tok-bbbbbbbb")["state"] == "CHALLENGED"  # type: ignore[index]


def test_take_returns_once(store: MfaStore) -> None:
    store.save("tok-cccccccc", RECORD, 60)
    assert store.take("tok-cccccccc") == RECORD
    assert store.take("tok-cccccccc") is None
    assert store.load("tok-cccccccc") is None


def test_non_positive_ttl_deletes(store: MfaStore) -> None:
    store.save("tok-dddddddd", RECORD, 60)
    store.save("tok-dddddddd", RECORD, 0)
    assert store.load("tok-dddddddd") is None


def test_failures_count_up_per_token(store: MfaStore) -> None:
    store.save("tok-eeeeeeee", RECORD, 60)
    store.save("tok-ffffffff", RECORD, 60)
    assert [store.add_failure("tok-eeeeeeee", 60) for _ in range(3)] == [1, 2, 3]
    assert store.add_failure("tok-ffffffff", 60) == 1


def test_loaded_record_is_a_copy(store: MfaStore) -> None:
    store.save("tok-gggggggg", RECORD, 60)
    loaded = store.load("tok-gggggggg")
    assert loaded is not None
    loaded["scratch"]["email"]["sent_at"] = 99
    assert store.load("tok-gggggggg") == RECORD


def test_concurrent_take_has_one_winner(store: MfaStore) -> None:
    store.save("tok-hhhhhhhh", RECORD, 60)
    results: list[Any] = []
    threads = [threading.Thread(target=lambda: results.append(store.take("tok-hhhhhhhh"))) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(result is not None for result in results) == 1
