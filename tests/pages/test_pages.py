"""Part 6 of issue 14, server side: GET /logout, the signed-out-elsewhere notice and
``login_revoked`` for sessions, the logins page, MFA steps, recovery codes, the account header."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from django.test import Client
from django.utils import timezone

from authstate.templatetags.authstate_pages import ago, clock
from tests.conftest import PASSWORD

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:126.0) Gecko/20100101 Firefox/126.0"
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1"
)
NOTICE = "You were signed out because you signed in elsewhere."


def sign_in(client: Client, **headers: str) -> None:
    response = client.post("/login", {"username": "alice", "password": PASSWORD}, **headers)
    assert response.status_code == 302


def test_get_logout_in_a_browser_shows_a_confirmation_with_a_post_form(client: Client, user: Any) -> None:
    sign_in(client)
    page = client.get("/logout?next=/account/logins", HTTP_ACCEPT="text/html,application/xhtml+xml")
    html = page.content.decode()
    assert page.status_code == 200 and page["Content-Type"].startswith("text/html")
    assert '<form method="post" action="" id="logout-form">' in html and 'name="csrfmiddlewaretoken"' in html
    assert 'name="next" value="/account/logins"' in html
    assert client.get("/api/me").status_code == 200  # asking did not sign out
    assert client.post("/logout").status_code == 302
    assert client.get("/api/me").status_code == 401


def test_get_logout_drops_an_off_site_next(client: Client, db: Any) -> None:
    html = client.get("/logout?next=https://evil.example/", HTTP_ACCEPT="text/html").content.decode()
    assert "evil.example" not in html


def test_get_logout_stays_405_for_json_and_bearer_callers(client: Client, rest_login: Any) -> None:
    token = rest_login()["access_token"]
    for headers in ({"HTTP_ACCEPT": "application/json"}, {"HTTP_AUTHORIZATION": f"Bearer {token}"}):
        response = client.get("/logout", **headers)
        assert response.status_code == 405
        assert response.json()["error"]["code"] == "method_not_allowed"


def test_an_evicted_session_answers_login_revoked_once_on_json(user: Any) -> None:
    first, second = Client(), Client()
    sign_in(first)
    sign_in(second)  # one login per user by default: the first browser's login is evicted
    revoked = first.get("/api/me", HTTP_ACCEPT="application/json")
    assert (revoked.status_code, revoked.json()["error"]["code"]) == (401, "login_revoked")
    assert first.get("/api/me").json()["error"]["code"] == "not_authenticated"  # the session is gone now
    assert second.get("/api/me").status_code == 200


def test_an_evicted_browser_is_told_why_on_the_login_page_once(user: Any) -> None:
    first, second = Client(), Client()
    sign_in(first)
    sign_in(second)
    assert first.get("/account/logins")["Location"].startswith("/login")
    assert NOTICE in first.get("/login").content.decode()
    assert NOTICE not in first.get("/login").content.decode()  # shown once
    assert NOTICE not in second.get("/login").content.decode()


def test_signing_out_yourself_shows_no_notice(client: Client, user: Any) -> None:
    sign_in(client)
    client.post("/logout")
    assert NOTICE not in client.get("/login").content.decode()
    assert "signed-out-notice" not in client.get("/login").content.decode()


def test_a_forged_login_cookie_is_ignored(client: Client, user: Any) -> None:
    client.cookies["authstate_login"] = "not-signed"
    client.cookies["sessionid"] = "gone"
    assert "signed-out-notice" not in client.get("/login").content.decode()


def test_logins_page_shows_device_names_and_human_times(client: Client, user: Any) -> None:
    sign_in(client, HTTP_USER_AGENT=IPHONE)
    html = client.get("/account/logins", HTTP_USER_AGENT=IPHONE).content.decode()
    assert "Mobile Safari on iOS" in html
    assert '<time datetime="' in html and "just now" in html
    assert 'class="login-list"' in html and "<table" not in html


def test_device_names_from_user_agents() -> None:
    from authstate.logins._listing import device_name

    assert device_name(FIREFOX) == "Firefox on Linux"
    assert device_name(IPHONE) == "Mobile Safari on iOS"
    assert device_name("") is None


def test_human_times() -> None:
    now = timezone.now()
    assert ago(now) == "just now"
    assert ago(now - timedelta(minutes=2, seconds=5)) == "2\xa0minutes ago"
    assert ago(None) == ""
    assert (clock(599.6), clock(61), clock(-3)) == ("9:59", "1:01", "0:00")


def test_account_pages_have_home_and_a_sign_out_form(client: Client, user: Any) -> None:
    sign_in(client)
    for path in ("/account/logins", "/mfa/setup/", "/password/change", "/reauthenticate"):
        html = client.get(path).content.decode()
        assert 'id="home-link"' in html, path
        assert '<form method="post" action="/logout" class="inline" id="sign-out-form">' in html, path


def test_mfa_pages_show_the_step_a_fieldset_and_the_time_left(client: Client, totp_device: Any) -> None:
    client.post("/mfa/login", {"username": "alice", "password": PASSWORD})
    html = client.get("/mfa/choose").content.decode()
    assert "Step 2 of 2" in html
    assert '<fieldset id="mfa-factors">' in html and "<legend>" in html
    assert re.search(
        r'<time datetime="[^"]+" data-countdown="%\(time\)s"[^>]*id="mfa-countdown">(10:00|9:\d\d)</time>', html
    )
    client.post("/mfa/choose", {"factor": "totp"})
    html = client.get("/mfa/verify").content.decode()
    assert "Step 2 of 2" in html and 'id="mfa-countdown"' in html


def test_recovery_codes_can_be_copied_and_downloaded(client: Client, user: Any, clock: Any) -> None:
    from tests.mfa.test_enrollment import code_for

    sign_in(client)
    secret = client.get("/mfa/setup/totp").context["secret"]
    client.post("/mfa/setup/totp", {"code": code_for(secret, clock.now)})
    response = client.post("/mfa/setup/recovery-codes")
    html = response.content.decode()
    first = response.context["codes"][0]
    assert 'id="recovery-copy" data-copy-target="recovery-codes"' in html
    assert 'download="recovery-codes.txt"' in html and f"data:text/plain;charset=utf-8,{first}%0A" in html


def test_pages_carry_no_inline_script(client: Client, user: Any) -> None:
    sign_in(client)
    for path in ("/login", "/account/logins", "/mfa/setup/"):
        html = client.get(path).content.decode()
        assert "<script>" not in html and "<style>" not in html, path
