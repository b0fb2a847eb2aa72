"""The HTML MFA flow in a real browser: TOTP set up from the page, recovery codes, a wrong code
(the passkey as a second factor is in ``test_passkeys``)."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page, expect

from tests.browser.pages import sign_out
from tests.browser.totp import step_now, totp


def enroll_totp(page: Page) -> str:
    """Set up the authenticator app from the page; return the secret the page showed."""
    page.goto("/mfa/setup/totp")
    secret = page.locator("#totp-secret").inner_text()
    page.fill("#id_code", totp(secret, step_now()))
    page.click("#totp-confirm")
    expect(page.locator("#mfa-devices")).to_contain_text("Authenticator app")
    return secret


def choose(page: Page, factor: str) -> None:
    page.check(f"#factor-{factor}")
    page.click("#mfa-choose-submit")
    expect(page.locator("#mfa-verify-form")).to_be_visible()


def mfa_password_step(page: Page, sign_in: Any) -> None:
    sign_in(page, path="/mfa/login")
    expect(page.locator("#mfa-choose-form")).to_be_visible()


def test_totp_enrolled_from_the_page_then_mfa_login(page: Page, demo_user: Any, sign_in: Any, shot: Any) -> None:
    sign_in(page)
    page.goto("/mfa/setup/totp")
    shot(page, "mfa-totp-setup")
    secret = enroll_totp(page)
    shot(page, "mfa-setup-with-totp")
    sign_out(page)

    mfa_password_step(page, sign_in)
    shot(page, "mfa-choose-factor")
    choose(page, "totp")
    page.fill("#id_code", totp(secret, step_now() + 1))  # the setup code's step is spent (replay guard)
    page.click("#mfa-verify-submit")
    expect(page.locator("#username")).to_have_text("demo")
    shot(page, "mfa-totp-signed-in")
    me = page.context.request.get("/api/me").json()
    assert (me["state"], me["flow"]) == ("session", "mfa")


def test_wrong_code_shows_the_attempts_left(page: Page, demo_user: Any, sign_in: Any, shot: Any) -> None:
    sign_in(page)
    secret = enroll_totp(page)
    sign_out(page)
    mfa_password_step(page, sign_in)
    choose(page, "totp")
    valid = {totp(secret, step_now() + delta) for delta in (-1, 0, 1, 2)}
    wrong = next(code for code in ("000000", "111111", "222222", "333333", "444444") if code not in valid)
    page.fill("#id_code", wrong)
    page.click("#mfa-verify-submit")
    expect(page.locator("#mfa-error")).to_have_text("The code is incorrect. 4 attempts left.")
    shot(page, "mfa-wrong-code")
    assert page.context.request.get("/api/me").status in {401, 403}


def test_recovery_codes_work_once(page: Page, demo_user: Any, sign_in: Any, shot: Any) -> None:
    sign_in(page)
    enroll_totp(page)
    page.goto("/mfa/setup/recovery-codes")
    page.click("#recovery-generate")
    codes = page.locator("#recovery-codes").inner_text().split()
    assert len(codes) >= 5 and len(set(codes)) == len(codes)
    shot(page, "mfa-recovery-codes")
    sign_out(page)

    mfa_password_step(page, sign_in)
    choose(page, "recovery")
    page.fill("#id_code", codes[0])
    page.click("#mfa-verify-submit")
    expect(page.locator("#username")).to_have_text("demo")
    sign_out(page)

    mfa_password_step(page, sign_in)
    choose(page, "recovery")
    page.fill("#id_code", codes[0])
    page.click("#mfa-verify-submit")
    expect(page.locator("#mfa-error")).to_contain_text("attempts left")
    shot(page, "mfa-recovery-code-reused")
