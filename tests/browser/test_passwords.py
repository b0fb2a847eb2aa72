"""Forgotten and changed passwords in a real browser: reset from the login page, change from the
account pages, on the demo's pages."""

from __future__ import annotations

import re
from typing import Any

from django.core import mail
from playwright.sync_api import Page, expect

from authstate.passwords import _mail as password_mail
from tests.browser.pages import PASSWORD, sign_out

NEW_PASSWORD = "a new browser passphrase"


def test_reset_a_forgotten_password_from_the_login_page(
    page: Page, demo_user: Any, sign_in: Any, site: str, settings: Any, shot: Any
) -> None:
    settings.AUTHSTATE = {**settings.AUTHSTATE, "PASSWORD": {"RESET_BASE_URL": site}}
    page.goto("/login")
    page.click("#forgot-password-link")
    page.fill("#id_email", "demo@example.com")
    page.click("#password-reset-submit")
    expect(page.locator("#reset-sent")).to_be_visible()
    shot(page, "password-reset-sent")
    password_mail.wait()
    [message] = mail.outbox
    link = re.search(r"https?://\S+", message.body).group(0)  # type: ignore[union-attr]
    assert link.startswith(f"{site}/password/reset/")
    page.goto(link)
    page.fill("#id_new_password", NEW_PASSWORD)
    page.click("#password-reset-confirm-submit")
    expect(page.locator("#reset-done")).to_be_visible()
    shot(page, "password-reset-done")
    page.click("#reset-sign-in")
    sign_in(page, password=NEW_PASSWORD)
    expect(page.locator("#username")).to_have_text("demo")
    page.goto(link)
    expect(page.locator("#reset-invalid")).to_be_visible()


def test_change_the_password_from_the_account_pages(
    page: Page, demo_user: Any, sign_in: Any, site: str, settings: Any, shot: Any
) -> None:
    settings.AUTHSTATE = {**settings.AUTHSTATE, "PASSWORD": {"RESET_BASE_URL": site}}
    sign_in(page)
    page.click("#account-logins")
    page.click("#change-password-link")
    page.fill("#id_current_password", "not my password")
    page.fill("#id_new_password", NEW_PASSWORD)
    page.click("#password-change-submit")
    expect(page.locator("#password-error")).to_have_text("The current password is incorrect.")
    page.fill("#id_current_password", PASSWORD)
    page.fill("#id_new_password", NEW_PASSWORD)
    page.click("#password-change-submit")
    expect(page.locator("#password-changed")).to_be_visible()
    shot(page, "password-changed")
    page.goto("/")
    expect(page.locator("#username")).to_have_text("demo")  # this login continues
    sign_out(page)
    sign_in(page, password=PASSWORD)
    expect(page.locator("#login-error")).to_be_visible()
    sign_in(page, password=NEW_PASSWORD)
    expect(page.locator("#username")).to_have_text("demo")
