"""Issue 18, finding 7: ``authstate.js`` keeps credentials on the API origin, and tabs sharing a
refresh credential never present a rotated-out refresh token (reuse detection would log them out).
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page, Route, expect

from authstate.models import Login
from tests.browser.test_js_client import set_authstate, sign_in_with_totp, totp_secret

__all__ = ["set_authstate", "totp_secret"]

OTHER = "http://other-origin.test"
CORS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, POST, PUT, DELETE",
    "Access-Control-Allow-Headers": "authorization, x-csrftoken, content-type, accept, x-device-id",
}


@pytest.fixture
def other_origin(page: Page) -> list[dict[str, str]]:
    """A second origin that answers every request (preflights included) with ``401`` and records
    what it was sent: a hostile or merely third-party API the page also talks to."""
    seen: list[dict[str, str]] = []

    def answer(route: Route) -> None:
        seen.append({**route.request.headers, ":method": route.request.method})
        status = 204 if route.request.method == "OPTIONS" else 401
        route.fulfill(status=status, headers=CORS, body="" if status == 204 else '{"error": "nope"}')

    page.route(f"{OTHER}/**", answer)
    return seen


def test_a_cross_origin_fetch_carries_no_credentials(page: Page, totp_secret: str, other_origin: Any) -> None:
    sign_in_with_totp(page, totp_secret)
    refreshes: list[str] = []
    page.on("request", lambda request: refreshes.append(request.url) if "/api/auth/refresh" in request.url else None)
    first = page.evaluate("demoAuth.accessToken()")
    for method in ("GET", "POST"):
        status = page.evaluate(f"demoAuth.fetch('{OTHER}/collect', {{method: '{method}'}}).then(r => r.status)")
        assert status == 401
    assert other_origin, "the other origin was reached"
    for headers in other_origin:
        assert "authorization" not in headers
        assert "x-csrftoken" not in headers
        assert "authorization" not in headers.get("access-control-request-headers", "")
    assert refreshes == []  # another origin's 401 is not ours to refresh for
    assert page.evaluate("demoAuth.accessToken()") == first
    # the API origin still gets the token
    assert page.evaluate("demoAuth.fetch('/api/me').then(r => r.status)") == 200


def test_an_allowlisted_api_origin_gets_the_token(page: Page, totp_secret: str, other_origin: Any) -> None:
    sign_in_with_totp(page, totp_secret)
    page.evaluate(f"demoAuth.origins.push('{OTHER}')")  # as createClient({{apiOrigins: [...]}}) would
    page.evaluate(f"demoAuth.fetch('{OTHER}/api', {{retry: false}}).then(r => r.status)")
    sent = [h for h in other_origin if h[":method"] != "OPTIONS"]
    assert sent and sent[-1]["authorization"].startswith("Bearer ")


def open_second_tab(context: BrowserContext) -> Page:
    second = context.new_page()
    second.goto("/spa/")
    expect(second.locator("#spa-home")).to_be_visible()
    return second


def refresh_in_both(first: Page, second: Page) -> None:
    """Start both refreshes before either answers, then wait for both."""
    for tab in (first, second):
        tab.evaluate("window.__refresh = demoAuth.refresh().then(b => b.status, e => 'failed:' + e.code)")
    for tab in (first, second):
        assert tab.evaluate("window.__refresh") == "AUTHENTICATED"


def still_signed_in(tab: Page) -> bool:
    return bool(tab.evaluate("demoAuth.fetch('/api/me').then(r => r.status)") == 200)


#: Without Web Locks and BroadcastChannel: the localStorage lease and the ``storage`` event.
WITHOUT_LOCKS = "delete window.BroadcastChannel; Object.defineProperty(navigator, 'locks', {value: undefined});"


@pytest.mark.parametrize(("rounds", "apis"), [(1, "modern"), (3, "modern"), (2, "fallback")])
def test_two_tabs_refreshing_at_once_stay_signed_in(
    page: Page, context: BrowserContext, totp_secret: str, set_authstate: Any, rounds: int, apis: str
) -> None:
    if apis == "fallback":
        context.add_init_script(WITHOUT_LOCKS)
    set_authstate(TOKEN_PERSISTENCE="localStorage", REFRESH_ROTATE_THRESHOLD=604800000)  # every refresh rotates
    sign_in_with_totp(page, totp_secret)
    second = open_second_tab(context)
    if apis == "fallback":
        assert page.evaluate("typeof BroadcastChannel + typeof navigator.locks") == "undefinedundefined"
    for _ in range(rounds):
        refresh_in_both(page, second)
    assert still_signed_in(page) and still_signed_in(second)
    assert page.evaluate("demoAuth.accessToken()") == second.evaluate("demoAuth.accessToken()")
    assert Login.objects.filter(revoked_at__isnull=True).count() == 1


def test_tabs_sharing_the_refresh_cookie_share_its_rotation(
    page: Page, context: BrowserContext, totp_secret: str, set_authstate: Any
) -> None:
    set_authstate(
        TOKEN_TRANSPORT_TYPE="HEADER_COOKIE", OAUTH2_CSRF=True, COOKIE_SECURE=False, REFRESH_ROTATE_THRESHOLD=604800000
    )
    sign_in_with_totp(page, totp_secret)
    second = open_second_tab(context)  # memory persistence: this tab got its token from the cookie
    refresh_in_both(page, second)
    refresh_in_both(second, page)
    assert still_signed_in(page) and still_signed_in(second)
    assert Login.objects.filter(revoked_at__isnull=True).count() == 1


def test_signing_out_in_one_tab_signs_out_the_other(
    page: Page, context: BrowserContext, totp_secret: str, set_authstate: Any
) -> None:
    set_authstate(TOKEN_PERSISTENCE="localStorage")
    sign_in_with_totp(page, totp_secret)
    second = open_second_tab(context)
    page.click("#spa-logout")
    expect(second.locator("#spa-login")).to_be_visible()
