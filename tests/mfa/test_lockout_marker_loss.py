"""A lock whose cache marker is lost (evicted, culled) while the *restored* key stays.

The marker is a fast path for refusing; the ``AccountLockout`` row is the lock. A cache that drops
one key and keeps another (``LocMemCache`` culling past ``MAX_ENTRIES``, Redis ``volatile-*``
policies, which never evict the restored key: it has no TTL) must not lift the lock."""

from __future__ import annotations

from typing import Any

from django.core.cache import caches

from authstate import _lockout as lockout
from authstate.models import AccountLockout
from tests.conftest import PASSWORD
from tests.mfa.conftest import start, totp_code


def login(api: Any, password: str, username: str = "alice") -> Any:
    return api.post_json("/api/auth", {"username": username, "password": password})


def evict_marker(username: str) -> None:
    cache = caches["default"]
    assert cache.get(lockout.RESTORED) is not None
    assert cache.delete(lockout._marker(username))


def test_a_right_password_is_refused_while_the_row_says_locked(api: Any, user: Any, mfa_settings: Any) -> None:
    mfa_settings(ACCOUNT_LOCKOUT_THRESHOLD=3)
    assert [login(api, "wrong").status_code for _ in range(3)] == [401, 401, 423]
    caches["default"].delete(lockout._counter("alice", lockout.Kind.PASSWORD))  # its window ended
    evict_marker("alice")
    response = login(api, PASSWORD)
    assert (response.status_code, response.json()["error"]["code"]) == (423, "account_locked")
    assert AccountLockout.objects.filter(username="alice").exists()


def test_a_wrong_password_answers_like_a_right_one_while_locked(api: Any, user: Any, mfa_settings: Any) -> None:
    """No oracle: with the marker gone, a wrong password gets the same 423 as the right one."""
    mfa_settings(ACCOUNT_LOCKOUT_THRESHOLD=3)
    assert [login(api, "wrong").status_code for _ in range(3)] == [401, 401, 423]
    caches["default"].delete(lockout._counter("alice", lockout.Kind.PASSWORD))
    evict_marker("alice")
    response = login(api, "still-wrong")
    assert (response.status_code, response.json()["error"]["code"]) == (423, "account_locked")


def test_a_sprayed_local_memory_cache_does_not_unlock(api: Any, user: Any, mfa_settings: Any, settings: Any) -> None:
    """Wrong passwords for other usernames fill ``LocMemCache`` until it culls the marker."""
    mfa_settings(ACCOUNT_LOCKOUT_THRESHOLD=1)
    settings.AUTHSTATE = {**settings.AUTHSTATE, "THROTTLE": {"ENABLED": False}}
    assert login(api, "wrong").status_code == 423
    for n in range(400):
        login(api, "wrong", username=f"spray{n}")
    assert caches["default"].get(lockout._marker("alice")) is None  # culled; the row is not
    assert login(api, PASSWORD).status_code == 423


def test_a_right_code_is_refused_while_the_row_says_locked(
    api: Any, totp_device: Any, clock: Any, mfa_settings: Any
) -> None:
    mfa_settings(ACCOUNT_LOCKOUT_THRESHOLD=2, MAX_RETRY_ATTEMPTS=10)
    kept, token = start(api)["mfa_token"], start(api)["mfa_token"]
    wrong = {"mfa_token": token, "factor": "totp", "code": "000000"}
    assert [api.post_json("/api/mfa/verify", wrong).status_code for _ in range(2)] == [401, 423]
    caches["default"].delete(lockout._counter("alice", lockout.Kind.FACTOR))
    evict_marker("alice")
    good = {"mfa_token": kept, "factor": "totp", "code": totp_code(totp_device, clock.now)}
    response = api.post_json("/api/mfa/verify", good)
    assert (response.status_code, response.json()["error"]["code"]) == (423, "account_locked")
