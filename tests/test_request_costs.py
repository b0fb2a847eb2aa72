"""What each hot request costs in SQL queries and cache round trips, pinned exactly.

Counts are stable where times are not (times live in ``benchmarks/``). Token and session requests
are counted on the local-memory cache, as outermost calls on the cache object (``get_many`` is
one ``MGET`` on Redis, so it counts once). Logins and refreshes are counted against a real Redis,
as round trips the client waits for (``authstate.testing._roundtrips``: a pipeline or a Lua script
is one), which is what ``benchmarks`` reports too. Logins are counted in their steady state: the
user already has an active login, which the default single login per user ends.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth import HASH_SESSION_KEY
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from authstate.conf import _settings as conf_settings
from authstate.testing._roundtrips import command_names, redis_round_trips
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


def costs(call: Callable[[], Any]) -> tuple[Any, list[str], list[list[str]]]:
    """The response, each query's first word, and each Redis round trip's commands."""
    with CaptureQueriesContext(connection) as queries, redis_round_trips() as sent:
        response = call()
    return response, [q["sql"].split()[0] for q in queries.captured_queries], [command_names(p) for p in sent]


#: Reserve the throttle windows and the lockout counter, reading the lock (one script); then give
#: the windows back, reset the counter and write the activity of the logins ended and begun.
LOGIN_ROUND_TRIPS = [["EVAL"], ["EVAL", "SET", "SET", "PUBLISH"]]


@pytest.mark.redis
def test_rest_login_costs(api: Any, rest_login: Callable[..., Any], redis_cache: Any) -> None:
    """The user (``authenticate``), the lock's row (a right password is taken only while none is
    active: its cache marker may be lost), has-any-factor (one query of ``EXISTS``), the new login
    with its refresh family's first generation, the active logins and the ones derived from them
    (one query, after the INSERT: parallel logins of the user see each other, ``limits.settle``),
    the UPDATE that ends the old one, the roles claim's groups, the audit row. No transaction:
    nothing to undo."""
    rest_login()
    response, sql, round_trips = costs(lambda: api.post_json("/api/auth", {"username": "alice", "password": PASSWORD}))
    assert response.status_code == 200
    assert sql == ["SELECT", "SELECT", "SELECT", "INSERT", "SELECT", "UPDATE", "SELECT", "INSERT"]
    assert round_trips == LOGIN_ROUND_TRIPS


@pytest.mark.redis
def test_form_login_costs(user: Any, redis_cache: Any) -> None:
    """A browser signing in while another one holds the login. Beyond the REST login: Django's
    ``last_login`` UPDATE and the user-changed lookup it triggers; no roles.
    Round trips beyond it: the new session (its key checked and created, then saved with the
    response: Django's cache backend), the ended login's session deleted; the pipeline also drops
    the cached users of the logins active when ``last_login`` changed (``forget_user``)."""
    assert Client().post("/login", {"username": "alice", "password": PASSWORD}).status_code == 302
    response, sql, round_trips = costs(lambda: Client().post("/login", {"username": "alice", "password": PASSWORD}))
    assert response.status_code == 302
    assert sql == ["SELECT", "SELECT", "SELECT", "UPDATE", "SELECT", "INSERT", "SELECT", "UPDATE", "INSERT"]
    session = [["EXISTS"], ["SET"]]
    pipeline = ["EVAL", "DEL", "PUBLISH", "SET", "SET", "PUBLISH"]
    assert round_trips == [["EVAL"], *session, ["DEL"], pipeline, ["GET"], ["SET"]]


@pytest.mark.redis
def test_refresh_costs(api: Any, rest_login: Callable[..., Any], redis_cache: Any) -> None:
    """The login with its refresh family, under a row lock, and its one UPDATE (last seen; on
    rotation the next generation too) in a transaction: the rotation must be atomic. Then the
    roles claim's groups. No cache round trip."""
    refresh_token = rest_login()["refresh_token"]
    response, sql, round_trips = costs(lambda: api.post_json("/api/auth/refresh", {"refresh_token": refresh_token}))
    assert response.status_code == 200
    assert sql == ["SAVEPOINT", "SELECT", "UPDATE", "RELEASE", "SELECT"]  # BEGIN, COMMIT outside tests
    assert round_trips == []


def test_a_browser_signing_in_again_gets_a_new_session(session_client: Client) -> None:
    """Its session belonged to the login the new one replaces: it moves to a new key first."""
    old_key = session_client.session.session_key
    response = session_client.post("/login", {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302
    assert session_client.session.session_key != old_key
    assert session_client.get("/api/me").json()["state"] == "session"


def test_no_settings_are_parsed_per_request(api: Any, access_token: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert api.get("/api/me", **bearer(access_token)).status_code == 200

    def no_parsing(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("AUTHSTATE parsed during a request")

    monkeypatch.setattr(conf_settings, "load", no_parsing)
    assert api.get("/api/me", **bearer(access_token)).status_code == 200
