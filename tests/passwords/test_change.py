"""Changing a password, through the demo's URLs: the current password (counted when wrong), a
recent login (step-up otherwise), the validators, and every other login ending at once."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db.models import F
from django.test import Client

from authstate import _lockout as lockout
from authstate.audit._metrics import snapshot
from authstate.models import Login
from tests.conftest import PASSWORD, JsonClient, bearer
from tests.passwords.conftest import NEW_PASSWORD, sent, token_login

CHANGE = "/api/password/change"


@pytest.fixture
def several(root_settings: Any) -> None:
    """Several logins of one user at once (the default keeps one)."""
    root_settings(ALLOW_MULTIPLE_LOGINS=True, MAX_CONCURRENT_LOGINS=5)


def change(api: JsonClient, headers: dict[str, str], current: str = PASSWORD, new: str = NEW_PASSWORD) -> Any:
    return api.post_json(CHANGE, {"current_password": current, "new_password": new}, **headers)


def age_logins(seconds: int) -> None:
    """Make every login look proven ``seconds`` earlier (the row is what the checks read)."""
    Login.objects.update(auth_time=F("auth_time") - timedelta(seconds=seconds))


def session_login(password: str = PASSWORD) -> Client:
    browser = Client()
    assert browser.post("/login", {"username": "alice", "password": password}).status_code == 302
    return browser


def test_a_wrong_current_password_is_refused_and_counted(api: JsonClient, user: Any) -> None:
    headers = token_login(api)
    response = change(api, headers, current="not my password")
    assert response.status_code == 401
    assert response.json() == {
        "error": {"code": "invalid_credentials", "message": "The current password is incorrect."}
    }
    assert lockout.failures("alice", lockout.Kind.PASSWORD) == 1
    assert get_user_model().objects.get().check_password(PASSWORD)
    assert api.get("/api/me", **headers).status_code == 200  # a wrong guess ends nothing


def test_wrong_current_passwords_lock_the_account(api: JsonClient, user: Any, mfa_settings: Any) -> None:
    mfa_settings(ACCOUNT_LOCKOUT_THRESHOLD=2)
    headers = token_login(api)
    assert [change(api, headers, current="guess").status_code for _ in range(3)] == [401, 423, 423]
    assert change(api, headers).json()["error"]["code"] == "account_locked"  # even the right one, now
    assert get_user_model().objects.get().check_password(PASSWORD)


def test_the_validators_messages_come_back_under_fields(api: JsonClient, user: Any) -> None:
    response = change(api, token_login(api), new="short")
    assert response.status_code == 400
    assert response.json() == {
        "error": {
            "code": "invalid_request",
            "message": "The new password was not accepted.",
            "fields": {"new_password": ["This password is too short. It must contain at least 8 characters."]},
        }
    }
    assert get_user_model().objects.get().check_password(PASSWORD)


def test_a_missing_field_is_an_invalid_request(api: JsonClient, user: Any) -> None:
    response = api.post_json(CHANGE, {"new_password": NEW_PASSWORD}, **token_login(api))
    assert response.status_code == 400 and "current_password" in response.json()["error"]["fields"]


def test_anonymous_callers_are_refused(api: JsonClient, user: Any) -> None:
    assert change(api, {}).status_code == 401


def test_a_stale_login_must_step_up_first(api: JsonClient, user: Any) -> None:
    headers = token_login(api)
    age_logins(16 * 60)  # past MFA.FACTOR_CHANGE_MAX_AUTH_AGE_MS (15 min)
    refused = change(api, headers)
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "reauthentication_required"
    assert lockout.failures("alice", lockout.Kind.PASSWORD) == 0  # refused before any check
    stepped = api.post_json("/api/reauthenticate", {"password": PASSWORD}, **headers)
    assert stepped.status_code == 200, stepped.content
    fresh = bearer(stepped.json()["access_token"])
    assert change(api, fresh).status_code == 200
    assert get_user_model().objects.get().check_password(NEW_PASSWORD)


def test_a_stale_session_is_sent_to_the_step_up_page(user: Any) -> None:
    browser = session_login()
    age_logins(16 * 60)
    page = browser.get("/password/change")
    assert page["Location"] == "/reauthenticate?next=%2Fpassword%2Fchange&reason=reauthentication_required"
    post = browser.post("/password/change", {"current_password": PASSWORD, "new_password": NEW_PASSWORD})
    assert post["Location"].startswith("/reauthenticate?")
    assert get_user_model().objects.get().check_password(PASSWORD)


def test_a_token_change_ends_every_other_login_and_reissues_the_callers(
    api: JsonClient, user: Any, several: None
) -> None:
    mine, other_token, other_session = token_login(api), token_login(api), session_login()
    before = Login.objects.active().count()
    response = change(api, mine)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "PASSWORD_CHANGED" and {"access_token", "refresh_token"} <= set(body)
    assert api.get("/api/me", **other_token).status_code == 401
    assert other_session.get("/api/me").status_code in (401, 403)
    assert api.get("/api/me", **mine).status_code == 401  # copies of the old tokens die too
    me = api.get("/api/me", **bearer(body["access_token"]))
    assert me.status_code == 200 and me.json()["flow"] == "rest"
    assert before == 3 and Login.objects.active().count() == 1
    refreshed = api.post_json("/api/auth/refresh", {"refresh_token": body["refresh_token"]})
    assert refreshed.status_code == 200


def test_a_session_change_keeps_this_login_under_a_new_session_key(api: JsonClient, user: Any, several: None) -> None:
    browser, other = session_login(), token_login(api)
    login_id = browser.get("/api/me").json()["login_id"]
    old_key = browser.cookies["sessionid"].value
    response = browser.post(CHANGE, {"current_password": PASSWORD, "new_password": NEW_PASSWORD}, "application/json")
    assert response.status_code == 200 and response.json() == {"status": "PASSWORD_CHANGED"}
    assert browser.cookies["sessionid"].value != old_key
    me = browser.get("/api/me")
    assert me.status_code == 200 and me.json()["login_id"] == login_id
    assert api.get("/api/me", **other).status_code == 401
    stolen = Client()
    stolen.cookies["sessionid"] = old_key
    assert stolen.get("/api/me").status_code in (401, 403)
    assert Login.objects.get(pk=login_id).session_key == browser.cookies["sessionid"].value


def test_the_change_page_changes_the_password(user: Any) -> None:
    browser = session_login()
    page = browser.get("/password/change")
    assert page.status_code == 200 and b'id="password-change-form"' in page.content
    wrong = browser.post("/password/change", {"current_password": "nope", "new_password": NEW_PASSWORD})
    assert wrong.status_code == 401 and b"The current password is incorrect." in wrong.content
    short = browser.post("/password/change", {"current_password": PASSWORD, "new_password": "short"})
    assert short.status_code == 400 and b"This password is too short." in short.content
    done = browser.post("/password/change", {"current_password": PASSWORD, "new_password": NEW_PASSWORD})
    assert done["Location"] == "/password/change?done=1"
    assert b'id="password-changed"' in browser.get(done["Location"]).content
    assert get_user_model().objects.get().check_password(NEW_PASSWORD)


def test_a_change_notifies_the_account_and_is_audited(api: JsonClient, user: Any) -> None:
    assert change(api, token_login(api), current="wrong").status_code == 401
    assert change(api, token_login(api)).status_code == 200
    [notice] = sent()
    assert notice.to == ["alice@example.com"] and notice.subject == "Your password was changed"
    assert "https://accounts.example.com/password/reset" in notice.body
    counted = snapshot()
    assert counted[("password_change_failed", "", "")] == 1 and counted[("password_changed", "", "rest")] == 1


@pytest.mark.parametrize("path", ["/", "/account/logins"])
def test_the_account_pages_link_to_the_change_page(user: Any, path: str) -> None:
    page = session_login().get(path)
    assert b'href="/password/change"' in page.content
