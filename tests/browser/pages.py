"""Steps shared by the browser scenarios, written against the pages' element ids."""

from __future__ import annotations

from playwright.sync_api import Page, expect

PASSWORD = "demo-password-for-browser-tests"


def sign_out(page: Page) -> None:
    page.goto("/")
    page.click("#logout")
    expect(page.locator("#form-login")).to_be_visible()


def pass_totp(page: Page, secret: str) -> None:
    """The MFA pages after a password step: choose the authenticator app, enter its code."""
    from tests.browser.totp import step_now, totp

    page.check("#factor-totp")
    page.click("#mfa-choose-submit")
    page.fill("#id_code", totp(secret, step_now()))
    page.click("#mfa-verify-submit")
    page.wait_for_load_state()


def register_passkey(page: Page, name: str) -> None:
    """Add a passkey on the passkeys page (the context needs a virtual authenticator)."""
    page.goto("/mfa/setup/passkeys")
    page.fill("#passkey-name", name)
    page.click("#passkey-register")
    expect(page.locator(".passkey-name")).to_have_text([name])
