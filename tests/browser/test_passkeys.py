"""Passkeys in a real browser with the DevTools virtual authenticator: register one, sign in with
it without a password, then use it as the second factor of the MFA flow; rename and remove."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import Page, expect

from authstate.models import Passkey
from tests.browser.pages import PASSWORD, register_passkey, sign_out


def test_register_then_passwordless_then_second_factor(
    page: Page, demo_user: Any, sign_in: Any, passkeys: Any, shot: Any
) -> None:
    authenticator = passkeys(page)
    sign_in(page)
    register_passkey(page, "Test laptop")
    shot(page, "passkey-registered")
    stored = Passkey.objects.get(user=demo_user)
    assert stored.discoverable is True
    assert [c["isResidentCredential"] for c in authenticator.credentials()] == [True]

    sign_out(page)
    page.goto("/login")
    page.click("#passkey-login-link")
    expect(page).to_have_url(re.compile(r"/login/webauthn$"))
    shot(page, "passkey-login-page")
    page.click("#passkey-login")
    expect(page.locator("#username")).to_have_text("demo")
    shot(page, "passkey-passwordless-signed-in")
    me = page.context.request.get("/api/me").json()
    assert (me["state"], me["flow"]) == ("session", "form")
    stored.refresh_from_db()
    assert stored.last_used_at is not None

    sign_out(page)
    page.goto("/mfa/login")
    page.fill("#id_username", "demo")
    page.fill("#id_password", PASSWORD)
    page.click("#login-submit")
    page.check("#factor-passkey")
    page.click("#mfa-choose-submit")
    shot(page, "mfa-passkey-step")
    page.click("#passkey-verify")
    expect(page.locator("#username")).to_have_text("demo")
    shot(page, "mfa-passkey-signed-in")
    me = page.context.request.get("/api/me").json()
    assert (me["state"], me["flow"]) == ("session", "mfa")
    (credential,) = authenticator.credentials()
    stored.refresh_from_db()
    assert stored.sign_count == credential["signCount"] == 3  # create, passwordless, second factor


def test_rename_and_remove_from_the_page(page: Page, demo_user: Any, sign_in: Any, passkeys: Any, shot: Any) -> None:
    passkeys(page)
    sign_in(page)
    register_passkey(page, "Old name")
    item = page.locator(".passkeys li").first
    item.locator("input[name=name]").fill("New name")
    item.locator("button.rename").click()
    expect(page.locator("#passkey-message")).to_have_text("Passkey renamed.")
    expect(page.locator(".passkey-name")).to_have_text(["New name"])
    page.locator(".passkeys li button.delete").click()
    expect(page.locator("#passkey-empty")).to_be_visible()
    shot(page, "passkey-removed")
    assert not Passkey.objects.exists()


def test_a_removed_passkey_is_refused_with_a_message(
    page: Page, demo_user: Any, sign_in: Any, passkeys: Any, shot: Any
) -> None:
    passkeys(page)
    sign_in(page)
    register_passkey(page, "Soon gone")
    Passkey.objects.all().delete()
    sign_out(page)
    page.goto("/login/webauthn")
    page.click("#passkey-login")
    expect(page.locator("#passkey-error")).to_have_text("The passkey could not be verified.")
    shot(page, "passkey-login-refused")
    assert page.context.request.get("/api/me").status in {401, 403}
