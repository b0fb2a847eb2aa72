"""The api-mfa flow end to end with TOTP: MFA_REQUIRED, verify, tokens; refusals."""

from __future__ import annotations

from typing import Any

from authstate.models import Login
from tests.conftest import bearer
from tests.mfa.conftest import start, totp_code


def test_password_then_totp_gives_tokens(api: Any, totp_device: Any, clock: Any) -> None:
    body = start(api)
    assert body == {
        "status": "MFA_REQUIRED",
        "mfa_token": body["mfa_token"],
        "factors": ["totp"],
        "unavailable_factors": [],
        "expires_in": 600,
    }
    assert not Login.objects.exists()
    response = api.post_json(
        "/api/mfa/verify", {"mfa_token": body["mfa_token"], "factor": "totp", "code": totp_code(totp_device, clock.now)}
    )
    assert response.status_code == 200, response.content
    tokens = response.json()
    assert tokens["status"] == "AUTHENTICATED" and tokens["token_type"] == "Bearer"
    assert "sessionid" not in response.cookies
    me = api.get("/api/me", **bearer(tokens["access_token"])).json()
    assert (me["username"], me["state"], me["flow"]) == ("alice", "oauth2", "api-mfa")


def test_totp_code_cannot_be_replayed(api: Any, totp_device: Any, clock: Any) -> None:
    code = totp_code(totp_device, clock.now)
    first = start(api)
    assert (
        api.post_json("/api/mfa/verify", {"mfa_token": first["mfa_token"], "factor": "totp", "code": code}).status_code
        == 200
    )
    second = start(api)
    response = api.post_json("/api/mfa/verify", {"mfa_token": second["mfa_token"], "factor": "totp", "code": code})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "code_already_used"  # an InvalidCode: counted like one
    assert response.json()["error"]["attempts_left"] == 4
    wrong = api.post_json("/api/mfa/verify", {"mfa_token": second["mfa_token"], "factor": "totp", "code": "000000"})
    assert wrong.json()["error"]["code"] == "invalid_code"


def test_mfa_token_is_single_use(api: Any, totp_device: Any, clock: Any) -> None:
    body = start(api)
    payload = {"mfa_token": body["mfa_token"], "factor": "totp", "code": totp_code(totp_device, clock.now)}
    assert api.post_json("/api/mfa/verify", payload).status_code == 200
    clock.advance(30)
    payload["code"] = totp_code(totp_device, clock.now)
    response = api.post_json("/api/mfa/verify", payload)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "mfa_expired"


def test_wrong_codes_count_down_then_lock(api: Any, totp_device: Any, clock: Any, mfa_settings: Any) -> None:
    mfa_settings(MAX_RETRY_ATTEMPTS=3)
    token = start(api)["mfa_token"]
    lefts = []
    for _ in range(2):
        response = api.post_json("/api/mfa/verify", {"mfa_token": token, "factor": "totp", "code": "000000"})
        assert response.status_code == 401
        lefts.append(response.json()["error"]["attempts_left"])
    assert lefts == [2, 1]
    response = api.post_json("/api/mfa/verify", {"mfa_token": token, "factor": "totp", "code": "000000"})
    assert response.status_code == 423
    assert response.json()["error"]["code"] == "mfa_locked"
    good = {"mfa_token": token, "factor": "totp", "code": totp_code(totp_device, clock.now)}
    assert api.post_json("/api/mfa/verify", good).status_code == 423


def test_unknown_token_is_expired(api: Any, db: Any) -> None:
    response = api.post_json("/api/mfa/verify", {"mfa_token": "nope", "factor": "totp", "code": "123456"})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "mfa_expired"


def test_token_in_header(api: Any, totp_device: Any, clock: Any) -> None:
    token = start(api)["mfa_token"]
    response = api.post_json(
        "/api/mfa/verify", {"factor": "totp", "code": totp_code(totp_device, clock.now)}, HTTP_X_MFA_TOKEN=token
    )
    assert response.status_code == 200


def test_cancel_ends_the_attempt(api: Any, totp_device: Any, clock: Any) -> None:
    token = start(api)["mfa_token"]
    assert api.post_json("/api/mfa/cancel", {"mfa_token": token}).json() == {"status": "MFA_CANCELLED"}
    response = api.post_json(
        "/api/mfa/verify", {"mfa_token": token, "factor": "totp", "code": totp_code(totp_device, clock.now)}
    )
    assert response.json()["error"]["code"] == "mfa_expired"


def test_user_without_factor_is_refused(api: Any, user: Any) -> None:
    response = api.post_json("/api/mfa/login", {"username": "alice", "password": "correct horse battery staple"})
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "mfa_not_enrolled"


def test_malformed_tokens_never_reach_the_store(api: Any, db: Any, monkeypatch: Any) -> None:
    from authstate.mfa.stores.session import SessionStore

    def boom(self: Any, token: str) -> None:
        raise AssertionError(token)

    monkeypatch.setattr(SessionStore, "load", boom)
    for token in ("short", "x" * 65, "bad token with spaces!!", "\U0006cd25" * 20, ["list"]):
        response = api.post_json("/api/mfa/select", {"mfa_token": token, "factor": "totp"})
        assert (response.status_code, response.json()["error"]["code"]) == (401, "mfa_expired")
