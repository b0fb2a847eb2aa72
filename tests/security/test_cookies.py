"""Cookie flags, session fixation and server-side logout (ASVS V3.2-V3.4)."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import PASSWORD, JsonClient


@pytest.fixture
def secure(settings: Any) -> Any:
    settings.SESSION_COOKIE_SECURE = True
    settings.AUTHSTATE = {**settings.AUTHSTATE, "COOKIE_SECURE": True}
    return settings


def _flags(cookie: Any) -> tuple[bool, bool, str]:
    return bool(cookie["secure"]), bool(cookie["httponly"]), cookie["samesite"]


@pytest.mark.django_db
def test_session_cookie_is_secure_httponly_samesite(user: Any, secure: Any) -> None:
    response = Client().post("/login", {"username": user.username, "password": PASSWORD})
    assert _flags(response.cookies[django_settings.SESSION_COOKIE_NAME]) == (True, True, "Lax")


@pytest.mark.django_db
def test_token_cookies_are_secure_httponly_strict_and_scoped(api: JsonClient, user: Any, secure: Any) -> None:
    secure.AUTHSTATE = {**secure.AUTHSTATE, "TOKEN_TRANSPORT_TYPE": "COOKIE"}
    response = api.post_json("/api/auth", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 200
    assert "access_token" not in response.json() and "refresh_token" not in response.json()
    access = response.cookies["authstate_access"]
    assert _flags(access) == (True, True, "Strict") and access["path"] == "/"
    refresh = [c for c in response.cookies.values() if c.key.startswith("authstate_refresh")]
    assert refresh and all(_flags(c) == (True, True, "Strict") for c in refresh)
    assert {c["path"] for c in refresh} <= {"/api/auth/refresh", "/logout"}
    assert "sessionid" not in response.cookies


@pytest.mark.django_db
def test_mfa_cookie_is_secure_httponly_strict(user: Any, secure: Any) -> None:
    secure.AUTHSTATE = {**secure.AUTHSTATE, "MFA": {**secure.AUTHSTATE["MFA"], "SESSION_STORAGE_TYPE": "memory"}}
    TOTPDevice.objects.create(user=user, name="authstate", confirmed=True)
    response = Client().post("/mfa/login", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    assert _flags(response.cookies["MFA_SID"]) == (True, True, "Strict")


@pytest.mark.django_db
def test_session_key_is_rotated_at_login(user: Any) -> None:
    """Session fixation: a session planted before login is not the one that ends up logged in."""
    browser = Client()
    planted = browser.session
    planted["seen"] = True
    planted.save()
    browser.cookies[django_settings.SESSION_COOKIE_NAME] = planted.session_key
    browser.post("/login", {"username": user.username, "password": PASSWORD})
    assert browser.cookies[django_settings.SESSION_COOKIE_NAME].value != planted.session_key
    attacker = Client()
    attacker.cookies[django_settings.SESSION_COOKIE_NAME] = planted.session_key
    assert attacker.get("/api/me").status_code == 401


@pytest.mark.django_db
def test_logout_ends_the_session_on_the_server(user: Any) -> None:
    browser = Client()
    browser.post("/login", {"username": user.username, "password": PASSWORD})
    stolen = browser.cookies[django_settings.SESSION_COOKIE_NAME].value
    assert browser.get("/api/me").status_code == 200
    browser.post("/logout")
    replay = Client()
    replay.cookies[django_settings.SESSION_COOKIE_NAME] = stolen
    assert replay.get("/api/me").status_code == 401


@pytest.mark.django_db
def test_mfa_login_rotates_the_session_again_at_completion(user: Any) -> None:
    """The session that held the half-done MFA login is not the one that is finally logged in."""
    import time

    from tests.mfa.conftest import totp_code

    device = TOTPDevice.objects.create(user=user, name="authstate", confirmed=True)
    browser = Client()
    browser.post("/mfa/login", {"username": user.username, "password": PASSWORD})
    pending = browser.cookies[django_settings.SESSION_COOKIE_NAME].value
    browser.post("/mfa/choose", {"factor": "totp"})
    browser.post("/mfa/verify", {"factor": "totp", "code": totp_code(device, time.time())})
    assert browser.get("/api/me").status_code == 200
    assert browser.cookies[django_settings.SESSION_COOKIE_NAME].value != pending


@pytest.mark.django_db
def test_session_keys_and_login_ids_are_long_and_random(user: Any) -> None:
    """ASVS 3.2.2: at least 64 bits of entropy; here 32 chars of [a-z0-9] and 128-bit login ids."""
    keys, sids = set(), set()
    for _ in range(3):
        browser = Client()
        browser.post("/login", {"username": user.username, "password": PASSWORD})
        keys.add(browser.cookies[django_settings.SESSION_COOKIE_NAME].value)
        sids.add(browser.get("/api/me").json()["login_id"])
    assert len(keys) == len(sids) == 3
    assert all(len(key) >= 32 and key.isalnum() for key in keys)
    assert all(len(sid) >= 22 for sid in sids)  # 16 random bytes, base64url
