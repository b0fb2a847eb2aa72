"""Account lockout after repeated password or code failures, on JSON and HTML alike; unlock."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.test import Client

from authstate import _lockout as lockout
from authstate.models import AccountLockout
from tests.conftest import PASSWORD
from tests.mfa.conftest import start, totp_code


def wrong_password(api: Any, url: str = "/api/auth", username: str = "alice") -> Any:
    return api.post_json(url, {"username": username, "password": "wrong"})


@pytest.mark.parametrize("threshold", [3, 5])
def test_password_failures_lock_the_account(api: Any, user: Any, mfa_settings: Any, threshold: int) -> None:
    mfa_settings(ACCOUNT_LOCKOUT_THRESHOLD=threshold, ACCOUNT_LOCKOUT_DURATION_MS=60000)
    statuses = [wrong_password(api).status_code for _ in range(threshold)]
    assert statuses == [401] * (threshold - 1) + [423]
    response = api.post_json("/api/auth", {"username": "alice", "password": PASSWORD})
    error = response.json()["error"]
    assert (response.status_code, error["code"]) == (423, "account_locked")
    assert 55 <= error["retry_after"] <= 60 and response["Retry-After"] == str(error["retry_after"])


@pytest.mark.parametrize("duration_ms", [60000, 3600000])
def test_lockout_duration(api: Any, user: Any, mfa_settings: Any, duration_ms: int) -> None:
    mfa_settings(ACCOUNT_LOCKOUT_THRESHOLD=1, ACCOUNT_LOCKOUT_DURATION_MS=duration_ms)
    retry_after = wrong_password(api).json()["error"]["retry_after"]
    assert duration_ms / 1000 - 5 <= retry_after <= duration_ms / 1000


def test_unknown_usernames_lock_the_same_way(api: Any, db: Any, mfa_settings: Any) -> None:
    mfa_settings(ACCOUNT_LOCKOUT_THRESHOLD=2)
    bodies = [wrong_password(api, username="nobody").json()["error"]["code"] for _ in range(3)]
    assert bodies == ["invalid_credentials", "account_locked", "account_locked"]


def test_code_failures_count_toward_the_lockout(api: Any, totp_device: Any, clock: Any, mfa_settings: Any) -> None:
    mfa_settings(ACCOUNT_LOCKOUT_THRESHOLD=3, MAX_RETRY_ATTEMPTS=10)
    token = start(api)["mfa_token"]
    codes = [
        api.post_json("/api/mfa/verify", {"mfa_token": token, "factor": "totp", "code": "000000"}) for _ in range(3)
    ]
    assert [r.status_code for r in codes] == [401, 401, 423]
    assert codes[-1].json()["error"]["code"] == "account_locked"
    good = {"mfa_token": token, "factor": "totp", "code": totp_code(totp_device, clock.now)}
    assert api.post_json("/api/mfa/verify", good).status_code == 423
    assert api.post_json("/api/mfa/login", {"username": "alice", "password": PASSWORD}).status_code == 423


def test_html_login_answers_423_with_the_wait(client: Client, user: Any, mfa_settings: Any) -> None:
    mfa_settings(ACCOUNT_LOCKOUT_THRESHOLD=1)
    client.post("/login", {"username": "alice", "password": "wrong"})
    response = client.post("/login", {"username": "alice", "password": PASSWORD})
    assert response.status_code == 423
    assert b"temporarily locked" in response.content and b"15 minute" in response.content


def test_success_resets_the_count(api: Any, user: Any, mfa_settings: Any) -> None:
    mfa_settings(ACCOUNT_LOCKOUT_THRESHOLD=2)
    wrong_password(api)
    assert api.post_json("/api/auth", {"username": "alice", "password": PASSWORD}).status_code == 200
    assert wrong_password(api).status_code == 401


def test_unlock_command_lifts_the_lock(api: Any, user: Any, mfa_settings: Any, capsys: Any) -> None:
    mfa_settings(ACCOUNT_LOCKOUT_THRESHOLD=1)
    wrong_password(api)
    assert AccountLockout.objects.filter(username="alice").exists()
    call_command("authstate_mfa", "unlock", "Alice")
    assert "unlocked" in capsys.readouterr().out
    assert api.post_json("/api/auth", {"username": "alice", "password": PASSWORD}).status_code == 200


def test_unlock_of_an_unlocked_user_says_so(db: Any) -> None:
    assert lockout.unlock("nobody") is False


def test_admin_unlock_action(admin_client: Any, user: Any, api: Any, mfa_settings: Any) -> None:
    mfa_settings(ACCOUNT_LOCKOUT_THRESHOLD=1)
    wrong_password(api)
    row = AccountLockout.objects.get()
    response = admin_client.post(
        "/admin/authstate/accountlockout/", {"action": "unlock_accounts", "_selected_action": [row.pk]}
    )
    assert response.status_code == 302 and not AccountLockout.objects.exists()
    assert api.post_json("/api/auth", {"username": "alice", "password": PASSWORD}).status_code == 200


def test_admin_pages_render(admin_client: Any, totp_device: Any, email_device: Any, recovery_codes: Any) -> None:
    for model in ("messagedevice", "recoverycode", "accountlockout", "auditevent"):
        assert admin_client.get(f"/admin/authstate/{model}/").status_code == 200
    assert admin_client.get("/admin/authstate/auditevent/add/").status_code == 403


def test_a_lock_outlives_a_flushed_cache(api: Any, user: Any, mfa_settings: Any) -> None:
    """The lock is read from the cache; a flush loses it there, and the row brings it back."""
    mfa_settings(ACCOUNT_LOCKOUT_THRESHOLD=1)
    assert wrong_password(api).status_code == 423
    caches["default"].clear()
    response = api.post_json("/api/auth", {"username": "alice", "password": PASSWORD})
    assert (response.status_code, response.json()["error"]["code"]) == (423, "account_locked")
    assert api.post_json("/api/auth", {"username": "alice", "password": PASSWORD}).status_code == 423


def test_after_a_flush_one_check_writes_every_lock_back(
    api: Any, user: Any, make_user: Any, mfa_settings: Any, django_assert_num_queries: Any
) -> None:
    mfa_settings(ACCOUNT_LOCKOUT_THRESHOLD=1)
    make_user("bob")
    assert wrong_password(api, username="bob").status_code == 423
    caches["default"].clear()
    assert wrong_password(api).status_code == 423  # alice's check restores bob's lock too
    with django_assert_num_queries(0):
        assert wrong_password(api, username="bob").status_code == 423
