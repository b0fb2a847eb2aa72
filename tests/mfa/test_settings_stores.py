"""Store keys: SESSION_STORAGE_TYPE, AUTO_SELECT_REPOSITORY, REPOSITORY_PRIORITY, FALLBACK_REPOSITORY_TYPE,
HTTP_SESSION.*, REDIS.*, MEMORY.*."""

from __future__ import annotations

import json
from typing import Any

import fakeredis
import pytest
import redis
from django.test import Client
from redis.backoff import NoBackoff
from redis.retry import Retry

from authstate.mfa.stores import chosen_type, current_store
from authstate.mfa.stores.memory import MEMORY_STORE, MemoryStore
from authstate.mfa.stores.redis import RedisStore
from authstate.mfa.stores.session import SessionStore
from tests.conftest import PASSWORD
from tests.mfa.conftest import start, totp_code
from tests.services import free_port


def dead_redis() -> redis.Redis:
    """A client of a port nothing listens on, without redis-py's retries."""
    return redis.Redis(host="127.0.0.1", port=free_port(), socket_connect_timeout=0.2, retry=Retry(NoBackoff(), 0))


@pytest.mark.parametrize("kind", ["http-session", "memory"])
def test_session_storage_type_decides_where_records_live(
    api: Any, totp_device: Any, mfa_settings: Any, kind: str
) -> None:
    mfa_settings(SESSION_STORAGE_TYPE=kind)
    token = start(api)["mfa_token"]
    assert (MEMORY_STORE.load(token) is not None) is (kind == "memory")
    assert (SessionStore().load(token) is not None) is (kind == "http-session")


def test_redis_store_is_used_when_configured(
    api: Any, totp_device: Any, clock: Any, mfa_settings: Any, monkeypatch: Any
) -> None:
    fake = fakeredis.FakeRedis()
    monkeypatch.setattr(RedisStore, "client", lambda self: fake)
    monkeypatch.setattr(RedisStore, "is_usable", lambda self: True)
    mfa_settings(SESSION_STORAGE_TYPE="redis", REDIS={"KEY_PREFIX": "custom:"})
    token = start(api)["mfa_token"]
    assert fake.exists(f"custom:{token}")
    assert (
        api.post_json(
            "/api/mfa/verify", {"mfa_token": token, "factor": "totp", "code": totp_code(totp_device, clock.now)}
        ).status_code
        == 200
    )
    assert json.loads(fake.get(f"custom:{token}"))["state"] == "COMPLETED"  # the tombstone (CACHE_TTL)


def test_redis_without_a_django_redis_cache_is_unusable(mfa_settings: Any) -> None:
    mfa_settings(SESSION_STORAGE_TYPE="redis", FALLBACK_REPOSITORY_TYPE="memory")
    assert chosen_type() == "memory"


def test_redis_cache_alias_decides_usability(settings: Any, mfa_settings: Any) -> None:
    settings.CACHES = {
        **settings.CACHES,
        "mfa": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"},
    }
    mfa_settings(SESSION_STORAGE_TYPE="redis", REDIS={"CACHE_ALIAS": "mfa"})
    assert chosen_type() == "redis"
    mfa_settings(REDIS={"ENABLED": False})
    assert chosen_type() == "http-session"


@pytest.mark.parametrize(
    ("priority", "expected"),
    [(["redis", "memory", "http-session"], "memory"), (["http-session", "memory"], "http-session")],
)
def test_auto_select_takes_the_first_usable_by_priority(mfa_settings: Any, priority: list[str], expected: str) -> None:
    mfa_settings(AUTO_SELECT_REPOSITORY=True, REPOSITORY_PRIORITY=priority, SESSION_STORAGE_TYPE="redis")
    assert chosen_type() == expected
    mfa_settings(AUTO_SELECT_REPOSITORY=False, SESSION_STORAGE_TYPE="memory")
    assert chosen_type() == "memory"


@pytest.mark.parametrize("kind", ["http-session", "memory"])
def test_disabled_store_hands_over_to_the_fallback(mfa_settings: Any, kind: str) -> None:
    group = {"http-session": "HTTP_SESSION", "memory": "MEMORY"}[kind]
    other = "memory" if kind == "http-session" else "http-session"
    mfa_settings(SESSION_STORAGE_TYPE=kind, FALLBACK_REPOSITORY_TYPE=other, **{group: {"ENABLED": False}})
    assert chosen_type() == other


def test_failing_store_falls_back_per_operation(
    api: Any, totp_device: Any, clock: Any, mfa_settings: Any, monkeypatch: Any
) -> None:
    """Redis refuses connections: the memory fallback carries the whole MFA login."""
    dead = dead_redis()
    monkeypatch.setattr(RedisStore, "client", lambda self: dead)
    monkeypatch.setattr(RedisStore, "is_usable", lambda self: True)
    mfa_settings(SESSION_STORAGE_TYPE="redis", FALLBACK_REPOSITORY_TYPE="memory")
    token = start(api)["mfa_token"]
    assert MEMORY_STORE.load(token) is not None
    payload = {"mfa_token": token, "factor": "totp", "code": totp_code(totp_device, clock.now)}
    assert api.post_json("/api/mfa/verify", payload).status_code == 200


def test_failing_store_without_a_distinct_fallback_raises(mfa_settings: Any, monkeypatch: Any) -> None:
    from authstate.mfa.stores.base import StoreUnavailable

    dead = dead_redis()
    monkeypatch.setattr(RedisStore, "client", lambda self: dead)
    monkeypatch.setattr(RedisStore, "is_usable", lambda self: True)
    mfa_settings(SESSION_STORAGE_TYPE="redis", FALLBACK_REPOSITORY_TYPE="redis")
    with pytest.raises(StoreUnavailable):
        current_store().load("anything")


def test_session_attribute_name_holds_the_html_token(client: Client, totp_device: Any, mfa_settings: Any) -> None:
    mfa_settings(HTTP_SESSION={"SESSION_ATTRIBUTE_NAME": "MY_MFA"})
    client.post("/mfa/login", {"username": "alice", "password": PASSWORD})
    assert SessionStore().load(client.session["MY_MFA"]) is not None
    assert "MFA_SID" not in client.cookies


def test_cookie_name_and_same_site_carry_the_html_token(client: Client, totp_device: Any, mfa_settings: Any) -> None:
    mfa_settings(SESSION_STORAGE_TYPE="memory", REDIS={"COOKIE_NAME": "MY_SID", "SAME_SITE": "Lax"})
    response = client.post("/mfa/login", {"username": "alice", "password": PASSWORD})
    cookie = response.cookies["MY_SID"]
    assert cookie["samesite"] == "Lax" and cookie["httponly"]
    assert MEMORY_STORE.load(cookie.value) is not None
    assert client.get("/mfa/choose").status_code == 200


def test_memory_max_sessions_evicts_the_oldest(mfa_settings: Any) -> None:
    mfa_settings(MEMORY={"MAX_SESSIONS": 2})
    store = MemoryStore()
    for token in ("a", "b", "c"):
        store.save(token, {"n": token}, 60)
    assert (store.load("a"), store.load("c")) == (None, {"n": "c"})
    assert len(store) == 2


@pytest.mark.parametrize(("minutes", "swept"), [(1, True), (10, False)])
def test_memory_cleanup_interval(clock: Any, mfa_settings: Any, minutes: int, swept: bool) -> None:
    mfa_settings(MEMORY={"CLEANUP_INTERVAL_MINUTES": minutes})
    store = MemoryStore()
    store.save("old", {"n": 1}, 30)
    clock.advance(120)
    assert store.load("old") is None  # expired records are refused at once either way
    assert (len(store) == 0) is swept
