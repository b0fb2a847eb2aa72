"""The per-process copy of login activity (``authstate.logins._local``) against a real Redis.

"Another process" is a second ``NearCache`` on its own subscription, as a second gunicorn worker
would hold. Waits are bounded ("eventually subscribed"); no assertion is about time.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.cache import caches
from django.test import Client
from prometheus_client import REGISTRY

from authstate.logins import _activity as activity
from authstate.logins import _local as local
from authstate.models import Login
from tests.conftest import PASSWORD, bearer
from tests.test_request_costs import CACHE_METHODS

pytestmark = pytest.mark.redis


def eventually(check: Callable[[], bool], timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "condition not reached in time"
        time.sleep(0.02)


@pytest.fixture
def near(redis_cache: Any) -> local.NearCache:
    found = local.near()
    assert found is not None
    eventually(lambda: found.ready)
    return found


@pytest.fixture
def other_process(redis_cache: Any) -> Iterator[local.NearCache]:
    pool = redis_cache.client.get_client(write=True).connection_pool
    other = local.NearCache(pool, local.channel(redis_cache), 100).start()
    eventually(lambda: other.ready)
    yield other
    other.close()


@pytest.fixture
def round_trips(redis_cache: Any, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    for name in CACHE_METHODS:
        original = getattr(redis_cache, name)
        monkeypatch.setattr(redis_cache, name, lambda *a, _o=original, _n=name, **k: calls.append(_n) or _o(*a, **k))
    return calls


def warm(process: local.NearCache, login_id: str) -> None:
    """What a request of that process does on a miss: read Redis, keep the entry."""
    ticket = process.ticket()
    process.store(login_id, caches["default"].get(activity.cache_key(login_id)), ticket)
    assert process.lookup(login_id)[0] is not None


def test_off_without_redis_or_with_size_zero(settings: Any, redis_cache: Any) -> None:
    assert local.near() is not None
    settings.AUTHSTATE = {**settings.AUTHSTATE, "LOCAL_ACTIVITY_CACHE_SIZE": 0}
    assert local.near() is None
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.AUTHSTATE = {**settings.AUTHSTATE, "LOCAL_ACTIVITY_CACHE_SIZE": 10}
    assert local.near() is None


def test_token_requests_cost_no_round_trip_once_read(
    api: Any, near: local.NearCache, rest_login: Any, round_trips: list[str], django_assert_num_queries: Any
) -> None:
    token = rest_login()["access_token"]
    round_trips.clear()
    assert api.get("/api/me", **bearer(token)).status_code == 200
    assert round_trips == ["get"]
    round_trips.clear()
    with django_assert_num_queries(0):
        assert api.get("/api/me", **bearer(token)).status_code == 200
        assert api.get("/api/me", **bearer(token)).status_code == 200
    assert round_trips == []
    assert near.stats["hits"] == 2


def test_logout_is_refused_at_once_in_another_process(
    api: Any, near: local.NearCache, other_process: local.NearCache, rest_login: Any, monkeypatch: Any
) -> None:
    token = rest_login()["access_token"]
    login_id = Login.objects.get().pk
    assert api.get("/api/me", **bearer(token)).status_code == 200
    warm(other_process, login_id)
    assert api.post("/logout", **bearer(token)).status_code == 200
    # Published after the marker was written: the other process drops its copy as soon as the
    # message reaches it (a bounded wait, the propagation the harness measures, not a timing).
    eventually(lambda: other_process.lookup(login_id)[0] is None)
    monkeypatch.setattr(local, "near", lambda: other_process)
    assert activity.active_user(login_id) is None
    assert api.get("/api/me", **bearer(token)).status_code == 401


def test_a_read_overtaken_by_a_revocation_is_not_kept(
    near: local.NearCache, rest_login: Any, api: Any, redis_cache: Any
) -> None:
    """The reader took its ticket and read the live entry; the revocation's message then arrived."""
    token = rest_login()["access_token"]
    login_id = Login.objects.get().pk
    ticket = near.ticket()
    live = redis_cache.get(activity.cache_key(login_id))
    assert api.post("/logout", **bearer(token)).status_code == 200
    near.store(login_id, live, ticket)
    assert near.lookup(login_id)[0] is None
    assert activity.active_user(login_id) is None


def test_a_revocation_drops_this_process_copy_before_its_message_arrives(
    near: local.NearCache, rest_login: Any, api: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The revoking process does not wait for its own message to come back through Redis."""
    token = rest_login()["access_token"]
    login_id = Login.objects.get().pk
    warm(near, login_id)
    monkeypatch.setattr(near._conn, "can_read", lambda timeout=0: False)  # the message is still on its way
    assert api.post("/logout", **bearer(token)).status_code == 200
    assert near.lookup(login_id)[0] is None


def test_nothing_is_kept_before_the_subscription_is_confirmed(redis_cache: Any) -> None:
    pool = redis_cache.client.get_client(write=True).connection_pool
    unsubscribed = local.NearCache(pool, local.channel(redis_cache), 10)  # never started
    assert unsubscribed.ticket() is None
    unsubscribed.store("x", ("user", 0.0, 0.0), 0)  # even with a guessed ticket
    before = REGISTRY.get_sample_value("authstate_login_activity_fallback_reads_total") or 0.0
    assert unsubscribed.lookup("x") == (None, None)
    assert unsubscribed.stats["fallback_reads"] == 1
    assert REGISTRY.get_sample_value("authstate_login_activity_fallback_reads_total") == before + 1


def test_a_killed_subscription_falls_back_to_redis_and_never_serves_stale(
    api: Any, near: local.NearCache, rest_login: Any, redis_cache: Any, caplog: Any
) -> None:
    token = rest_login()["access_token"]
    login_id = Login.objects.get().pk
    assert api.get("/api/me", **bearer(token)).status_code == 200
    assert near.lookup(login_id)[0] is not None
    raw = redis_cache.client.get_client(write=True)
    assert raw.client_kill_filter(_type="pubsub") >= 1
    # A revocation this process cannot hear about: the marker alone, no message.
    redis_cache.set(activity.cache_key(login_id), activity.REVOKED, timeout=300)
    with caplog.at_level(logging.WARNING, logger="authstate.revocation"):
        assert api.get("/api/me", **bearer(token)).status_code == 401
    assert near.stats["losses"] == 1 and near.stats["fallback_reads"] >= 1
    assert "reading login activity from Redis on every request" in caplog.text
    eventually(lambda: near.ready)  # resubscribed, starting from an empty copy
    assert len(near) == 0
    assert api.get("/api/me", **bearer(token)).status_code == 401


def test_memory_is_bounded_least_recently_used_first(near: local.NearCache, settings: Any) -> None:
    small = local.NearCache(near._pool, near._channel, 3).start()
    try:
        eventually(lambda: small.ready)
        for n in range(10):
            small.store(f"login-{n}", activity.REVOKED, small.ticket())
            if n == 7:
                small.lookup("login-5")  # used: kept over 6 and 7
        assert len(small) == 3
        assert [small.lookup(f"login-{n}")[0] for n in (5, 8, 9)] == [activity.REVOKED] * 3
        assert small.lookup("login-6")[0] is None
    finally:
        small.close()


def test_a_changed_user_is_reloaded_everywhere(
    api: Any, near: local.NearCache, other_process: local.NearCache, rest_login: Any, user: Any, monkeypatch: Any
) -> None:
    token = rest_login()["access_token"]
    login_id = Login.objects.get().pk
    warm(other_process, login_id)
    user.first_name = "Alicia"
    user.save()
    eventually(lambda: other_process.lookup(login_id)[0] is None)
    monkeypatch.setattr(local, "near", lambda: other_process)
    assert activity.active_user(login_id).first_name == "Alicia"  # type: ignore[union-attr]
    assert api.get("/api/me", **bearer(token)).status_code == 200


def test_a_cached_user_cannot_be_changed_by_a_request(near: local.NearCache, rest_login: Any, api: Any) -> None:
    rest_login()
    login_id = Login.objects.get().pk
    first = activity.active_user(login_id)
    first.first_name = "mutated"  # type: ignore[union-attr]
    second = activity.active_user(login_id)
    assert second is not first and second.first_name != "mutated"  # type: ignore[union-attr]


def test_a_session_request_is_one_round_trip_and_no_query(
    near: local.NearCache, user: Any, round_trips: list[str], django_assert_num_queries: Any
) -> None:
    client = Client()
    assert client.post("/login", {"username": "alice", "password": PASSWORD}).status_code == 302
    assert client.get("/api/me").status_code == 200  # the first read keeps the entry
    round_trips.clear()
    with django_assert_num_queries(0):
        response = client.get("/api/me")
    assert (response.status_code, response.json()["state"]) == (200, "session")
    assert round_trips == ["get"]  # the session
