"""Assurance: every login records how it was proven (``amr``, ``auth_time``), MFA protects the
account on every flow, and a password alone never rewrites an MFA account's factors."""

from __future__ import annotations

from typing import Any

import jwt
import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from authstate.models import Login, Passkey, RecoveryCode
from tests.conftest import PASSWORD, JsonClient, bearer
from tests.mfa.conftest import session_mfa_login, start, totp_code


def claims(token: str) -> dict[str, Any]:
    return jwt.decode(token, options={"verify_signature": False})


@pytest.fixture
def password_only(mfa_settings: Any) -> None:
    """Projects may let enrolled users through password-only flows; such logins stay ``pwd``."""
    mfa_settings(REQUIRE_FOR_ENROLLED_USERS=False)


def test_a_password_only_login_records_pwd(api: JsonClient, rest_login: Any) -> None:
    body = rest_login()
    me = api.get("/api/me", **bearer(body["access_token"])).json()
    assert me["amr"] == ["pwd"] and claims(body["access_token"])["amr"] == ["pwd"]
    assert Login.objects.get().amr == ["pwd"]


def test_an_mfa_login_records_both_factors(api: JsonClient, totp_device: TOTPDevice, clock: Any) -> None:
    token = start(api)["mfa_token"]
    body = api.post_json(
        "/api/mfa/verify", {"mfa_token": token, "factor": "totp", "code": totp_code(totp_device, clock.now)}
    ).json()
    assert claims(body["access_token"])["amr"] == ["pwd", "otp", "mfa"]
    me = api.get("/api/me", **bearer(body["access_token"])).json()
    assert me["amr"] == ["pwd", "otp", "mfa"] and me["auth_time"] == claims(body["access_token"])["auth_time"]


def test_an_sms_factor_is_recorded_as_sms(api: JsonClient, sms_device: Any, mfa_settings: Any) -> None:
    from tests.mfa.conftest import last_sms_code

    mfa_settings(SMS_FACTOR={"PROVIDER": "outbox"})
    token = start(api)["mfa_token"]
    api.post_json("/api/mfa/select", {"mfa_token": token, "factor": "sms"})
    body = api.post_json("/api/mfa/verify", {"mfa_token": token, "factor": "sms", "code": last_sms_code()}).json()
    assert claims(body["access_token"])["amr"] == ["pwd", "sms", "mfa"]


def test_the_session_knows_its_amr(client: Client, totp_device: TOTPDevice, clock: Any) -> None:
    session_mfa_login(client, totp_device, clock.now)
    me = client.get("/api/me").json()
    assert (me["state"], me["flow"], me["amr"]) == ("session", "form", ["pwd", "otp", "mfa"])


def test_enrolled_users_pass_mfa_on_the_password_only_rest_flow(
    api: JsonClient, totp_device: TOTPDevice, clock: Any
) -> None:
    started = api.post_json("/api/auth", {"username": "alice", "password": PASSWORD}).json()
    assert started["status"] == "MFA_REQUIRED" and "access_token" not in started
    payload = {"mfa_token": started["mfa_token"], "factor": "totp", "code": totp_code(totp_device, clock.now)}
    done = api.post_json("/api/mfa/verify", payload).json()
    assert done["status"] == "AUTHENTICATED"
    token = claims(done["access_token"])
    assert (token["flow"], token["amr"]) == ("rest", ["pwd", "otp", "mfa"])
    assert Login.objects.get().state == "oauth2"


def test_enrolled_users_pass_mfa_on_the_form_flow_then_go_where_they_asked(
    client: Client, totp_device: TOTPDevice, clock: Any
) -> None:
    first = client.post("/login", {"username": "alice", "password": PASSWORD, "next": "/after"})
    assert first["Location"].startswith("/mfa/")
    assert client.get("/api/me").status_code in (401, 403)
    client.post("/mfa/choose", {"factor": "totp"})
    done = client.post("/mfa/verify", {"factor": "totp", "code": totp_code(totp_device, clock.now)})
    assert done["Location"] == "/after"
    assert client.get("/api/me").json()["flow"] == "form"


def test_with_the_setting_off_a_password_only_login_cannot_manage_factors(
    api: JsonClient, totp_device: TOTPDevice, password_only: None, rest_login: Any
) -> None:
    """The attack of the assurance issue, through the demo's URLs: it must end in refusals."""
    attacker = bearer(rest_login()["access_token"])
    refusals = [
        api.post_json("/api/mfa/recovery-codes", {}, **attacker),
        api.post_json("/api/mfa/totp/setup", {}, **attacker),
        api.post_json("/api/mfa/totp/confirm", {"code": "123456"}, **attacker),
        api.post_json("/api/mfa/email/setup", {}, **attacker),
        api.post_json("/api/mfa/sms/setup", {"phone_number": "+14155550100"}, **attacker),
        api.post_json("/api/mfa/passkeys/options", {}, **attacker),
        api.delete(f"/api/mfa/factors/totp-{totp_device.pk}", **attacker),
    ]
    for response in refusals:
        assert response.status_code == 403, response.content
        assert response.json()["error"]["code"] == "mfa_required"
    assert not RecoveryCode.objects.exists() and not Passkey.objects.exists()
    assert list(TOTPDevice.objects.values_list("pk", "confirmed")) == [(totp_device.pk, True)]
    attempt = start(api)
    assert attempt["factors"] == ["totp"]
    bad = api.post_json("/api/mfa/verify", {"mfa_token": attempt["mfa_token"], "factor": "recovery", "code": "x"})
    assert bad.status_code == 400


def test_with_the_setting_off_a_password_only_session_is_sent_to_step_up(
    client: Client, totp_device: TOTPDevice, password_only: None
) -> None:
    assert client.post("/login", {"username": "alice", "password": PASSWORD})["Location"] == "/"
    response = client.post("/mfa/setup/recovery-codes")
    assert response["Location"] == "/reauthenticate?next=%2Fmfa%2Fsetup%2Frecovery-codes&reason=mfa_required"
    assert client.post("/mfa/setup/", {"remove": f"totp-{totp_device.pk}"}).status_code == 302
    assert client.get("/mfa/setup/totp").status_code == 302
    assert TOTPDevice.objects.filter(pk=totp_device.pk, confirmed=True).exists()
    assert not RecoveryCode.objects.exists()


def test_a_user_without_factors_bootstraps_with_a_recent_password_login(client: Client, user: Any, clock: Any) -> None:
    """Enrolling the first factor proves it: the same session may then add recovery codes."""
    from tests.mfa.test_enrollment import code_for

    client.post("/login", {"username": "alice", "password": PASSWORD})
    secret = client.get("/mfa/setup/totp").context["secret"]
    assert client.post("/mfa/setup/totp", {"code": code_for(secret, clock.now)}).status_code == 302
    assert client.get("/api/me").json()["amr"] == ["pwd", "otp", "mfa"]
    assert len(client.post("/mfa/setup/recovery-codes").context["codes"]) == 10


def test_a_stale_bootstrap_login_is_sent_to_step_up(client: Client, user: Any, later: Any) -> None:
    client.post("/login", {"username": "alice", "password": PASSWORD})
    later(3600)
    response = client.get("/mfa/setup/totp")
    assert response["Location"].startswith("/reauthenticate?") and "reauthentication_required" in response["Location"]
    assert not TOTPDevice.objects.exists()


def test_step_up_with_a_factor_raises_amr_and_renews_the_tokens(
    api: JsonClient, totp_device: TOTPDevice, password_only: None, rest_login: Any, clock: Any
) -> None:
    old = bearer(rest_login()["access_token"])
    wrong = api.post_json("/api/reauthenticate", {"factor": "totp", "code": "000000"}, **old)
    assert (wrong.status_code, wrong.json()["error"]["code"]) == (401, "invalid_code")
    assert wrong.json()["error"]["attempts_left"] == 4
    stepped = api.post_json("/api/reauthenticate", {"factor": "totp", "code": totp_code(totp_device, clock.now)}, **old)
    assert stepped.status_code == 200, stepped.content
    body = stepped.json()
    assert body["status"] == "AUTHENTICATED" and body["amr"] == ["pwd", "otp", "mfa"]
    assert claims(body["access_token"])["amr"] == ["pwd", "otp", "mfa"]
    fresh = bearer(body["access_token"])
    assert api.post_json("/api/mfa/recovery-codes", {}, **fresh).status_code == 201
    assert Login.objects.get().amr == ["pwd", "otp", "mfa"]


def test_step_up_with_the_password_renews_auth_time_only(
    api: JsonClient, rest_login: Any, totp_device: TOTPDevice, password_only: None
) -> None:
    from datetime import timedelta

    old = bearer(rest_login()["access_token"])
    hour_ago = Login.objects.get().auth_time - timedelta(hours=1)
    Login.objects.update(auth_time=hour_ago)
    bad = api.post_json("/api/reauthenticate", {"password": "wrong"}, **old)
    assert (bad.status_code, bad.json()["error"]["code"]) == (401, "invalid_credentials")
    assert Login.objects.get().auth_time == hour_ago
    body = api.post_json("/api/reauthenticate", {"password": PASSWORD}, **old).json()
    assert body["amr"] == ["pwd"] and body["auth_time"] >= int(hour_ago.timestamp()) + 3600
    refused = api.post_json("/api/mfa/recovery-codes", {}, **bearer(body["access_token"]))
    assert refused.json()["error"]["code"] == "mfa_required"


def test_step_up_guesses_are_limited(
    api: JsonClient, rest_login: Any, totp_device: TOTPDevice, password_only: None, clock: Any
) -> None:
    old = bearer(rest_login()["access_token"])
    answers = [api.post_json("/api/reauthenticate", {"factor": "totp", "code": "000000"}, **old) for _ in range(6)]
    assert [response.status_code for response in answers] == [401, 401, 401, 401, 401, 423]
    right = api.post_json("/api/reauthenticate", {"factor": "totp", "code": totp_code(totp_device, clock.now)}, **old)
    assert right.status_code == 423
    assert Login.objects.get().amr == ["pwd"]


def test_step_up_page_brings_the_browser_back(
    client: Client, totp_device: TOTPDevice, password_only: None, clock: Any
) -> None:
    client.post("/login", {"username": "alice", "password": PASSWORD})
    target = client.post("/mfa/setup/recovery-codes")["Location"]
    page = client.get(target)
    assert page.status_code == 200 and b"reauth-factor-form" in page.content
    assert b"reauth-password-form" not in page.content  # a password cannot give what MFA asks
    code = totp_code(totp_device, clock.now)
    back = client.post(target, {"factor": "totp", "code": code, "next": "/mfa/setup/recovery-codes"})
    assert back["Location"] == "/mfa/setup/recovery-codes"
    assert len(client.post("/mfa/setup/recovery-codes").context["codes"]) == 10


def test_step_up_refuses_an_off_site_next(client: Client, totp_device: TOTPDevice, clock: Any) -> None:
    session_mfa_login(client, totp_device, clock.now)
    back = client.post("/reauthenticate", {"method": "password", "password": PASSWORD, "next": "https://evil.test/"})
    assert back.status_code == 302 and "evil" not in back["Location"]


def test_a_used_email_code_does_not_block_the_next_challenge(api: JsonClient, rest_login: Any, mailoutbox: Any) -> None:
    """Enrolling the e-mail factor then signing in at once: the enrollment's code, used, paces nothing."""
    from tests.mfa.conftest import last_email_code

    auth = bearer(rest_login()["access_token"])
    api.post_json("/api/mfa/email/setup", {}, **auth)
    assert api.post_json("/api/mfa/email/confirm", {"code": last_email_code()}, **auth).status_code == 201
    token = start(api)["mfa_token"]
    sent = api.post_json("/api/mfa/select", {"mfa_token": token, "factor": "email"})
    assert sent.status_code == 200 and sent.json()["status"] == "CHALLENGE_SENT"
    again = api.post_json("/api/mfa/select", {"mfa_token": token, "factor": "email"})
    assert (again.status_code, again.json()["error"]["code"]) == (429, "resend_too_soon")


def test_the_otpauth_url_names_the_issuer(api: JsonClient, rest_login: Any, mfa_settings: Any) -> None:
    auth = bearer(rest_login()["access_token"])
    url = api.post_json("/api/mfa/totp/setup", {}, **auth).json()["otpauth_url"]
    assert url.startswith("otpauth://totp/testserver:alice?") and "issuer=testserver" in url
    mfa_settings(TOTP_ISSUER="Example Corp")
    url = api.post_json("/api/mfa/totp/setup", {}, **auth).json()["otpauth_url"]
    assert url.startswith("otpauth://totp/Example%20Corp:alice?") and "issuer=Example%20Corp" in url
