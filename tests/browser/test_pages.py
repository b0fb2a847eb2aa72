"""Every page at 1280 and 390 px wide: a screenshot of each, axe-core on each (no serious or
critical violation), no horizontal overflow; then what issue 14 part 6 asked of the pages in a
real browser: GET /logout, the signed-out-elsewhere notice, the logins page at 390 px, the MFA
step, fieldset and live countdown, recovery codes copy and download."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from tests.browser.pages import sign_out
from tests.browser.test_mfa import enroll_totp

WIDTHS = (1280, 390)
BLOCKING = ("serious", "critical")
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1"
)
SIGNED_IN_PAGES = {
    "home": "/",
    "logins": "/account/logins",
    "mfa-setup": "/mfa/setup/",
    "mfa-setup-totp": "/mfa/setup/totp",
    "mfa-setup-email": "/mfa/setup/email",
    "recovery-codes-make": "/mfa/setup/recovery-codes",
    "passkeys": "/mfa/setup/passkeys",
    "password-change": "/password/change",
    "reauthenticate": "/reauthenticate",
    "logout-confirm": "/logout",
}
ANONYMOUS_PAGES = {
    "login": "/login",
    "mfa-login": "/mfa/login",
    "passkey-login": "/login/webauthn",
    "password-reset": "/password/reset",
    "password-reset-invalid": "/password/reset/bad/link/",
}


@pytest.fixture(scope="session")
def axe() -> Axe:
    return Axe()


@pytest.fixture
def check(axe: Axe, shot: Any) -> Callable[[Page, str], None]:
    """At each width: screenshot ``pages-<name>-<width>``, axe-core, and no sideways scrolling."""

    def run(page: Page, name: str) -> None:
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 800})
            shot(page, f"pages-{name}-{width}")
            blocking = [
                f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']]}"
                for v in axe.run(page).response["violations"]
                if v["impact"] in BLOCKING
            ]
            assert blocking == [], f"{name} at {width}px"
            assert not overflows(page), f"{name} scrolls sideways at {width}px"

    return run


def overflows(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth > window.innerWidth"))


def test_every_page_at_both_widths_passes_axe(page: Page, demo_user: Any, sign_in: Any, check: Any) -> None:
    sign_in(page)
    enroll_totp(page)
    for name, path in SIGNED_IN_PAGES.items():
        page.goto(path)
        check(page, name)
    page.goto("/mfa/setup/recovery-codes")
    page.click("#recovery-generate")
    expect(page.locator("#recovery-codes")).to_be_visible()
    check(page, "recovery-codes-shown")
    sign_out(page)
    for name, path in ANONYMOUS_PAGES.items():
        page.goto(path)
        check(page, name)
    sign_in(page, path="/mfa/login")
    check(page, "mfa-choose")
    page.check("#factor-totp")
    page.click("#mfa-choose-submit")
    expect(page.locator("#mfa-verify-form")).to_be_visible()
    check(page, "mfa-verify")


def test_logins_page_reads_at_390_px(browser: Browser, site: str, demo_user: Any, sign_in: Any, shot: Any) -> None:
    phone = browser.new_context(base_url=site, viewport={"width": 390, "height": 844}, user_agent=IPHONE)
    try:
        page = phone.new_page()
        sign_in(page)
        page.goto("/account/logins")
        expect(page.locator(".login-card .device").first).to_have_text("Mobile Safari on iOS")
        expect(page.locator(".login-card time").first).to_have_text("just now")
        assert page.locator(".login-card time").first.get_attribute("datetime")
        assert not overflows(page)
        card = page.locator(".login-card").first.bounding_box()
        assert card is not None and card["x"] >= 0 and card["x"] + card["width"] <= 390
        shot(page, "pages-logins-phone")
    finally:
        phone.close()


def test_logins_cards_stay_inside_the_card_on_desktop(page: Page, demo_user: Any, sign_in: Any) -> None:
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in(page)
    page.goto("/account/logins")
    inside = page.evaluate(
        """() => { const main = document.querySelector('main').getBoundingClientRect();
        return [...document.querySelectorAll('.login-card, .login-card *')].every(el => {
          const box = el.getBoundingClientRect(); return box.right <= main.right + 0.5; }); }"""
    )
    assert inside


def test_get_logout_shows_a_form_that_signs_out(page: Page, demo_user: Any, sign_in: Any, shot: Any) -> None:
    sign_in(page)
    page.goto("/logout")
    expect(page.locator("#logout-form")).to_be_visible()
    shot(page, "pages-logout")
    page.click("#logout-confirm")
    expect(page.locator("#form-login")).to_be_visible()


def test_signed_out_elsewhere_notice(
    browser: Browser, page: Page, site: str, demo_user: Any, sign_in: Any, shot: Any
) -> None:
    sign_in(page)
    other = browser.new_context(base_url=site)
    try:
        sign_in(other.new_page())  # one login per user: this evicts the first browser's login
    finally:
        other.close()
    page.goto("/account/logins")
    expect(page.locator("#signed-out-notice")).to_contain_text("because you signed in elsewhere")
    shot(page, "pages-signed-out-elsewhere")
    page.reload()
    expect(page.locator("#signed-out-notice")).to_have_count(0)


def test_mfa_pages_show_the_step_the_factor_fieldset_and_a_live_countdown(
    page: Page, demo_user: Any, sign_in: Any
) -> None:
    sign_in(page)
    enroll_totp(page)
    sign_out(page)
    sign_in(page, path="/mfa/login")
    expect(page.locator("#mfa-step")).to_contain_text("Step 2 of 2")
    expect(page.locator("fieldset#mfa-factors > legend")).to_be_visible()
    countdown = page.locator("#mfa-countdown")
    first = countdown.inner_text()
    page.wait_for_timeout(1500)
    assert countdown.inner_text() != first  # pages.js counts down
    page.check("#factor-totp")
    page.click("#mfa-choose-submit")
    expect(page.locator("#mfa-step")).to_contain_text("Step 2 of 2")


def test_recovery_codes_copy_and_download(page: Page, demo_user: Any, sign_in: Any) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    sign_in(page)
    enroll_totp(page)
    page.goto("/mfa/setup/recovery-codes")
    page.click("#recovery-generate")
    codes = page.locator("#recovery-codes").inner_text().split()
    page.click("#recovery-copy")
    expect(page.locator("#recovery-copy-status")).to_have_text("Copied to the clipboard.")
    assert page.evaluate("navigator.clipboard.readText()").split() == codes
    with page.expect_download() as download:
        page.click("#recovery-download")
    assert download.value.suggested_filename == "recovery-codes.txt"
    assert open(download.value.path()).read().split() == codes
