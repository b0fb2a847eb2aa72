"""What each hot request costs in SQL queries and cache round trips, pinned exactly.

Counts are stable where times are not (times live in ``benchmarks/``). A cache round trip is one
outermost call on the cache object (``get_many`` is one ``MGET`` on Redis, so it counts once).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth import HASH_SESSION_KEY
from django.core.cache import caches
from django.test import Client

from authstate.conf import _settings as conf_settings
from tests.conftest import PASSWORD, bearer

CACHE_METHODS = (
    "get",
    "set",
    "add",
    "delete",
    "get_many",
    "set_many",
    "delete_many",
    "get_or_set",
    "has_key",
    "incr",
    "decr",
    "touch",
)


@pytest.fixture
def cache_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Names of the outermost calls made on the default cache (which also holds the sessions)."""
    calls: list[str] = []
    depth = [0]
    cache = caches["default"]

    def counting(name: str, original: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if depth[0] == 0:
                calls.append(name)
            depth[0] += 1
            try:
                return original(*args, **kwargs)
            finally:
                depth[0] -= 1

        return wrapper

    for name in CACHE_METHODS:
        monkeypatch.setattr(cache, name, counting(name, getattr(cache, name)))
    return calls


@pytest.fixture
def access_token(rest_login: Callable[..., Any]) -> str:
    return str(rest_login()["access_token"])


@pytest.fixture
def session_client(user: Any) -> Client:
    client = Client()
    response = client.post("/login", {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_token_me_costs_one_cache_get_and_no_query(
    api: Any, access_token: str, cache_calls: list[str], django_assert_num_queries: Any
) -> None:
    cache_calls.clear()
    with django_assert_num_queries(0):
        response = api.get("/api/me", **bearer(access_token))
    assert response.status_code == 200
    assert cache_calls == ["get"]


def test_token_me_after_a_cache_flush_reads_the_login_once_and_caches_it(
    api: Any, access_token: str, cache_calls: list[str], django_assert_num_queries: Any
) -> None:
    caches["default"].clear()
    cache_calls.clear()
    with django_assert_num_queries(1):
        assert api.get("/api/me", **bearer(access_token)).status_code == 200
    assert cache_calls == ["get", "add"]  # add: a revoked marker written meanwhile wins
    cache_calls.clear()
    with django_assert_num_queries(0):
        assert api.get("/api/me", **bearer(access_token)).status_code == 200
    assert cache_calls == ["get"]


def test_revoked_token_is_refused_for_one_cache_get(
    api: Any, access_token: str, cache_calls: list[str], django_assert_num_queries: Any
) -> None:
    assert api.post("/logout", **bearer(access_token)).status_code == 200
    cache_calls.clear()
    with django_assert_num_queries(0):
        response = api.get("/api/me", **bearer(access_token))
    assert response.status_code == 401
    assert cache_calls == ["get"]


def test_session_me_costs_the_session_and_the_login_check_and_no_query(
    session_client: Client, cache_calls: list[str], django_assert_num_queries: Any
) -> None:
    """The login check yields the user (``LoginActivityMiddleware``), so no user query. With Redis
    the check is served from the process's copy: one round trip (``tests/test_local_activity.py``)."""
    cache_calls.clear()
    with django_assert_num_queries(0):
        response = session_client.get("/api/me")
    assert response.status_code == 200
    assert response.json()["state"] == "session"
    assert cache_calls == ["get", "get"]


def test_a_session_whose_hash_does_not_match_is_left_to_django(session_client: Client) -> None:
    session = session_client.session
    session[HASH_SESSION_KEY] = "not-the-hash"
    session.save()
    assert session_client.get("/api/me").status_code in (401, 403)


def test_first_rest_login_costs(api: Any, user: Any, cache_calls: list[str], django_assert_num_queries: Any) -> None:
    """Queries: lockout, user, has-any-factor (one UNION, for the MFA stage), active logins, the
    login transaction's savepoint pair, login insert, roles, refresh family insert, audit event.
    Cache: the attempt is reserved before the password is checked (IP and account throttle
    places, the lockout's password counter: one ``add`` each when the window is new), the
    throttle places are given back, the password counter reset, then login activity."""
    with django_assert_num_queries(10):
        response = api.post_json("/api/auth", {"username": "alice", "password": PASSWORD})
    assert response.status_code == 200
    assert cache_calls == ["add", "add", "add", "decr", "decr", "delete", "set"]


def test_rest_login_replacing_an_active_login_costs(
    api: Any, rest_login: Callable[..., Any], cache_calls: list[str], django_assert_num_queries: Any
) -> None:
    """With the default single login per user, the old login is revoked: its update, the lookup of
    logins derived from it (they end with it), and one cache write more than a first login."""
    rest_login()
    cache_calls.clear()
    with django_assert_num_queries(12):
        response = api.post_json("/api/auth", {"username": "alice", "password": PASSWORD})
    assert response.status_code == 200
    reserved = ["add", "incr", "add", "incr", "add"]  # the throttle counters exist (at 0) now
    assert cache_calls == [*reserved, "decr", "decr", "delete", "set", "set"]


def test_no_settings_are_parsed_per_request(api: Any, access_token: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert api.get("/api/me", **bearer(access_token)).status_code == 200

    def no_parsing(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("AUTHSTATE parsed during a request")

    monkeypatch.setattr(conf_settings, "load", no_parsing)
    assert api.get("/api/me", **bearer(access_token)).status_code == 200
