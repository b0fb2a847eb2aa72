"""Enrollment through the JSON API and the pages: TOTP with QR, email, SMS, recovery codes, list, delete."""

from __future__ import annotations

from base64 import b32decode
from typing import Any

import pytest
from django.test import Client
from django_otp.oath import TOTP

from authstate.models import MessageDevice
from tests.conftest import PASSWORD, bearer
from tests.mfa.conftest import last_email_code, last_sms_code, session_mfa_login, start


def code_for(secret: str, at: float, digits: int = 6) -> str:
    totp = TOTP(b32decode(secret), digits=digits)
    totp.time = at
    return f"{totp.token():0{digits}d}"


@pytest.fixture
def auth(rest_login: Any) -> dict[str, str]:
    return bearer(rest_login()["access_token"])


def test_totp_enrollment_then_mfa_login(api: Any, auth: dict[str, str], clock: Any) -> None:
    setup = api.post_json("/api/mfa/totp/setup", {}, **auth).json()
    assert set(setup) == {"secret", "otpauth_url", "qr_svg"}
    assert setup["otpauth_url"].startswith("otpauth://totp/") and setup["qr_svg"].lstrip().startswith("<")
    assert api.post_json("/api/mfa/totp/confirm", {"code": "000000"}, **auth).status_code == 401
    response = api.post_json("/api/mfa/totp/confirm", {"code": code_for(setup["secret"], clock.now)}, **auth)
    assert response.status_code == 201 and response.json()["factor"] == "totp"
    token = start(api)["mfa_token"]
    clock.advance(30)
    payload = {"mfa_token": token, "factor": "totp", "code": code_for(setup["secret"], clock.now)}
    assert api.post_json("/api/mfa/verify", payload).json()["status"] == "AUTHENTICATED"


def test_enrollment_needs_a_login(api: Any, user: Any) -> None:
    response = api.post_json("/api/mfa/totp/setup", {})
    assert response.status_code == 401
    assert api.get("/api/mfa/factors").status_code == 401


def test_email_enrollment(api: Any, auth: dict[str, str], mailoutbox: Any) -> None:
    sent = api.post_json("/api/mfa/email/setup", {}, **auth).json()
    assert sent == {"status": "CHALLENGE_SENT", "sent_to": "a***@example.com"}
    assert api.post_json("/api/mfa/email/confirm", {"code": last_email_code()}, **auth).status_code == 201
    assert MessageDevice.objects.get().destination == "alice@example.com"


def test_sms_enrollment_validates_the_number(api: Any, auth: dict[str, str], mfa_settings: Any) -> None:
    mfa_settings(SMS_FACTOR={"PROVIDER": "outbox"})
    bad = api.post_json("/api/mfa/sms/setup", {"phone_number": "12"}, **auth)
    assert (bad.status_code, bad.json()["error"]["code"]) == (400, "invalid_request")
    assert api.post_json("/api/mfa/sms/setup", {"phone_number": "+44 20 7946 0958"}, **auth).status_code == 200
    assert api.post_json("/api/mfa/sms/confirm", {"code": last_sms_code()}, **auth).status_code == 201
    assert MessageDevice.objects.get(kind="sms").destination == "+442079460958"


def test_confirmation_guesses_are_bounded(api: Any, auth: dict[str, str], mfa_settings: Any) -> None:
    mfa_settings(MAX_RETRY_ATTEMPTS=2)
    api.post_json("/api/mfa/email/setup", {}, **auth)
    code = last_email_code()
    assert api.post_json("/api/mfa/email/confirm", {"code": "x"}, **auth).json()["error"]["attempts_left"] == 1
    assert api.post_json("/api/mfa/email/confirm", {"code": "y"}, **auth).json()["error"]["attempts_left"] == 0
    assert api.post_json("/api/mfa/email/confirm", {"code": code}, **auth).status_code == 401


@pytest.mark.parametrize(("ttl_ms", "status"), [(0, 401), (300000, 201)])
def test_state_machine_cache_ttl_bounds_an_enrollment(
    api: Any, auth: dict[str, str], mfa_settings: Any, ttl_ms: int, status: int
) -> None:
    mfa_settings(STATE_MACHINE_CACHE_TTL_MS=ttl_ms)
    api.post_json("/api/mfa/email/setup", {}, **auth)
    assert api.post_json("/api/mfa/email/confirm", {"code": last_email_code()}, **auth).status_code == status


@pytest.mark.parametrize("count", [10, 4])
def test_recovery_codes_shown_once(api: Any, auth: dict[str, str], mfa_settings: Any, count: int) -> None:
    mfa_settings(RECOVERY_CODE_COUNT=count)
    response = api.post_json("/api/mfa/recovery-codes", {}, **auth)
    assert response.status_code == 201 and len(set(response.json()["codes"])) == count
    listing = api.get("/api/mfa/factors", **auth).json()["factors"]
    assert [(item["factor"], item["label"]) for item in listing] == [("recovery", f"{count} recovery codes left")]
    assert not any(code in str(listing) for code in response.json()["codes"])


def test_list_and_delete_factors(
    api: Any, mfa_bearer: dict[str, str], totp_device: Any, email_device: Any, make_user: Any
) -> None:
    auth = mfa_bearer
    listing = api.get("/api/mfa/factors", **auth).json()["factors"]
    assert [(item["id"], item["factor"]) for item in listing] == [
        (f"totp-{totp_device.pk}", "totp"),
        (f"email-{email_device.pk}", "email"),
    ]
    assert api.delete(f"/api/mfa/factors/totp-{totp_device.pk}", **auth).status_code == 204
    assert api.delete(f"/api/mfa/factors/totp-{totp_device.pk}", **auth).status_code == 404
    other = make_user("bob")
    theirs = MessageDevice.objects.create(user=other, kind="email", destination="bob@example.com", confirmed=True)
    assert api.delete(f"/api/mfa/factors/email-{theirs.pk}", **auth).status_code == 404
    assert MessageDevice.objects.filter(pk=theirs.pk).exists()


def test_setup_pages_without_javascript(client: Client, user: Any, clock: Any, mailoutbox: Any) -> None:
    client.post("/login", {"username": "alice", "password": PASSWORD})
    assert b"No second factor" in client.get("/mfa/setup/").content
    page = client.get("/mfa/setup/totp")
    assert b"<svg" in page.content
    secret = page.context["secret"]
    assert client.post("/mfa/setup/totp", {"code": "000000"}).status_code == 401
    assert client.post("/mfa/setup/totp", {"code": code_for(secret, clock.now)})["Location"] == "/mfa/setup/"
    codes = client.post("/mfa/setup/recovery-codes").context["codes"]
    assert len(codes) == 10 and b"shown only this once" in client.post("/mfa/setup/recovery-codes").content
    client.post("/mfa/setup/email", {"action": "send"})
    assert client.post("/mfa/setup/email", {"action": "confirm", "code": last_email_code()}).status_code == 302
    index = client.get("/mfa/setup/").content.decode()
    assert "Authenticator app" in index and "a***@example.com" in index and "recovery codes left" in index


def test_setup_pages_need_a_session(client: Client, db: Any) -> None:
    assert client.get("/mfa/setup/")["Location"].startswith("/login")


@pytest.mark.parametrize(("length", "digits"), [(8, 8), (6, 6), (7, 6)])
def test_totp_digits_follow_otp_token_length(
    api: Any, auth: dict[str, str], clock: Any, mfa_settings: Any, length: int, digits: int
) -> None:
    mfa_settings(OTP_TOKEN_LENGTH=length)
    setup = api.post_json("/api/mfa/totp/setup", {}, **auth).json()
    assert f"digits={digits}" in setup["otpauth_url"]
    code = code_for(setup["secret"], clock.now, digits)
    assert api.post_json("/api/mfa/totp/confirm", {"code": code}, **auth).status_code == 201


@pytest.mark.parametrize(("age_s", "limit_ms", "status"), [(60, 900000, 204), (1000, 900000, 403), (1000, 0, 204)])
def test_removal_needs_a_recent_login(
    api: Any,
    mfa_bearer: dict[str, str],
    totp_device: Any,
    mfa_settings: Any,
    later: Any,
    age_s: int,
    limit_ms: int,
    status: int,
) -> None:
    mfa_settings(FACTOR_CHANGE_MAX_AUTH_AGE_MS=limit_ms)
    later(age_s)
    response = api.delete(f"/api/mfa/factors/totp-{totp_device.pk}", **mfa_bearer)
    assert response.status_code == status
    if status == 403:
        assert response.json()["error"]["code"] == "reauthentication_required"


def test_removal_page_needs_a_recent_login(
    client: Client, totp_device: Any, mfa_settings: Any, clock: Any, later: Any
) -> None:
    session_mfa_login(client, totp_device, clock.now)
    later(3600)
    refused = client.post("/mfa/setup/", {"remove": f"totp-{totp_device.pk}"})
    assert refused["Location"] == "/reauthenticate?next=%2Fmfa%2Fsetup%2F&reason=reauthentication_required"
    assert totp_device.__class__.objects.filter(pk=totp_device.pk).exists()
    mfa_settings(FACTOR_CHANGE_MAX_AUTH_AGE_MS=0)
    client.post("/mfa/setup/", {"remove": f"totp-{totp_device.pk}"})
    assert not totp_device.__class__.objects.filter(pk=totp_device.pk).exists()
