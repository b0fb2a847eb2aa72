"""The authenticated-user grant: proof of a completed login, client authentication, scopes."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from authstate.models import Login, LoginTicket
from authstate.models.oauth2 import AUTHENTICATED_USER
from authstate.oauth2._tickets import digest
from tests.conftest import PASSWORD
from tests.oauth2.conftest import SECRET, TOKEN, basic, exchange, post_form, verify

pytestmark = pytest.mark.usefixtures("auth_server")


def test_ticket_is_exchanged_for_tokens_that_verify_against_the_jwks(spa: Any, ticket_for: Any) -> None:
    ticket = ticket_for(device_id="phone-1")
    response = exchange(Client(), ticket)
    assert response.status_code == 200, response.content
    body = response.json()
    assert sorted(body) == ["access_token", "expires_in", "refresh_expires_in", "refresh_token", "scope", "token_type"]
    assert (body["token_type"], body["scope"], body["expires_in"]) == ("Bearer", "read", 3600)
    assert response["Cache-Control"] == "no-store"
    claims = verify(body["access_token"], Client())
    login = Login.objects.get(pk=claims["sid"])
    assert claims["aud"] == ["spa", "https://api.example"]
    assert (claims["client_id"], claims["scopes"], claims["device_id"]) == ("spa", ["read"], "phone-1")
    assert claims["sub"] == str(login.user.pk)


def test_client_secret_post_is_accepted(spa: Any, ticket_for: Any) -> None:
    ticket = ticket_for()
    data = {"grant_type": AUTHENTICATED_USER, "login_ticket": ticket, "client_id": "spa", "client_secret": SECRET}
    response = post_form(Client(), TOKEN, data)
    assert response.status_code == 200, response.content


def test_a_username_alone_is_never_enough(spa: Any, user: Any) -> None:
    response = post_form(Client(), TOKEN, {"grant_type": AUTHENTICATED_USER, "username": "alice"}, **basic())
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"
    assert not Login.objects.exists()


@pytest.mark.parametrize(
    ("client_id", "secret"),
    [("spa", "wrong"), ("nobody", SECRET), ("spa", "")],
)
def test_bad_client_or_secret_is_invalid_client(spa: Any, ticket_for: Any, client_id: str, secret: str) -> None:
    response = exchange(Client(), ticket_for(), client_id=client_id, secret=secret)
    assert response.status_code == 401
    assert response.json() == {"error": "invalid_client", "error_description": "Client authentication failed."}
    assert response["WWW-Authenticate"] == 'Basic realm="oauth2"'


def test_inactive_client_is_invalid_client(spa: Any, ticket_for: Any) -> None:
    ticket = ticket_for()
    spa.is_active = False
    spa.save()
    assert exchange(Client(), ticket).json()["error"] == "invalid_client"


def test_two_authentication_methods_at_once_are_refused(spa: Any, ticket_for: Any) -> None:
    data = {"grant_type": AUTHENTICATED_USER, "login_ticket": ticket_for(), "client_secret": SECRET}
    response = post_form(Client(), TOKEN, data, **basic())
    assert (response.status_code, response.json()["error"]) == (400, "invalid_request")


def test_a_ticket_works_once(spa: Any, ticket_for: Any) -> None:
    ticket = ticket_for()
    assert exchange(Client(), ticket).status_code == 200
    again = exchange(Client(), ticket)
    assert again.status_code == 400
    assert again.json() == {
        "error": "invalid_grant",
        "error_description": "The login ticket is unknown or was already used.",
    }


def test_an_expired_ticket_is_invalid_grant(spa: Any, ticket_for: Any) -> None:
    ticket = ticket_for()
    LoginTicket.objects.filter(digest=digest(ticket)).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = exchange(Client(), ticket)
    assert response.json() == {"error": "invalid_grant", "error_description": "The login ticket has expired."}


def test_a_ticket_of_another_client_is_refused_and_burnt(spa: Any, make_client: Any, ticket_for: Any) -> None:
    make_client("other", "other-secret")
    ticket = ticket_for("other")
    wrong = exchange(Client(), ticket)
    assert wrong.json() == {
        "error": "invalid_grant",
        "error_description": "The login ticket was issued to another client.",
    }
    assert exchange(Client(), ticket, client_id="other", secret="other-secret").json()["error"] == "invalid_grant"


def test_ticket_of_a_revoked_login_is_invalid_grant(spa: Any, ticket_for: Any) -> None:
    ticket = ticket_for()
    Login.objects.update(revoked_at=timezone.now())
    assert exchange(Client(), ticket).json() == {"error": "invalid_grant", "error_description": "The login has ended."}


def test_scope_escalation_is_invalid_scope(make_client: Any, ticket_for: Any) -> None:
    make_client(scopes="read openid")
    response = exchange(Client(), ticket_for(), scope="read admin")
    assert response.json() == {"error": "invalid_scope", "error_description": "Scope not allowed: admin."}


def test_requested_scopes_within_the_clients_are_granted(spa: Any, ticket_for: Any) -> None:
    body = exchange(Client(), ticket_for(), scope="write read").json()
    assert body["scope"] == "write read"
    assert verify(body["access_token"], Client())["scopes"] == ["write", "read"]


def test_openid_adds_an_id_token(spa: Any, ticket_for: Any) -> None:
    body = exchange(Client(), ticket_for(), scope="openid profile").json()
    claims = verify(body["id_token"], Client())
    access = verify(body["access_token"], Client())
    assert (claims["aud"], claims["azp"], claims["sub"], claims["sid"]) == ("spa", "spa", access["sub"], access["sid"])
    assert "token_type" not in claims
    # How and when the user proved who they are: the login the ticket came from (a password login).
    assert (claims["amr"], access["amr"]) == (["pwd"], ["pwd"])
    assert claims["auth_time"] == access["auth_time"] <= access["iat"]


def test_the_id_token_is_not_an_access_token(spa: Any, ticket_for: Any) -> None:
    body = exchange(Client(), ticket_for(), scope="openid").json()
    response = Client().get("/api/me", HTTP_AUTHORIZATION=f"Bearer {body['id_token']}")
    assert response.status_code == 401


def test_session_is_proof_and_tokens_get_a_login_derived_from_it(spa: Any, user: Any) -> None:
    browser = Client()
    assert browser.post("/login", {"username": "alice", "password": PASSWORD}).status_code == 302
    response = post_form(browser, TOKEN, {"grant_type": AUTHENTICATED_USER}, **basic())
    assert response.status_code == 200, response.content
    sid = verify(response.json()["access_token"], Client())["sid"]
    assert Login.objects.get(pk=sid).parent_id == browser.session["authstate.login_id"]
    browser.post("/logout")
    assert Client().get("/api/me", HTTP_AUTHORIZATION=f"Bearer {response.json()['access_token']}").status_code == 401


def test_a_session_without_an_authstate_login_is_not_proof(spa: Any, user: Any) -> None:
    browser = Client()
    browser.force_login(user)
    response = post_form(browser, TOKEN, {"grant_type": AUTHENTICATED_USER}, **basic())
    assert response.json()["error"] == "invalid_grant"


def test_client_without_the_grant_gets_no_ticket_and_is_unauthorized(make_client: Any, api: Any, user: Any) -> None:
    make_client(grant_types=["refresh_token"])
    body = {"username": "alice", "password": PASSWORD}
    assert "login_ticket" not in api.post_json("/api/auth", body, HTTP_X_LOGIN_TICKET="spa").json()
    assert exchange(Client(), "any").json()["error"] == "unauthorized_client"


@pytest.mark.parametrize(
    ("data", "error"),
    [({}, "invalid_request"), ({"grant_type": "password"}, "unsupported_grant_type")],
)
def test_malformed_token_requests(spa: Any, data: dict[str, str], error: str) -> None:
    response = post_form(Client(), TOKEN, data, **basic())
    assert (response.status_code, response.json()["error"]) == (400, error)


def test_json_bodies_are_refused(spa: Any) -> None:
    response = Client().post(TOKEN, {"grant_type": AUTHENTICATED_USER}, content_type="application/json", **basic())
    assert response.json()["error"] == "invalid_request"


def test_get_is_not_allowed(spa: Any) -> None:
    response = Client().get(TOKEN)
    assert (response.status_code, response["Allow"]) == (405, "POST")


def test_token_access_works_on_the_api_and_concurrency_applies(spa: Any, ticket_for: Any) -> None:
    first = exchange(Client(), ticket_for()).json()["access_token"]
    assert Client().get("/api/me", HTTP_AUTHORIZATION=f"Bearer {first}").status_code == 200
    ticket_for()  # a new login of alice evicts the first (ALLOW_MULTIPLE_LOGINS=False)
    assert Client().get("/api/me", HTTP_AUTHORIZATION=f"Bearer {first}").status_code == 401


def test_client_validity_overrides_shorten_but_never_lengthen(make_client: Any, ticket_for: Any) -> None:
    make_client(access_token_validity_ms=300_000, refresh_token_validity_ms=10**13)
    body = exchange(Client(), ticket_for()).json()
    claims = verify(body["access_token"], Client())
    assert (body["expires_in"], claims["exp"] - claims["iat"]) == (300, 300)
    # Capped by the global validity, and by what is left of the login it derives from (which
    # started a moment earlier, so a second may have passed).
    assert 604800 - 2 <= body["refresh_expires_in"] <= 604800


@pytest.mark.parametrize("header", ["Basic !!!", "Basic " + "bm9jb2xvbg==", "Basic"])
def test_malformed_basic_credentials_are_invalid_client(spa: Any, header: str) -> None:
    response = post_form(Client(), TOKEN, {"grant_type": AUTHENTICATED_USER}, HTTP_AUTHORIZATION=header)
    assert (response.status_code, response.json()["error"]) == (401, "invalid_client")


def test_basic_credentials_are_form_urldecoded(make_client: Any, ticket_for: Any) -> None:
    make_client("app:1", "p@ss word+%")
    ticket = ticket_for("app:1")
    response = exchange(Client(), ticket, client_id="app%3A1", secret="p%40ss+word%2B%25")
    assert response.status_code == 200, response.content
