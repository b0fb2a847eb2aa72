"""Client input never makes an /oauth2/* endpoint fail with a 500; errors keep the RFC 6749 shape."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.oauth2.conftest import basic, post_form

pytestmark = pytest.mark.usefixtures("auth_server")

TEXT = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=300)


def b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def weird_tokens() -> list[str]:
    headers = [{"alg": "RS256", "kid": ["x"]}, {"alg": "ES256", "kid": 7}, {"alg": "none"}, {}]
    return [f"{b64(header)}.{b64({'sid': 'x', 'sub': '1'})}.sig" for header in headers] + ["", ".", "...", "é"]


@pytest.mark.parametrize("raw", weird_tokens())
@pytest.mark.parametrize("path", ["/oauth2/introspect", "/oauth2/revoke"])
def test_weird_tokens_are_just_invalid(spa: Any, path: str, raw: str) -> None:
    response = post_form(Client(), path, {"token": raw}, **basic())
    assert response.status_code in (200, 400)
    if path.endswith("introspect") and raw:
        assert response.json() == {"active": False}


@pytest.mark.parametrize("raw", weird_tokens())
def test_weird_bearer_tokens_at_userinfo(db: Any, raw: str) -> None:
    response = Client().get("/userinfo", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_token"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(grant_type=TEXT, ticket=TEXT, scope=TEXT, client_id=TEXT, secret=TEXT)
def test_token_endpoint_answers_garbage_with_oauth_errors(
    spa: Any, grant_type: str, ticket: str, scope: str, client_id: str, secret: str
) -> None:
    data = {"grant_type": grant_type, "login_ticket": ticket, "scope": scope, "client_id": client_id}
    response = post_form(Client(), "/oauth2/token", {**data, "client_secret": secret})
    assert response.status_code in (400, 401, 429)  # 429: past the per-address failure limit
    assert sorted(response.json()) == ["error", "error_description"]


def test_nul_in_client_id_is_invalid_client_not_a_database_error(spa: Any) -> None:
    response = post_form(Client(), "/oauth2/token", {"grant_type": "x", "client_id": "sp\x00a", "client_secret": "s"})
    assert (response.status_code, response.json()["error"]) == (401, "invalid_client")
