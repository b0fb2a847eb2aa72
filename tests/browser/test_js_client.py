"""``authstate.js`` in Chromium through the demo SPA: MFA login, persistence, refresh, CSRF, logout."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from authstate.models import Login, Passkey
from tests.browser.conftest import PASSWORD
from tests.browser.pages import pass_totp, register_passkey, sign_out
from tests.browser.totp import step_now, totp


@pytest.fixture
def totp_secret(demo_user: Any) -> str:
    device = TOTPDevice.objects.create(user=demo_user, name="phone", confirmed=True)
    return base64.b32encode(device.bin_key).decode()


@pytest.fixture
def set_authstate(settings: Any) -> Any:
    """Change ``AUTHSTATE`` for the live server (same process, so the settings object reloads)."""

    def apply(**values: Any) -> None:
        settings.AUTHSTATE = {**settings.AUTHSTATE, **values}

    return apply


def sign_in_with_totp(page: Page, secret: str, *, remember: bool = False) -> None:
    page.goto("/spa/")
    page.fill("#spa-username", "demo")
    page.fill("#spa-password", PASSWORD)
    page.click("#spa-login-submit")
    page.click("#spa-factor-totp")
    expect(page.locator("#spa-verify")).to_be_visible()
    page.fill("#spa-code", totp(secret, step_now()))
    if remember:
        page.check("#spa-remember")
    page.click("#spa-verify-submit")
    expect(page.locator("#spa-home")).to_be_visible()
    expect(page.locator("#spa-username-shown")).to_have_text("demo")


def stored(page: Page, storage: str) -> Any:
    return page.evaluate(f"JSON.parse(window.{storage}.getItem('authstate.tokens'))")


def test_mfa_login_in_memory_then_logout(page: Page, totp_secret: str, shot: Any) -> None:
    sign_in_with_totp(page, totp_secret)
    expect(page.locator("#spa-flow")).to_have_text("api-mfa")
    expect(page.locator("#spa-state")).to_have_text("oauth2")
    shot(page, "spa-signed-in")
    assert stored(page, "sessionStorage") is None and stored(page, "localStorage") is None
    token = page.evaluate("demoAuth.accessToken()")
    assert token.count(".") == 2

    page.click("#spa-logout")
    expect(page.locator("#spa-login")).to_be_visible()
    status = page.evaluate(
        "t => fetch('/api/me', {headers: {Authorization: 'Bearer ' + t}}).then(r => r.status)", token
    )
    assert status == 401
    page.reload()
    expect(page.locator("#spa-login")).to_be_visible()


def test_the_device_id_reaches_the_login_record(page: Page, totp_secret: str) -> None:
    sign_in_with_totp(page, totp_secret)
    device_id = page.evaluate("localStorage.getItem('authstate.device_id')")
    assert device_id and len(device_id) >= 32
    assert list(Login.objects.values_list("device_id", flat=True)) == [device_id]


def test_a_wrong_code_shows_the_attempts_left(page: Page, totp_secret: str) -> None:
    page.goto("/spa/")
    page.fill("#spa-username", "demo")
    page.fill("#spa-password", PASSWORD)
    page.click("#spa-login-submit")
    page.click("#spa-factor-totp")
    page.fill("#spa-code", "000000")
    page.click("#spa-verify-submit")
    expect(page.locator("#spa-error")).to_contain_text("invalid_code")
    expect(page.locator("#spa-error")).to_contain_text("attempts left")
    expect(page.locator("#spa-home")).to_be_hidden()


def test_wrong_password_keeps_the_form(page: Page, demo_user: Any) -> None:
    page.goto("/spa/")
    page.fill("#spa-username", "demo")
    page.fill("#spa-password", "not the password")
    page.click("#spa-login-submit")
    expect(page.locator("#spa-error")).to_contain_text("invalid_credentials")
    expect(page.locator("#spa-login")).to_be_visible()


def test_session_storage_survives_a_reload(page: Page, totp_secret: str, set_authstate: Any) -> None:
    set_authstate(TOKEN_PERSISTENCE="sessionStorage")
    sign_in_with_totp(page, totp_secret)
    tokens = stored(page, "sessionStorage")
    assert set(tokens) == {"access_token", "refresh_token", "expires_at", "lifetime"}
    assert stored(page, "localStorage") is None
    page.reload()
    expect(page.locator("#spa-home")).to_be_visible()
    expect(page.locator("#spa-username-shown")).to_have_text("demo")


def test_local_storage_is_used_when_configured(page: Page, totp_secret: str, set_authstate: Any) -> None:
    set_authstate(TOKEN_PERSISTENCE="localStorage")
    sign_in_with_totp(page, totp_secret)
    assert stored(page, "localStorage")["access_token"] == page.evaluate("demoAuth.accessToken()")
    assert stored(page, "sessionStorage") is None


def test_the_access_token_is_refreshed_before_it_expires(page: Page, totp_secret: str, set_authstate: Any) -> None:
    set_authstate(ACCESS_TOKEN_VALIDITY=4000)
    sign_in_with_totp(page, totp_secret)
    first = page.evaluate("demoAuth.accessToken()")
    page.wait_for_function("first => demoAuth.accessToken() && demoAuth.accessToken() !== first", arg=first)
    assert (
        page.evaluate(
            "fetch('/api/me', {headers: {Authorization: 'Bearer ' + demoAuth.accessToken()}}).then(r => r.status)"
        )
        == 200
    )


def test_refresh_cookie_with_csrf_resumes_after_a_reload(page: Page, totp_secret: str, set_authstate: Any) -> None:
    set_authstate(TOKEN_TRANSPORT_TYPE="HEADER_COOKIE", OAUTH2_CSRF=True, COOKIE_SECURE=False)
    sign_in_with_totp(page, totp_secret)
    assert page.evaluate("demoAuth.tokens.refresh_token") is None  # HttpOnly cookie, out of reach
    assert "authstate_refresh" not in page.evaluate("document.cookie")
    page.reload()  # memory persistence: the access token is gone, the refresh cookie is not
    expect(page.locator("#spa-home")).to_be_visible()
    expect(page.locator("#spa-username-shown")).to_have_text("demo")


def test_refresh_cookie_without_the_csrf_token_is_refused(page: Page, totp_secret: str, set_authstate: Any) -> None:
    set_authstate(TOKEN_TRANSPORT_TYPE="HEADER_COOKIE", OAUTH2_CSRF=True, COOKIE_SECURE=False)
    sign_in_with_totp(page, totp_secret)
    status = page.evaluate("fetch('/api/auth/refresh', {method: 'POST'}).then(r => r.status)")
    assert status == 403
    assert page.evaluate("demoAuth.refresh().then(b => b.status)") == "AUTHENTICATED"


def test_a_passkey_as_the_second_factor(page: Page, totp_secret: str, sign_in: Any, passkeys: Any, shot: Any) -> None:
    passkeys(page)
    sign_in(page)  # the demo user has TOTP: MFA protects every flow, so /login asks for it too
    pass_totp(page, totp_secret)
    register_passkey(page, "laptop")
    sign_out(page)
    page.goto("/spa/")
    page.fill("#spa-username", "demo")
    page.fill("#spa-password", PASSWORD)
    page.click("#spa-login-submit")
    expect(page.locator("#spa-factor-passkey")).to_be_visible()
    expect(page.locator("#spa-factor-totp")).to_be_visible()
    page.click("#spa-factor-passkey")
    expect(page.locator("#spa-home")).to_be_visible()
    expect(page.locator("#spa-flow")).to_have_text("api-mfa")
    shot(page, "spa-passkey-signed-in")
    assert Passkey.objects.get(name="laptop").last_used_at is not None


def test_cookie_transport_keeps_every_token_out_of_the_page(page: Page, totp_secret: str, set_authstate: Any) -> None:
    set_authstate(TOKEN_TRANSPORT_TYPE="COOKIE", OAUTH2_CSRF=True, COOKIE_SECURE=False)
    sign_in_with_totp(page, totp_secret)  # /api/me answered through the access cookie
    assert page.evaluate("demoAuth.accessToken()") is None
    assert "authstate_access" not in page.evaluate("document.cookie")
    forged = page.evaluate(
        "fetch('/logout', {method: 'POST', headers: {Accept: 'application/json'}}).then(r => r.status)"
    )
    assert forged == 403  # no CSRF header: the cookie alone does not end the login
    page.click("#spa-logout")
    expect(page.locator("#spa-login")).to_be_visible()
    assert page.evaluate("fetch('/api/me').then(r => r.status)") == 401
