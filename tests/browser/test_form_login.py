"""Form login and logout in a real browser, on the demo's pages."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page, expect


def test_form_login_then_logout(page: Page, demo_user: Any, sign_in: Any, shot: Any) -> None:
    sign_in(page)
    expect(page.locator("#username")).to_have_text("demo")
    shot(page, "form-login-signed-in")
    page.click("#logout")
    expect(page.locator("#form-login")).to_be_visible()
    assert page.context.request.get("/api/me").status in {401, 403}


def test_wrong_password_shows_an_error(page: Page, demo_user: Any, sign_in: Any, shot: Any) -> None:
    sign_in(page, password="not it")
    expect(page.locator("#login-error")).to_have_text("The username or password is incorrect.")
    shot(page, "form-login-wrong-password")
