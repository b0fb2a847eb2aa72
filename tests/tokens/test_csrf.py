"""CSRF for token cookies (OAUTH2_CSRF): required for unsafe cookie requests, never for headers."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.conftest import PASSWORD, bearer

LOGIN = {"username": "alice", "password": PASSWORD}


@pytest.fixture
def cookie_client(configure: Any, user: Any) -> Client:
    configure(TOKEN_TRANSPORT_TYPE="COOKIE", OAUTH2_CSRF=True)
    client = Client(enforce_csrf_checks=True)
    response = client.post("/api/auth", LOGIN, content_type="application/json")
    assert response.status_code == 200
    assert "csrftoken" in response.cookies  # the token the JS client echoes
    return client


def csrf_header(client: Client) -> dict[str, Any]:
    return {"HTTP_X_CSRFTOKEN": client.cookies["csrftoken"].value}


def test_safe_request_needs_no_csrf(cookie_client: Client) -> None:
    assert cookie_client.get("/api/me").status_code == 200


def test_unsafe_cookie_request_without_csrf_is_403(cookie_client: Client) -> None:
    response = cookie_client.post("/api/auth/logout-all", {}, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "csrf_failed"


def test_unsafe_cookie_request_with_csrf_passes(cookie_client: Client) -> None:
    response = cookie_client.post(
        "/api/auth/logout-all", {}, content_type="application/json", **csrf_header(cookie_client)
    )
    assert response.status_code == 200


def test_refresh_from_cookie_needs_csrf(cookie_client: Client) -> None:
    refused = cookie_client.post("/api/auth/refresh", {}, content_type="application/json")
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "csrf_failed"
    accepted = cookie_client.post(
        "/api/auth/refresh", {}, content_type="application/json", **csrf_header(cookie_client)
    )
    assert accepted.status_code == 200


def test_authorization_header_needs_no_csrf(configure: Any, user: Any) -> None:
    configure(TOKEN_TRANSPORT_TYPE="HEADER_COOKIE", OAUTH2_CSRF=True)
    client = Client(enforce_csrf_checks=True)
    token = client.post("/api/auth", LOGIN, content_type="application/json").json()["access_token"]
    response = client.post("/api/auth/logout-all", {}, content_type="application/json", **bearer(token))
    assert response.status_code == 200


def test_csrf_off_relies_on_samesite(configure: Any, user: Any) -> None:
    configure(TOKEN_TRANSPORT_TYPE="COOKIE", OAUTH2_CSRF=False)
    client = Client(enforce_csrf_checks=True)
    login = client.post("/api/auth", LOGIN, content_type="application/json")
    assert "csrftoken" not in login.cookies
    assert "SameSite=Strict" in login.cookies["authstate_access"].output()
    assert client.post("/api/auth/logout-all", {}, content_type="application/json").status_code == 200
