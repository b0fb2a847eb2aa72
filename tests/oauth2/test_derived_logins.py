"""Client grants get their own (derived) login: revoking them spares the user's login; ending the
user's login ends them. Through the demo's URLs: ``/login``, ``/api/auth``, ``/logout``, ``/api/me``."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.admin.sites import site
from django.core.cache import caches
from django.test import Client, RequestFactory
from django.utils import timezone

from authstate.admin._logins import LoginAdmin, revoke_logins
from authstate.logins import _records as records
from authstate.models import Login
from authstate.models.oauth2 import AUTHENTICATED_USER
from tests.conftest import PASSWORD, bearer
from tests.oauth2.conftest import TOKEN, basic, exchange, post_form, verify

pytestmark = pytest.mark.usefixtures("auth_server")
LOGIN_REVOKED = 401, "login_revoked"


@pytest.fixture
def browser(user: Any) -> Client:
    """A form login: the session is the parent."""
    client = Client()
    assert client.post("/login", {"username": "alice", "password": PASSWORD}).status_code == 302
    return client


def grant(browser: Client, **data: str) -> dict[str, Any]:
    response = post_form(browser, TOKEN, {"grant_type": AUTHENTICATED_USER, **data}, **basic())
    assert response.status_code == 200, response.content
    return dict(response.json())


def me(token: str) -> tuple[int, str | None]:
    response = Client().get("/api/me", **bearer(token))
    return response.status_code, response.json().get("error", {}).get("code")


def revoke(token: str, **extra: str) -> Any:
    return post_form(Client(), "/oauth2/revoke", {"token": token, **extra}, **basic())


def refresh_grant(token: str) -> Any:
    return post_form(Client(), TOKEN, {"grant_type": "refresh_token", "refresh_token": token}, **basic())


@pytest.mark.parametrize("which", ["refresh_token", "access_token"])
def test_revoking_the_clients_token_keeps_the_browser_session(spa: Any, browser: Client, which: str) -> None:
    tokens = grant(browser)
    assert revoke(tokens[which], token_type_hint=which).status_code == 200
    assert browser.get("/api/me").status_code == 200
    assert me(tokens["access_token"]) == LOGIN_REVOKED
    assert refresh_grant(tokens["refresh_token"]).json()["error"] == "invalid_grant"


def test_logout_of_the_session_ends_the_clients_tokens(spa: Any, browser: Client) -> None:
    tokens = grant(browser)
    assert me(tokens["access_token"]) == (200, None)
    assert browser.post("/logout").status_code in (200, 302)
    assert me(tokens["access_token"]) == LOGIN_REVOKED
    assert refresh_grant(tokens["refresh_token"]).json() == {
        "error": "invalid_grant",
        "error_description": "The login has ended.",
    }


def test_revoking_a_ticket_grant_keeps_the_flows_tokens(spa: Any, api: Any, user: Any) -> None:
    body = api.post_json("/api/auth", {"username": "alice", "password": PASSWORD}, HTTP_X_LOGIN_TICKET="spa").json()
    tokens = exchange(Client(), body["login_ticket"]).json()
    assert revoke(tokens["refresh_token"]).status_code == 200
    assert me(body["access_token"]) == (200, None)
    assert me(tokens["access_token"]) == LOGIN_REVOKED


def test_logout_of_a_flow_login_ends_its_grants(spa: Any, api: Any, user: Any) -> None:
    body = api.post_json("/api/auth", {"username": "alice", "password": PASSWORD}, HTTP_X_LOGIN_TICKET="spa").json()
    tokens = exchange(Client(), body["login_ticket"]).json()
    assert api.post("/logout", **bearer(body["access_token"])).status_code == 200
    assert me(tokens["access_token"]) == LOGIN_REVOKED


def test_the_derived_login_copies_the_proof_and_never_outlives_its_parent(spa: Any, browser: Client) -> None:
    parent = Login.objects.get()
    Login.objects.filter(pk=parent.pk).update(amr=["pwd", "otp"], expires_at=timezone.now() + timedelta(hours=1))
    parent.refresh_from_db()
    tokens = grant(browser, device_id="tablet")
    derived = Login.objects.get(pk=verify(tokens["access_token"], Client())["sid"])
    assert (derived.parent_id, derived.flow, derived.state, derived.device_id) == (
        parent.pk,
        "form",
        "oauth2",
        "tablet",
    )
    assert (derived.amr, derived.auth_time, derived.expires_at) == (["pwd", "otp"], parent.auth_time, parent.expires_at)
    assert 3590 <= tokens["refresh_expires_in"] <= 3600
    claims = verify(tokens["refresh_token"], Client(), audience="https://api.example")
    assert claims["exp"] <= parent.expires_at.timestamp()


def test_token_endpoint_access_tokens_carry_gty_also_when_refreshed(spa: Any, browser: Client) -> None:
    tokens = grant(browser)
    assert verify(tokens["access_token"], Client())["gty"] == "authenticated_user"
    refreshed = refresh_grant(tokens["refresh_token"]).json()
    assert verify(refreshed["access_token"], Client())["gty"] == "authenticated_user"


def test_flow_tokens_minted_in_process_carry_no_gty(rest_login: Any) -> None:
    assert "gty" not in verify(rest_login()["access_token"], Client(), audience="default-client")


def test_derived_logins_neither_count_against_the_limit_nor_show_as_devices(spa: Any, browser: Client) -> None:
    """ALLOW_MULTIPLE_LOGINS is false in the demo: a grant evicting the session would log it out."""
    tokens = [grant(browser)["access_token"] for _ in range(2)]
    assert browser.get("/api/me").status_code == 200
    assert [me(token)[0] for token in tokens] == [200, 200]
    listed = browser.get("/api/auth/logins").json()["logins"]
    assert [login["id"] for login in listed] == [browser.session["authstate.login_id"]]


def test_a_new_login_evicting_the_parent_ends_its_grants(spa: Any, browser: Client) -> None:
    tokens = grant(browser)
    Client().post("/login", {"username": "alice", "password": PASSWORD})
    assert me(tokens["access_token"]) == LOGIN_REVOKED


def test_password_change_ends_the_grants_of_every_login(spa: Any, browser: Client, user: Any) -> None:
    tokens = grant(browser)
    user.set_password("a brand new password")
    user.save()
    assert me(tokens["access_token"]) == LOGIN_REVOKED
    assert set(Login.objects.values_list("revoked_reason", flat=True)) == {"password_changed"}


def test_logout_everywhere_keeping_the_current_login_keeps_its_grants(spa: Any, browser: Client) -> None:
    mine = grant(browser)["access_token"]
    parent = browser.session["authstate.login_id"]
    assert records.revoke_all(Login.objects.get(pk=parent).user, "logout_all", keep=parent) == 0
    assert me(mine) == (200, None)


def test_logout_everywhere_from_a_grant_spares_its_parent_but_not_its_siblings(spa: Any, browser: Client) -> None:
    first, second = grant(browser)["access_token"], grant(browser)["access_token"]
    sid = verify(first, Client())["sid"]
    assert records.revoke_all(Login.objects.get(pk=sid).user, "logout_all", keep=sid) == 1
    assert (me(first)[0], me(second), browser.get("/api/me").status_code) == (200, LOGIN_REVOKED, 200)


def test_a_derived_login_whose_parent_ended_is_never_active(spa: Any, browser: Client) -> None:
    """Even if the cascade never ran (a row edited by hand), the row's fallback checks the parent."""
    tokens = grant(browser)
    Login.objects.filter(parent__isnull=True).update(revoked_at=timezone.now())
    caches["default"].clear()
    assert me(tokens["access_token"]) == LOGIN_REVOKED
    assert refresh_grant(tokens["refresh_token"]).json()["error"] == "invalid_grant"


def test_admin_revoke_of_the_parent_ends_its_grants(spa: Any, browser: Client, admin_user: Any) -> None:
    tokens = grant(browser)
    request = RequestFactory().post("/admin/")
    request.user = admin_user
    model_admin = LoginAdmin(Login, site)
    model_admin.message_user = lambda *args, **kwargs: None  # type: ignore[method-assign]
    revoke_logins(model_admin, request, Login.objects.filter(parent__isnull=True))
    assert me(tokens["access_token"]) == LOGIN_REVOKED
    assert Login.objects.filter(revoked_reason="admin").count() == 2


def test_admin_delete_of_the_parent_ends_its_grants(spa: Any, browser: Client, admin_client: Any) -> None:
    tokens = grant(browser)
    parent = Login.objects.get(parent__isnull=True, user__username="alice")
    data = {"action": "delete_selected", "_selected_action": [parent.pk], "post": "yes"}
    assert admin_client.post("/admin/authstate/login/", data).status_code == 302
    assert not Login.objects.filter(user__username="alice").exists()
    assert me(tokens["access_token"]) == LOGIN_REVOKED
    assert browser.get("/api/me").status_code in (401, 403)


def test_a_clients_refresh_token_does_not_refresh_at_the_first_party_endpoint(spa: Any, browser: Client) -> None:
    """A derived login has no first-party refresh family: its refresh token is refused at
    ``/api/auth/refresh`` and rotates nothing; the client's own grant still works."""
    tokens = grant(browser)
    response = Client().post(
        "/api/auth/refresh", {"refresh_token": tokens["refresh_token"]}, content_type="application/json"
    )
    assert response.status_code == 401
    assert not Login.objects.filter(refresh_expires_at__isnull=False).exists()
    assert refresh_grant(tokens["refresh_token"]).status_code == 200
