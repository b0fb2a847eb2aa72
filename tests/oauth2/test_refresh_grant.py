"""``grant_type=refresh_token`` at the token endpoint."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.oauth2.conftest import basic, exchange, post_form, verify

pytestmark = pytest.mark.usefixtures("auth_server")


def refresh(token: str, client_id: str = "spa", secret: str = "s3cret-of-the-spa-client", **data: str) -> Any:
    body = {"grant_type": "refresh_token", "refresh_token": token, **data}
    return post_form(Client(), "/oauth2/token", body, **basic(client_id, secret))


@pytest.fixture
def tokens(spa: Any, ticket_for: Any) -> dict[str, Any]:
    return exchange(Client(), ticket_for(), scope="read write openid").json()


def test_refresh_gives_a_new_access_token_with_the_same_login(tokens: dict[str, Any]) -> None:
    response = refresh(tokens["refresh_token"])
    assert response.status_code == 200, response.content
    body = response.json()
    assert sorted(body) == ["access_token", "expires_in", "id_token", "scope", "token_type"]
    old, new = verify(tokens["access_token"], Client()), verify(body["access_token"], Client())
    assert (new["sid"], new["scopes"]) == (old["sid"], ["read", "write", "openid"])
    assert new["jti"] != old["jti"]


def test_refresh_may_narrow_but_not_widen_scopes(tokens: dict[str, Any]) -> None:
    assert refresh(tokens["refresh_token"], scope="read").json()["scope"] == "read"
    assert refresh(tokens["refresh_token"], scope="read email").json()["error"] == "invalid_scope"


def test_another_clients_refresh_token_is_invalid_grant(tokens: dict[str, Any], make_client: Any) -> None:
    make_client("other", "other-secret")
    assert refresh(tokens["refresh_token"], "other", "other-secret").json()["error"] == "invalid_grant"


def test_an_access_token_is_not_a_refresh_token(tokens: dict[str, Any]) -> None:
    assert refresh(tokens["access_token"]).json()["error"] == "invalid_grant"


def test_refresh_after_logout_is_invalid_grant(tokens: dict[str, Any]) -> None:
    Client().post("/logout", HTTP_AUTHORIZATION=f"Bearer {tokens['access_token']}")
    ended = {"error": "invalid_grant", "error_description": "The login has ended."}
    assert refresh(tokens["refresh_token"]).json() == ended


def test_a_flows_rotating_refresh_token_is_not_accepted_here(spa: Any, api: Any, rest_login: Any) -> None:
    flow_refresh = rest_login()["refresh_token"]
    assert refresh(flow_refresh, "default-client", "settings-client-secret").json()["error"] == "invalid_grant"


def test_token_endpoint_refresh_tokens_are_refused_by_the_flow_refresh(tokens: dict[str, Any], api: Any) -> None:
    response = api.post_json("/api/auth/refresh", {"refresh_token": tokens["refresh_token"]})
    assert response.status_code == 401
