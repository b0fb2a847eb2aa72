"""Passwordless login at ``/login/webauthn``: a discoverable passkey ends in the form flow's session."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from authstate import _lockout as lockout
from authstate.models import Passkey
from authstate.signals import login_failed
from tests.conftest import JsonClient
from tests.passkeys.authenticator import SoftAuthenticator


@pytest.fixture
def enrolled(session_client: JsonClient, register: Any) -> Passkey:
    assert register(session_client).status_code == 201
    return Passkey.objects.get()


@pytest.fixture
def visitor() -> JsonClient:
    return JsonClient()


@pytest.fixture
def sign_in(visitor: JsonClient, authenticator: SoftAuthenticator) -> Callable[..., Any]:
    """Fetch options, answer them with ``authenticator`` (keywords lie), post the assertion."""

    def run(**lie: Any) -> Any:
        options = visitor.post_json("/login/webauthn/options").json()["options"]
        return visitor.post_json("/login/webauthn", {"credential": authenticator.get(options, **lie), "next": "/x"})

    return run


def test_the_page_offers_a_passkey_button(visitor: JsonClient) -> None:
    page = visitor.get("/login/webauthn?next=/after")
    assert page.status_code == 200
    html = page.content.decode()
    assert "data-passkey-login" in html and 'id="passkey-login"' in html and "authstate/passkey.js" in html
    assert 'value="/after"' in html


def test_options_ask_for_any_discoverable_passkey_with_verification(visitor: JsonClient) -> None:
    options = visitor.post_json("/login/webauthn/options").json()["options"]
    assert options["rpId"] == "testserver"
    assert options["allowCredentials"] == []
    assert options["userVerification"] == "required"


def test_passkey_logs_in_without_password(enrolled: Passkey, sign_in: Any, visitor: JsonClient, user: Any) -> None:
    response = sign_in()
    assert response.status_code == 200, response.content
    assert response.json() == {"status": "AUTHENTICATED", "redirect": "/x"}
    me = visitor.get("/api/me").json()
    assert (me["username"], me["state"], me["flow"]) == (user.username, "session", "form")
    enrolled.refresh_from_db()
    assert enrolled.sign_count == 1
    assert enrolled.last_used_at is not None


def test_login_needs_the_csrf_token(enrolled: Passkey, authenticator: SoftAuthenticator) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/login/webauthn/options", "{}", content_type="application/json")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "csrf_failed"


def test_login_with_the_csrf_token(enrolled: Passkey, authenticator: SoftAuthenticator) -> None:
    client = Client(enforce_csrf_checks=True)
    client.get("/login/webauthn")
    token = {"HTTP_X_CSRFTOKEN": client.cookies["csrftoken"].value}
    options = client.post("/login/webauthn/options", "{}", content_type="application/json", **token).json()
    body = {"credential": authenticator.get(options["options"])}
    response = client.post("/login/webauthn", body, content_type="application/json", **token)
    assert response.status_code == 200


@pytest.mark.parametrize(
    "lie",
    [
        {"origin": "https://evil.example"},
        {"rp_id": "evil.example"},
        {"user_verified": False},
        {"user_handle": b"someone else"},
    ],
    ids=["wrong-origin", "wrong-rp-id", "no-user-verification", "wrong-user-handle"],
)
def test_forged_assertions_are_refused(enrolled: Passkey, sign_in: Any, visitor: JsonClient, lie: Any) -> None:
    response = sign_in(**lie)
    assert response.status_code == 401
    assert response.json() == {"error": {"code": "invalid_passkey", "message": "The passkey could not be verified."}}
    assert visitor.get("/api/me").status_code in {401, 403}


def test_replayed_assertion_is_refused(
    enrolled: Passkey, visitor: JsonClient, authenticator: SoftAuthenticator
) -> None:
    options = visitor.post_json("/login/webauthn/options").json()["options"]
    credential = authenticator.get(options)
    assert visitor.post_json("/login/webauthn", {"credential": credential}).status_code == 200
    replay = JsonClient().post_json("/login/webauthn", {"credential": credential})
    assert replay.status_code == 401
    assert replay.json()["error"]["code"] == "invalid_passkey"


def test_sign_count_regression_is_refused(enrolled: Passkey, sign_in: Any) -> None:
    assert sign_in(sign_count=5).status_code == 200
    cloned = sign_in(sign_count=3)
    assert cloned.status_code == 401
    enrolled.refresh_from_db()
    assert enrolled.sign_count == 5


def test_unknown_passkey_is_refused(enrolled: Passkey, visitor: JsonClient) -> None:
    stranger = SoftAuthenticator(user_handle=b"x")
    options = visitor.post_json("/login/webauthn/options").json()["options"]
    assert visitor.post_json("/login/webauthn", {"credential": stranger.get(options)}).status_code == 401


def test_inactive_users_cannot_sign_in(enrolled: Passkey, sign_in: Any, user: Any) -> None:
    user.is_active = False
    user.save()
    assert sign_in().status_code == 401


def test_disabled_passwordless_login_is_unavailable(visitor: JsonClient, settings: Any) -> None:
    settings.AUTHSTATE = {**settings.AUTHSTATE, "PASSKEY": {"PASSWORDLESS_ENABLED": False}}
    assert visitor.get("/login/webauthn").status_code == 404
    response = visitor.post_json("/login/webauthn/options")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "flow_unavailable"


@pytest.mark.parametrize("body", [{}, {"credential": {}}, {"credential": {"id": "x", "rawId": "x", "response": {}}}])
def test_malformed_assertions_are_client_errors(visitor: JsonClient, body: Any, db: Any) -> None:
    response = visitor.post_json("/login/webauthn", body)
    assert response.status_code in {400, 401}
    assert "error" in response.json()


def test_the_password_page_links_to_passkey_sign_in(visitor: JsonClient) -> None:
    html = visitor.get("/login?next=/after").content.decode()
    assert 'href="/login/webauthn?next=/after" id="passkey-login-link"' in html
    assert "passkey-login-link" not in visitor.get("/mfa/login").content.decode()


def test_failures_are_signalled_like_password_failures(enrolled: Passkey, sign_in: Any) -> None:
    codes: list[str] = []

    def receiver(**kwargs: Any) -> None:
        codes.append(kwargs["code"])

    login_failed.connect(receiver, weak=False)
    try:
        sign_in(origin="https://evil.example")
    finally:
        login_failed.disconnect(receiver)
    assert codes == ["invalid_passkey"]


def test_the_page_points_its_script_at_the_flows_urls(visitor: JsonClient) -> None:
    html = visitor.get("/login/webauthn").content.decode()
    assert 'data-options-url="/login/webauthn/options" data-verify-url="/login/webauthn"' in html


def test_a_locked_account_stays_locked(enrolled: Passkey, sign_in: Any, visitor: JsonClient, user: Any) -> None:
    lockout.lock(None, user.username)
    response = sign_in()
    assert response.status_code == 423
    assert response.json()["error"]["code"] == "account_locked"
    assert visitor.get("/api/me").status_code in {401, 403}


def test_failures_are_throttled_per_ip_and_stop_writing_audit_rows(
    enrolled: Passkey, visitor: JsonClient, settings: Any
) -> None:
    """Issue 18, finding 9: past ``THROTTLE.IP_FAILURES`` wrong assertions, 429 before any check."""
    from authstate.models import AuditEvent

    settings.AUTHSTATE = {**settings.AUTHSTATE, "THROTTLE": {"IP_FAILURES": 3}}
    stranger = SoftAuthenticator(user_handle=b"x")

    def attempt() -> Any:
        options = visitor.post_json("/login/webauthn/options").json()["options"]
        return visitor.post_json("/login/webauthn", {"credential": stranger.get(options)})

    assert [attempt().status_code for _ in range(3)] == [401, 401, 401]
    rows = AuditEvent.objects.count()
    refused = [attempt() for _ in range(5)]
    assert {r.status_code for r in refused} == {429}
    assert refused[0].json()["error"]["code"] == "throttled" and int(refused[0]["Retry-After"]) >= 1
    assert AuditEvent.objects.count() == rows


def test_a_successful_passkey_gives_its_place_back(
    enrolled: Passkey, authenticator: SoftAuthenticator, settings: Any
) -> None:
    settings.AUTHSTATE = {**settings.AUTHSTATE, "THROTTLE": {"IP_FAILURES": 2}}

    def sign_in_fresh() -> int:
        client = JsonClient()
        options = client.post_json("/login/webauthn/options").json()["options"]
        return int(client.post_json("/login/webauthn", {"credential": authenticator.get(options)}).status_code)

    assert [sign_in_fresh() for _ in range(4)] == [200, 200, 200, 200]
