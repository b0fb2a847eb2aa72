"""The mfa flow in HTML, without JavaScript: password page, choose, code, session; resend; cancel."""

from __future__ import annotations

from typing import Any

from django.test import Client

from tests.conftest import PASSWORD
from tests.mfa.conftest import last_email_code, last_sms_code, totp_code


def login_page(client: Client, next_url: str = "") -> Any:
    return client.post("/mfa/login", {"username": "alice", "password": PASSWORD, "next": next_url})


def test_totp_through_pages_ends_in_a_session(client: Client, totp_device: Any, clock: Any) -> None:
    response = login_page(client, "/api/me")
    assert response.status_code == 302 and response["Location"] == "/mfa/choose"
    assert "_auth_user_id" not in client.session
    page = client.get("/mfa/choose")
    assert page.status_code == 200 and b'value="totp"' in page.content
    response = client.post("/mfa/choose", {"factor": "totp"})
    assert response["Location"] == "/mfa/verify"
    assert b'name="code"' in client.get("/mfa/verify").content
    response = client.post("/mfa/verify", {"factor": "totp", "code": totp_code(totp_device, clock.now)})
    assert response.status_code == 302 and response["Location"] == "/api/me"
    me = client.get("/api/me").json()
    assert (me["username"], me["state"], me["flow"]) == ("alice", "session", "mfa")


def test_wrong_code_rerenders_with_attempts_left(client: Client, totp_device: Any) -> None:
    login_page(client)
    client.post("/mfa/choose", {"factor": "totp"})
    response = client.post("/mfa/verify", {"factor": "totp", "code": "000000"})
    assert response.status_code == 401
    assert b"4 attempts left" in response.content
    assert "_auth_user_id" not in client.session


def test_email_code_with_resend(client: Client, email_device: Any, clock: Any, mailoutbox: Any) -> None:
    login_page(client)
    assert client.post("/mfa/choose", {"factor": "email"})["Location"] == "/mfa/verify"
    assert len(mailoutbox) == 1
    too_soon = client.post("/mfa/resend", {"factor": "email"})
    assert too_soon.status_code == 429
    clock.advance(121)
    assert client.post("/mfa/resend", {"factor": "email"})["Location"] == "/mfa/verify?resent=1"
    assert len(mailoutbox) == 2
    response = client.post("/mfa/verify", {"factor": "email", "code": last_email_code()})
    assert response.status_code == 302
    assert client.get("/api/me").json()["state"] == "session"


def test_cancel_returns_to_login(client: Client, totp_device: Any) -> None:
    login_page(client)
    response = client.post("/mfa/cancel")
    assert response.status_code == 302 and response["Location"] == "/login"
    assert client.get("/mfa/choose").status_code == 401


def test_pages_refuse_without_an_attempt(client: Client, db: Any) -> None:
    response = client.get("/mfa/verify")
    assert response.status_code == 401
    assert b"Sign in again" in response.content


def test_pages_need_csrf(totp_device: Any, csrf_client: Client) -> None:
    response = csrf_client.post("/mfa/choose", {"factor": "totp"})
    assert response.status_code == 403


def test_recovery_code_through_pages(client: Client, totp_device: Any, recovery_codes: list[str]) -> None:
    login_page(client)
    choose = client.get("/mfa/choose").content
    assert b'value="recovery"' in choose and b'value="totp"' in choose
    client.post("/mfa/choose", {"factor": "recovery"})
    response = client.post("/mfa/verify", {"factor": "recovery", "code": recovery_codes[3]})
    assert response.status_code == 302
    assert client.get("/api/me").json()["flow"] == "mfa"


def test_sms_through_pages_and_locked_attempt(client: Client, sms_device: Any, mfa_settings: Any) -> None:
    mfa_settings(SMS_FACTOR={"PROVIDER": "outbox"}, MAX_RETRY_ATTEMPTS=2)
    login_page(client)
    client.post("/mfa/choose", {"factor": "sms"})
    assert b"***23" in client.get("/mfa/verify").content
    assert client.post("/mfa/verify", {"factor": "sms", "code": "1"}).status_code == 401
    locked = client.post("/mfa/verify", {"factor": "sms", "code": "2"})
    assert locked.status_code == 423 and b"Sign in again" in locked.content
    assert client.post("/mfa/verify", {"factor": "sms", "code": last_sms_code()}).status_code == 401


def test_unavailable_factor_is_shown_disabled(client: Client, sms_device: Any, totp_device: Any) -> None:
    from authstate.factors import _breaker as breaker

    for _ in range(5):
        breaker.failed("sms")
    login_page(client)
    page = client.get("/mfa/choose").content.decode()
    assert 'value="sms" disabled' in page and "unavailable right now" in page


def test_sms_code_through_pages_ends_in_a_session(client: Client, sms_device: Any, mfa_settings: Any) -> None:
    mfa_settings(SMS_FACTOR={"PROVIDER": "outbox"})
    login_page(client, "/account/logins")
    client.post("/mfa/choose", {"factor": "sms"})
    response = client.post("/mfa/verify", {"factor": "sms", "code": last_sms_code(), "remember_device": "on"})
    assert response["Location"] == "/account/logins" and "authstate_trusted_device" in response.cookies
    assert client.get("/api/me").json()["flow"] == "mfa"


def test_off_site_next_is_ignored(client: Client, totp_device: Any, clock: Any) -> None:
    login_page(client, "https://evil.example/")
    client.post("/mfa/choose", {"factor": "totp"})
    response = client.post("/mfa/verify", {"factor": "totp", "code": totp_code(totp_device, clock.now)})
    assert response["Location"] == "/"
