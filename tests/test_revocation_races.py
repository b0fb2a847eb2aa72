"""Revocation racing a live cache write, forced deterministically (docs/security.md).

A writer reads the login (cache or row), a revocation lands, then the writer writes the cache.
Each test runs the revocation at such a point — right after the writer's read, or right before
its cache write lands — and asserts the login stays revoked. On the code before the fix (plain
``cache.set`` for every live write) each of them fails: the live entry overwrote the marker and
the login's tokens kept working. Run against the local-memory cache and a real Redis.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.cache import caches
from django.db import transaction

from authstate.logins import _activity as activity
from authstate.logins import _records as records
from authstate.models import Login
from authstate.tokens import _rotation as rotation
from tests.conftest import bearer

WEEK_MS = 7 * 24 * 3600 * 1000
Revoke = Callable[[], Any]


@pytest.fixture(params=["locmem", pytest.param("redis", marks=pytest.mark.redis)])
def backend(request: pytest.FixtureRequest, settings: Any) -> Iterator[str]:
    if request.param == "redis":
        server = request.getfixturevalue("redis_server")
        settings.CACHES = {
            "default": {
                "BACKEND": "django_redis.cache.RedisCache",
                "LOCATION": server.url,
                "KEY_PREFIX": uuid.uuid4().hex,
            }
        }
    yield request.param
    caches["default"].clear()


@pytest.fixture
def login(backend: str, rest_login: Callable[..., Any]) -> tuple[Login, dict[str, Any]]:
    body = rest_login()
    return Login.objects.get(), body


@pytest.fixture
def configure(settings: Any) -> Callable[..., None]:
    def apply(**overrides: Any) -> None:
        settings.AUTHSTATE = {**settings.AUTHSTATE, **overrides}

    return apply


def logout(login: Login) -> Revoke:
    """What ``POST /logout`` runs."""
    return lambda: records.revoke_by_id(login.pk, "logout")


@pytest.fixture
def before_live_write(monkeypatch: pytest.MonkeyPatch) -> Callable[[Login, Revoke], list[str]]:
    """Run ``revoke`` once, just before the next live (non-marker) write of ``login``'s entry lands."""

    def arm(login: Login, revoke: Revoke) -> list[str]:
        cache, key, fired = caches["default"], activity.cache_key(login.pk), []
        for name in ("set", "add"):
            original = getattr(cache, name)

            def write(k: str, value: Any, *args: Any, _original: Any = original, _name: str = name, **kw: Any) -> Any:
                if k == key and value != activity.REVOKED and not fired:
                    fired.append(_name)
                    revoke()
                return _original(k, value, *args, **kw)

            monkeypatch.setattr(cache, name, write)
        return fired

    return arm


def me(api: Any, token: str) -> int:
    return int(api.get("/api/me", **bearer(token)).status_code)


def refresh(api: Any, body: dict[str, Any]) -> Any:
    return api.post_json("/api/auth/refresh", {"refresh_token": body["refresh_token"]})


# Refresh (with rotation) racing logout ------------------------------------------------------------


def test_logout_before_the_rotations_cache_write_wins(
    api: Any, configure: Any, login: tuple[Login, dict[str, Any]], before_live_write: Any
) -> None:
    configure(REFRESH_ROTATE_THRESHOLD=WEEK_MS + 1000)
    row, body = login
    fired = before_live_write(row, logout(row))
    response = refresh(api, body)
    assert fired
    assert (response.status_code, response.json()["error"]["code"]) == (401, "login_revoked")
    assert me(api, body["access_token"]) == 401
    assert caches["default"].get(activity.cache_key(row.pk)) == activity.REVOKED


def test_logout_right_after_the_refresh_read_the_login_wins(
    api: Any, configure: Any, login: tuple[Login, dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    configure(REFRESH_ROTATE_THRESHOLD=WEEK_MS + 1000)
    row, body = login
    read = rotation._active_login

    def read_then_logout(token: Any) -> Login:
        found = read(token)
        logout(row)()
        return found

    monkeypatch.setattr(rotation, "_active_login", read_then_logout)
    assert refresh(api, body).status_code == 401
    assert me(api, body["access_token"]) == 401


# Activity touch racing revoke ---------------------------------------------------------------------


def test_revoke_before_the_touchs_cache_write_wins(
    api: Any, configure: Any, login: tuple[Login, dict[str, Any]], before_live_write: Any
) -> None:
    configure(LAST_SEEN_INTERVAL=0)  # every request touches
    row, body = login
    fired = before_live_write(row, logout(row))
    assert me(api, body["access_token"]) == 401
    assert fired == ["set"]
    assert me(api, body["access_token"]) == 401


def test_revoke_between_the_cache_read_and_the_touch_wins(
    api: Any, configure: Any, login: tuple[Login, dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    configure(LAST_SEEN_INTERVAL=0)
    row, body = login
    touch = activity._touch

    def revoke_then_touch(*args: Any) -> Any:
        logout(row)()
        return touch(*args)

    monkeypatch.setattr(activity, "_touch", revoke_then_touch)
    me(api, body["access_token"])  # raced: may answer either way, it was live when it began
    monkeypatch.setattr(activity, "_touch", touch)
    assert me(api, body["access_token"]) == 401


# Reload after a cache miss racing revoke ----------------------------------------------------------


def test_revoke_before_a_reloads_cache_write_wins(
    api: Any, login: tuple[Login, dict[str, Any]], before_live_write: Any
) -> None:
    row, body = login
    caches["default"].clear()  # a flush, or another instance's forget_user
    fired = before_live_write(row, logout(row))
    assert me(api, body["access_token"]) == 401
    assert fired == ["add"]
    assert me(api, body["access_token"]) == 401


def test_concurrent_reloads_both_answer(api: Any, login: tuple[Login, dict[str, Any]], before_live_write: Any) -> None:
    """Two requests missing at once: the second one's write loses, and it answers from the winner's."""
    row, body = login
    caches["default"].clear()
    before_live_write(row, lambda: activity.active_user(row.pk))
    assert me(api, body["access_token"]) == 200
    assert me(api, body["access_token"]) == 200


# A revocation inside a transaction ----------------------------------------------------------------


def test_a_revocation_inside_a_transaction_marks_again_once_committed(
    api: Any, login: tuple[Login, dict[str, Any]], django_capture_on_commit_callbacks: Any
) -> None:
    """A reader that missed the cache may read the row before the revocation commits."""
    row, body = login
    stale = Login.objects.select_related("user").get(pk=row.pk)
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        records.revoke(row, "logout")
        caches["default"].delete(activity.cache_key(row.pk))  # forget_user, or a flush
        entry = (stale.user, stale.expires_at.timestamp(), stale.last_seen_at.timestamp())
        caches["default"].set(activity.cache_key(row.pk), entry, timeout=300)  # what that reader writes
    assert me(api, body["access_token"]) == 200  # not committed yet
    for callback in callbacks:
        callback()
    assert me(api, body["access_token"]) == 401
