"""JSON login into the oauth2 state: tokens, no session, /api/me, logout, bad input."""

from __future__ import annotations

from typing import Any

import jwt
import pytest
from django.conf import settings as django_settings

from authstate.models import Login
from tests.conftest import PASSWORD, bearer


def test_rest_login_returns_tokens_and_sets_no_session_cookie(api: Any, user: Any) -> None:
    response = api.post_json("/api/auth", {"username": "alice", "password": PASSWORD})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"status", "access_token", "token_type", "expires_in", "refresh_token", "refresh_expires_in"}
    assert body["status"] == "AUTHENTICATED"
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 3600
    assert body["refresh_expires_in"] == 604800
    assert django_settings.SESSION_COOKIE_NAME not in response.cookies
    assert response["Cache-Control"].startswith("max-age=0") or "no-store" in response["Cache-Control"]


def test_access_token_claims(rest_login: Any, user: Any) -> None:
    token = rest_login(device_id="laptop-1")["access_token"]
    claims = jwt.decode(token, options={"verify_signature": False})
    assert claims["sub"] == str(user.pk)
    assert claims["token_type"] == "access"
    assert claims["iss"] == "http://localhost:8000"
    assert claims["device_id"] == "laptop-1"
    assert claims["scopes"] == ["read"]
    assert claims["roles"] == []
    assert {"jti", "exp", "iat", "sid"} <= set(claims)
    login = Login.objects.get(pk=claims["sid"])
    assert (login.flow, login.state, login.device_id) == ("rest", "oauth2", "laptop-1")


def test_me_with_bearer_token(api: Any, rest_login: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INSTANCE_NAME", "app-7")
    body = rest_login()
    claims = jwt.decode(body["access_token"], options={"verify_signature": False})
    response = api.get("/api/me", **bearer(body["access_token"]))
    assert response.status_code == 200
    assert response.json() == {
        "username": "alice",
        "state": "oauth2",
        "flow": "rest",
        "login_id": claims["sid"],
        "instance": "app-7",
        "amr": ["pwd"],
        "auth_time": claims["auth_time"],
    }
    assert claims["amr"] == ["pwd"] and isinstance(claims["auth_time"], int)


def test_me_without_credentials_is_401_envelope(api: Any, db: Any) -> None:
    response = api.get("/api/me")
    assert response.status_code in (401, 403)
    assert response.json()["error"]["code"] == "not_authenticated"


def test_logout_revokes_the_access_token_at_once(api: Any, rest_login: Any) -> None:
    token = rest_login()["access_token"]
    response = api.post("/logout", **bearer(token))
    assert response.status_code == 200
    assert response.json() == {"status": "LOGGED_OUT"}
    after = api.get("/api/me", **bearer(token))
    assert after.status_code == 401
    assert after.json()["error"]["code"] == "login_revoked"


def test_revocation_survives_a_cache_flush(api: Any, rest_login: Any) -> None:
    from django.core.cache import cache

    token = rest_login()["access_token"]
    api.post("/logout", **bearer(token))
    cache.clear()
    assert api.get("/api/me", **bearer(token)).status_code == 401


def test_bad_credentials_and_unknown_user_answer_the_same(api: Any, user: Any) -> None:
    wrong = api.post_json("/api/auth", {"username": "alice", "password": "nope"})
    unknown = api.post_json("/api/auth", {"username": "nobody", "password": "nope"})
    assert wrong.status_code == unknown.status_code == 401
    assert (
        wrong.json()
        == unknown.json()
        == {"error": {"code": "invalid_credentials", "message": "The username or password is incorrect."}}
    )


def test_inactive_user_gets_the_same_answer(api: Any, make_user: Any) -> None:
    make_user("bob", is_active=False)
    response = api.post_json("/api/auth", {"username": "bob", "password": PASSWORD})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "invalid_credentials"


def test_failures_are_padded_to_the_minimum_delay(api: Any, user: Any, settings: Any) -> None:
    import time

    settings.AUTHSTATE = {"MFA": {"MINIMUM_DELAY_MS": 200}}
    started = time.monotonic()
    api.post_json("/api/auth", {"username": "nobody", "password": "x"})
    assert time.monotonic() - started >= 0.2


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"{not json", "application/json"),
        (b'{"username": 1}', "application/json"),
        (b'{"username": "alice"}', "application/json"),
        (b"[]", "application/json"),
        (b'"just a string"', "application/json"),
        (b'{"username": "a", "password": "' + b"x" * 5000 + b'"}', "application/json"),
        (b"\xff\xfe\xfa", "application/json"),
        (b'{"username": "alice", "password": null}', "application/json"),
        (b"username=alice&password=x", "application/x-www-form-urlencoded"),
    ],
)
def test_malformed_input_is_400_or_415_never_500(api: Any, user: Any, body: bytes, content_type: str) -> None:
    response = api.post("/api/auth", body, content_type=content_type)
    assert response.status_code in (400, 415)
    error = response.json()["error"]
    assert error["code"] in ("invalid_request", "unsupported_media_type")
    assert error["message"]


def test_huge_body_is_rejected_cleanly(api: Any, user: Any, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    body = b'{"username": "alice", "password": "' + b"x" * 4000 + b'"}'
    response = api.post("/api/auth", body, content_type="application/json")
    assert response.status_code in (400, 413)


def test_get_on_login_endpoint_is_405_envelope(api: Any, db: Any) -> None:
    response = api.get("/api/auth")
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"


def test_refresh_disabled_issues_no_refresh_token(rest_login: Any, settings: Any) -> None:
    settings.AUTHSTATE = {"ENABLE_REFRESH_TOKEN": False}
    body = rest_login()
    assert "refresh_token" not in body
    assert "refresh_expires_in" not in body


def test_access_validity_and_claim_names_follow_settings(rest_login: Any, settings: Any) -> None:
    settings.AUTHSTATE = {"ACCESS_TOKEN_VALIDITY": 60000, "ROLES_CLAIM": "groups", "SCOPES_CLAIM": "scp"}
    body = rest_login()
    claims = jwt.decode(body["access_token"], options={"verify_signature": False})
    assert body["expires_in"] == 60
    assert claims["exp"] - claims["iat"] == 60
    assert "groups" in claims and "scp" in claims and "roles" not in claims


def test_token_prefix_is_honoured(api: Any, rest_login: Any, settings: Any) -> None:
    settings.AUTHSTATE = {"TOKEN_PREFIX": "Token "}
    token = rest_login()["access_token"]
    assert api.get("/api/me", HTTP_AUTHORIZATION=f"Token {token}").status_code == 200
    assert api.get("/api/me", HTTP_AUTHORIZATION=f"Bearer {token}").status_code in (401, 403)


def test_a_login_whose_tokens_cannot_be_issued_is_ended(api: Any, user: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("signing key unavailable")

    monkeypatch.setattr("authstate.state._oauth2.issue_pair", broken)
    with pytest.raises(RuntimeError):
        api.post_json("/api/auth", {"username": "alice", "password": PASSWORD})
    assert list(Login.objects.values_list("revoked_reason", flat=True)) == ["failed"]
