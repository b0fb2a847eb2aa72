"""Steps shared by the browser scenarios, written against the pages' element ids."""

from __future__ import annotations

from playwright.sync_api import Page, expect

PASSWORD = "demo-password-for-browser-tests"


def sign_out(page: Page) -> None:
    page.goto("/")
    page.click("#logout")
    expect(page.locator("#form-login")).to_be_visible()


def register_passkey(page: Page, name: str) -> None:
    """Add a passkey on the passkeys page (the context needs a virtual authenticator)."""
    page.goto("/mfa/setup/passkeys")
    page.fill("#passkey-name", name)
    page.click("#passkey-register")
    expect(page.locator(".passkey-name")).to_have_text([name])
