"""RFC 7009 revocation, RFC 7662 introspection and OIDC userinfo."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.oauth2.conftest import basic, exchange, post_form, verify

pytestmark = pytest.mark.usefixtures("auth_server")


@pytest.fixture
def tokens(spa: Any, ticket_for: Any) -> dict[str, Any]:
    return exchange(Client(), ticket_for(), scope="read openid profile email").json()


def introspect(token: str, **extra: str) -> Any:
    return post_form(Client(), "/oauth2/introspect", {"token": token, **extra}, **basic())


def test_introspection_of_a_live_access_token(tokens: dict[str, Any], user: Any) -> None:
    claims = verify(tokens["access_token"], Client())
    response = introspect(tokens["access_token"])
    assert response.status_code == 200
    assert response.json() == {
        "active": True,
        "token_type": "Bearer",
        "scope": "read openid profile email",
        "client_id": "spa",
        "username": "alice",
        "sub": str(user.pk),
        "aud": ["spa", "https://api.example"],
        "iss": "http://localhost:8000",
        "exp": claims["exp"],
        "iat": claims["iat"],
        "jti": claims["jti"],
        "sid": claims["sid"],
    }


def test_introspection_of_a_refresh_token_with_hint(tokens: dict[str, Any]) -> None:
    body = introspect(tokens["refresh_token"], token_type_hint="refresh_token").json()
    assert (body["active"], body["token_type"], body["client_id"]) == (True, "refresh_token", "spa")


def test_revoked_token_introspects_inactive_and_stops_working(tokens: dict[str, Any]) -> None:
    response = post_form(Client(), "/oauth2/revoke", {"token": tokens["refresh_token"]}, **basic())
    assert (response.status_code, response.json()) == (200, {})
    assert introspect(tokens["access_token"]).json() == {"active": False}
    assert introspect(tokens["refresh_token"]).json() == {"active": False}
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {tokens['access_token']}"}
    assert Client().get("/api/me", **bearer).status_code == 401


@pytest.mark.parametrize("garbage", ["not-a-token", "a.b.c"])
def test_revoking_or_introspecting_garbage_is_harmless(spa: Any, garbage: str) -> None:
    assert post_form(Client(), "/oauth2/revoke", {"token": garbage}, **basic()).status_code == 200
    assert introspect(garbage).json() == {"active": False}


def test_introspection_needs_client_authentication(tokens: dict[str, Any]) -> None:
    response = post_form(Client(), "/oauth2/introspect", {"token": tokens["access_token"]})
    assert (response.status_code, response.json()["error"]) == (401, "invalid_client")


def test_a_client_cannot_revoke_another_clients_token(tokens: dict[str, Any], make_client: Any) -> None:
    make_client("other", "other-secret")
    other = basic("other", "other-secret")
    response = post_form(Client(), "/oauth2/revoke", {"token": tokens["access_token"]}, **other)
    assert (response.status_code, response.json()["error"]) == (400, "unauthorized_client")
    assert introspect(tokens["access_token"]).json()["active"] is True


def test_revoke_needs_a_token(spa: Any) -> None:
    response = post_form(Client(), "/oauth2/revoke", {}, **basic())
    assert response.json() == {"error": "invalid_request", "error_description": "token is required."}


def test_userinfo_releases_claims_per_scope(tokens: dict[str, Any], user: Any) -> None:
    response = Client().get("/userinfo", HTTP_AUTHORIZATION=f"Bearer {tokens['access_token']}")
    assert response.json() == {"sub": str(user.pk), "preferred_username": "alice", "email": "alice@example.com"}


def test_userinfo_without_openid_is_insufficient_scope(spa: Any, ticket_for: Any) -> None:
    access = exchange(Client(), ticket_for(), scope="read").json()["access_token"]
    response = Client().get("/userinfo", HTTP_AUTHORIZATION=f"Bearer {access}")
    assert (response.status_code, response.json()["error"]) == (403, "insufficient_scope")
    assert response["WWW-Authenticate"] == 'Bearer error="insufficient_scope", scope="openid"'


def test_userinfo_without_a_token_is_invalid_token(db: Any) -> None:
    response = Client().get("/userinfo")
    assert response.status_code == 401
    assert response.json() == {"error": "invalid_token", "error_description": "An access token is required."}


def test_flow_tokens_belong_to_the_settings_client(spa: Any, rest_login: Any) -> None:
    access = rest_login()["access_token"]
    response = post_form(Client(), "/oauth2/revoke", {"token": access}, **basic())
    assert response.json()["error"] == "unauthorized_client"
    assert introspect(access).json()["client_id"] == "default-client"
