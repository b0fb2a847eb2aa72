"""A reset never removes or skips a factor: with ``MFA.REQUIRE_FOR_ENROLLED_USERS`` the confirm of
an MFA account needs the second factor too (a stolen mailbox alone takes nothing over), its codes
are bounded like step-up's, and the next login still passes MFA."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from authstate import _lockout as lockout
from authstate.models import MessageDevice
from tests.conftest import PASSWORD, JsonClient
from tests.mfa.conftest import last_sms_code, totp_code
from tests.passwords.conftest import BASE_URL, NEW_PASSWORD, reset_link

CONFIRM = "/api/password/reset/confirm"


def confirm(api: JsonClient, link: tuple[str, str], **more: Any) -> Any:
    uid, token = link
    return api.post_json(CONFIRM, {"uid": uid, "token": token, "new_password": NEW_PASSWORD, **more})


def password_is(password: str) -> bool:
    return bool(get_user_model().objects.get(username="alice").check_password(password))


def test_a_reset_of_an_mfa_account_asks_for_the_second_factor(
    api: JsonClient, totp_device: TOTPDevice, request_link: Any, clock: Any
) -> None:
    link = request_link()
    asked = confirm(api, link)
    assert asked.status_code == 403
    assert asked.json() == {
        "error": {
            "code": "mfa_required",
            "message": "This account has a second factor: verify it to set a new password.",
            "factors": ["totp"],
        }
    }
    wrong = confirm(api, link, factor="totp", code="000000")
    assert (wrong.status_code, wrong.json()["error"]["code"]) == (401, "invalid_code")
    assert wrong.json()["error"]["attempts_left"] == 4
    assert lockout.failures("alice", lockout.Kind.FACTOR) == 1
    assert password_is(PASSWORD)
    done = confirm(api, link, factor="totp", code=totp_code(totp_device, clock.now))
    assert (done.status_code, done.json()) == (200, {"status": "PASSWORD_RESET"})
    assert password_is(NEW_PASSWORD)


def test_the_factor_survives_and_the_next_login_still_needs_it(
    api: JsonClient, totp_device: TOTPDevice, request_link: Any, clock: Any
) -> None:
    assert confirm(api, request_link(), factor="totp", code=totp_code(totp_device, clock.now)).status_code == 200
    assert TOTPDevice.objects.filter(pk=totp_device.pk, confirmed=True).exists()
    started = api.post_json("/api/auth", {"username": "alice", "password": NEW_PASSWORD}).json()
    assert started["status"] == "MFA_REQUIRED" and "access_token" not in started


def test_with_the_setting_off_the_mailbox_is_enough_but_mfa_stays(
    api: JsonClient, totp_device: TOTPDevice, request_link: Any, mfa_settings: Any
) -> None:
    mfa_settings(REQUIRE_FOR_ENROLLED_USERS=False)
    assert confirm(api, request_link()).status_code == 200
    assert TOTPDevice.objects.filter(pk=totp_device.pk, confirmed=True).exists()
    started = api.post_json("/api/mfa/login", {"username": "alice", "password": NEW_PASSWORD}).json()
    assert started["status"] == "MFA_REQUIRED"


def test_codes_are_bounded_like_step_up(
    api: JsonClient, totp_device: TOTPDevice, request_link: Any, mfa_settings: Any, clock: Any
) -> None:
    mfa_settings(MAX_RETRY_ATTEMPTS=2)
    link = request_link()
    statuses = [confirm(api, link, factor="totp", code="000000").status_code for _ in range(3)]
    assert statuses == [401, 401, 423]
    late = confirm(api, link, factor="totp", code=totp_code(totp_device, clock.now))
    assert (late.status_code, late.json()["error"]["code"]) == (423, "mfa_locked")
    assert password_is(PASSWORD)


def test_an_email_factor_to_the_reset_mailbox_does_not_count(
    api: JsonClient, totp_device: TOTPDevice, email_device: MessageDevice, request_link: Any
) -> None:
    link = request_link()
    asked = confirm(api, link)
    assert asked.json()["error"]["factors"] == ["totp"]
    refused = confirm(api, link, factor="email")
    assert (refused.status_code, refused.json()["error"]["code"]) == (400, "invalid_request")
    refused = confirm(api, link, factor="email", code="123456")
    assert refused.status_code == 400 and password_is(PASSWORD)


def test_a_delivered_factor_sends_its_code_first(
    api: JsonClient, user: Any, request_link: Any, mfa_settings: Any
) -> None:
    MessageDevice.objects.create(user=user, kind="sms", destination="+14155550123", confirmed=True)
    mfa_settings(SMS_FACTOR={"PROVIDER": "outbox"})
    link = request_link()
    challenge = confirm(api, link, factor="sms")
    assert challenge.status_code == 200 and challenge.json()["status"] == "CHALLENGE_SENT"
    assert password_is(PASSWORD)
    done = confirm(api, link, factor="sms", code=last_sms_code())
    assert done.status_code == 200 and password_is(NEW_PASSWORD)


def test_the_reset_page_asks_for_the_code(totp_device: TOTPDevice, clock: Any) -> None:
    browser = Client()
    browser.post("/password/reset", {"email": "alice@example.com"})
    path = reset_link().removeprefix(BASE_URL)
    page = browser.get(path)
    assert b'id="id_code"' in page.content and b'value="totp"' in page.content
    without = browser.post(path, {"new_password": NEW_PASSWORD, "factor": "totp", "code": "000000"})
    assert without.status_code == 401 and password_is(PASSWORD)
    code = totp_code(totp_device, clock.now)
    done = browser.post(path, {"new_password": NEW_PASSWORD, "factor": "totp", "code": code})
    assert b'id="reset-done"' in done.content and password_is(NEW_PASSWORD)
