"""One contract (``authstate.testing.store_contract``), every MFA store: http-session, memory,
redis on fakeredis, and redis on a real redis-server."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import fakeredis
import pytest
import redis

from authstate.mfa import _records as records
from authstate.mfa._machine import Event
from authstate.mfa._pending import Pending
from authstate.mfa.stores.base import MfaStore
from authstate.mfa.stores.memory import MemoryStore
from authstate.mfa.stores.redis import RedisStore
from authstate.mfa.stores.session import SessionStore
from authstate.testing.store_contract import CHECKS


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


@pytest.mark.parametrize("check", CHECKS, ids=lambda check: check.__name__.removeprefix("check_"))
def test_store_contract(store: MfaStore, check: Callable[[MfaStore], None]) -> None:
    check(store)


def test_a_record_another_request_ended_is_not_claimed_again(db: Any, mfa_settings: Any) -> None:
    """Two requests that both proved a factor: the second finds the first's end, not a record."""
    mfa_settings(SESSION_STORAGE_TYPE="memory")
    pending = Pending(user_id=1, username="alice", flow="api-mfa")
    records.save(pending)
    pending.apply(Event.CANCEL)
    assert records.claim(pending) is True
    assert records.claim(pending) is False
