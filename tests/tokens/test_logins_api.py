"""Login management: the JSON API in both states, the HTML page for sessions, cleanup."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from authstate.models import Login
from tests.conftest import JsonClient, bearer


@pytest.fixture(autouse=True)
def _many(configure: Any) -> None:
    configure(ALLOW_MULTIPLE_LOGINS=True, MAX_CONCURRENT_LOGINS=5)


FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:126.0) Gecko/20100101 Firefox/126.0"


def test_list_own_logins(token_login: Any, make_user: Any) -> None:
    client, first = token_login(JsonClient(HTTP_USER_AGENT=FIREFOX), device_id="laptop")
    token_login()
    make_user("bob")
    token_login(username="bob")
    response = client.get("/api/auth/logins", **bearer(first.json()["access_token"]))
    assert response.status_code == 200
    logins = response.json()["logins"]
    assert len(logins) == 2
    mine = next(login for login in logins if login["current"])
    assert set(mine) == {
        "id", "flow", "state", "device_id", "ip_address", "user_agent", "device",
        "created_at", "last_seen_at", "expires_at", "current",
    }  # fmt: skip
    assert mine["device"] == "Firefox on Linux"  # parsed from the user agent (ua-parser)
    assert (mine["device_id"], mine["flow"], mine["state"], mine["ip_address"]) == (
        "laptop",
        "rest",
        "oauth2",
        "127.0.0.1",
    )
    assert [login["current"] for login in logins].count(True) == 1


def test_delete_another_login(token_login: Any) -> None:
    client, first = token_login()
    _, second = token_login()
    headers = bearer(first.json()["access_token"])
    other = next(login for login in client.get("/api/auth/logins", **headers).json()["logins"] if not login["current"])
    response = client.delete(f"/api/auth/logins/{other['id']}", **headers)
    assert response.json() == {"status": "REVOKED", "id": other["id"]}
    assert client.get("/api/me", **bearer(second.json()["access_token"])).status_code == 401
    assert client.get("/api/me", **headers).status_code == 200


def test_delete_someone_elses_login_is_404(token_login: Any, make_user: Any) -> None:
    client, mine = token_login()
    make_user("bob")
    _, bob = token_login(username="bob")
    bob_login = Login.objects.get(user__username="bob")
    response = client.delete(f"/api/auth/logins/{bob_login.pk}", **bearer(mine.json()["access_token"]))
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert client.get("/api/me", **bearer(bob.json()["access_token"])).status_code == 200


def test_delete_current_login_logs_out(configure: Any, token_login: Any) -> None:
    configure(ALLOW_MULTIPLE_LOGINS=True, TOKEN_TRANSPORT_TYPE="COOKIE")
    client, _ = token_login()
    current = client.get("/api/auth/logins").json()["logins"][0]
    response = client.delete(f"/api/auth/logins/{current['id']}")
    assert response.status_code == 200
    assert response.cookies["authstate_access"]["max-age"] == 0
    assert client.get("/api/me").status_code == 401


@pytest.mark.parametrize("keep_current", [False, True])
def test_logout_all(token_login: Any, session_login: Any, keep_current: bool) -> None:
    client, first = token_login()
    browser, _ = session_login()
    headers = bearer(first.json()["access_token"])
    response = client.post_json("/api/auth/logout-all", {"keep_current": keep_current}, **headers)
    assert response.json() == {
        "status": "LOGGED_OUT",
        "revoked": 1 if keep_current else 2,
        "current_kept": keep_current,
    }
    assert (client.get("/api/me", **headers).status_code == 200) is keep_current
    assert browser.get("/api/me").status_code in (401, 403)


def test_logout_all_from_a_session(session_login: Any, token_login: Any, csrf_client: Any) -> None:
    csrf_client.get("/login")
    csrf = csrf_client.cookies["csrftoken"].value
    browser, _ = session_login(csrf_client, HTTP_X_CSRFTOKEN=csrf)
    _, token = token_login()
    csrf = browser.cookies["csrftoken"].value  # rotated by the login
    refused = browser.post("/api/auth/logout-all", {}, content_type="application/json")
    assert refused.status_code == 403
    response = browser.post("/api/auth/logout-all", {}, content_type="application/json", HTTP_X_CSRFTOKEN=csrf)
    assert response.json()["revoked"] == 2
    assert browser.get("/api/me").status_code in (401, 403)
    assert browser.get("/api/me", **bearer(token.json()["access_token"])).status_code == 401


def test_logins_require_authentication(api: Any, db: Any) -> None:
    assert api.get("/api/auth/logins").status_code in (401, 403)
    assert api.post_json("/api/auth/logout-all").status_code in (401, 403)


def test_html_page_lists_and_revokes(session_login: Any, token_login: Any) -> None:
    browser, _ = session_login()
    _, token = token_login(device_id="phone-7")
    page = browser.get("/account/logins")
    assert page.status_code == 200
    assert b"phone-7" in page.content and b"This browser" in page.content
    phone = Login.objects.get(device_id="phone-7")
    assert browser.post("/account/logins", {"revoke": phone.pk}).status_code == 302
    assert browser.get("/api/me", **bearer(token.json()["access_token"])).status_code == 401
    assert browser.post("/account/logins", {"revoke": "all"}).status_code == 302
    assert browser.get("/account/logins").status_code == 302  # logged out: to the login page


def test_html_page_is_for_sessions_only(token_login: Any, api: Any) -> None:
    _, token = token_login()
    response = api.get("/account/logins", **bearer(token.json()["access_token"]))
    assert response.status_code == 401


def test_cleanup_purges_expired_and_old_revoked(token_login: Any, capsys: Any) -> None:
    for _ in range(4):
        token_login()
    expired, old_revoked, recent_revoked, active = Login.objects.order_by("created_at")
    now = timezone.now()
    Login.objects.filter(pk=expired.pk).update(expires_at=now - timedelta(seconds=1))
    Login.objects.filter(pk=old_revoked.pk).update(revoked_at=now - timedelta(days=2))
    Login.objects.filter(pk=recent_revoked.pk).update(revoked_at=now - timedelta(hours=1))
    call_command("authstate_cleanup")
    assert "purge_logins: 2 removed" in capsys.readouterr().out
    assert set(Login.objects.values_list("pk", flat=True)) == {recent_revoked.pk, active.pk}
