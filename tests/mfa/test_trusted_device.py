"""Remember this device: the skip, its duration, and its invalidation by password or factor change."""

from __future__ import annotations

from typing import Any

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from authstate.factors.recovery import replace_codes
from tests.mfa.conftest import start, totp_code


def remembered_login(api: Any, device: Any, clock: Any) -> Any:
    token = start(api)["mfa_token"]
    payload = {"mfa_token": token, "factor": "totp", "code": totp_code(device, clock.now), "remember_device": True}
    response = api.post_json("/api/mfa/verify", payload)
    assert response.status_code == 200
    return response


def test_remembered_device_skips_mfa(api: Any, totp_device: Any, clock: Any) -> None:
    cookie = remembered_login(api, totp_device, clock).cookies["authstate_trusted_device"]
    assert cookie["httponly"] and int(cookie["max-age"]) == 30 * 24 * 3600
    assert start(api)["status"] == "AUTHENTICATED"


def test_without_remember_nothing_is_skipped(api: Any, totp_device: Any, clock: Any) -> None:
    token = start(api)["mfa_token"]
    response = api.post_json(
        "/api/mfa/verify", {"mfa_token": token, "factor": "totp", "code": totp_code(totp_device, clock.now)}
    )
    assert "authstate_trusted_device" not in response.cookies
    assert start(api)["status"] == "MFA_REQUIRED"


@pytest.mark.parametrize("change", ["password", "new_factor", "removed_factor"])
def test_changes_void_remembered_devices(api: Any, user: Any, totp_device: Any, clock: Any, change: str) -> None:
    remembered_login(api, totp_device, clock)
    if change == "password":
        user.set_password("correct horse battery staple")
        user.save()
    elif change == "new_factor":
        replace_codes(user)
    else:
        TOTPDevice.objects.create(user=user, name="second", confirmed=True)
        totp_device.delete()
    assert start(api)["status"] == "MFA_REQUIRED"


def test_cookie_of_another_user_is_ignored(api: Any, totp_device: Any, clock: Any, make_user: Any) -> None:
    remembered_login(api, totp_device, clock)
    bob = make_user("bob")
    TOTPDevice.objects.create(user=bob, name="authstate", confirmed=True)
    assert start(api, username="bob")["status"] == "MFA_REQUIRED"


def test_tampered_cookie_is_ignored(api: Any, totp_device: Any, clock: Any) -> None:
    remembered_login(api, totp_device, clock)
    api.cookies["authstate_trusted_device"] = api.cookies["authstate_trusted_device"].value[:-2] + "xx"
    assert start(api)["status"] == "MFA_REQUIRED"


@pytest.mark.parametrize(("duration_ms", "skipped"), [(0, False), (60000, True)])
def test_device_remember_duration(
    api: Any, totp_device: Any, clock: Any, mfa_settings: Any, duration_ms: int, skipped: bool
) -> None:
    mfa_settings(DEVICE_REMEMBER_DURATION_MS=duration_ms)
    remembered_login(api, totp_device, clock)
    assert (start(api)["status"] == "AUTHENTICATED") is skipped


def test_device_remember_duration_expires(
    api: Any, totp_device: Any, clock: Any, mfa_settings: Any, monkeypatch: Any
) -> None:
    mfa_settings(DEVICE_REMEMBER_DURATION_MS=60000)
    remembered_login(api, totp_device, clock)
    real = __import__("time").time
    monkeypatch.setattr("django.core.signing.time.time", lambda: real() + 61)
    assert start(api)["status"] == "MFA_REQUIRED"


def test_trusted_device_cookie_name(api: Any, totp_device: Any, clock: Any, mfa_settings: Any) -> None:
    mfa_settings(TRUSTED_DEVICE_COOKIE_NAME="keep_me")
    assert "keep_me" in remembered_login(api, totp_device, clock).cookies
