"""CSRF: no unsafe request rides on a session cookie without the CSRF token, on any endpoint.

The endpoint list is read from the URL resolver, so endpoints added later are covered too.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from tests.conftest import PASSWORD
from tests.security.conftest import authstate_view
from tests.security.endpoints import Endpoint, endpoints, view_class

UNSAFE = ("post", "put", "patch", "delete")

#: Endpoints a session cookie gives nothing to, and why. Everything else must answer 403 or 405.
NOT_SESSION_AUTHENTICATED = {
    "/api/auth": "JSON login: no authenticators, JSON-only body (a cross-site form cannot send it)",
    "/api/mfa/login": "JSON login: no authenticators, JSON-only body",
    "/api/auth/refresh": "reads a refresh token (body, header or cookie with OAUTH2_CSRF), never the session",
    "/oauth2/token": "client-authenticated (RFC 6749); the session grant needs client credentials too",
    "/oauth2/revoke": "client-authenticated (RFC 7009)",
    "/oauth2/introspect": "client-authenticated (RFC 7662)",
    "/api/mfa/select": "the mfa_token comes from the body or X-MFA-Token, never from a cookie",
    "/api/mfa/verify": "the mfa_token comes from the body or X-MFA-Token, never from a cookie",
    "/api/mfa/cancel": "the mfa_token comes from the body or X-MFA-Token, never from a cookie",
    "/metrics": "read-only scrape; answers 404 to every method while off, so its URL stays private",
    "/userinfo": "bearer tokens only (OpenID Connect userinfo), the session is ignored",
    "/api/password/reset": "anonymous JSON endpoint: no authenticators, JSON-only body; only sends a link",
    "/api/password/reset/confirm": "anonymous JSON endpoint: the uid and token come from the body, never a cookie",
}


def all_endpoints() -> list[Endpoint]:
    import django

    django.setup()
    return endpoints()


def _send(client: Client, method: str, path: str) -> Any:
    return getattr(client, method)(path, data="{}", content_type="application/json")


@pytest.mark.parametrize("endpoint", all_endpoints(), ids=lambda e: e.path)
@pytest.mark.django_db
def test_session_cookie_without_csrf_token_changes_nothing(session_client: Client, endpoint: Endpoint) -> None:
    for method in UNSAFE:
        response = _send(session_client, method, endpoint.path)
        assert response.status_code not in range(200, 400), (method, response.status_code)
        if endpoint.path not in NOT_SESSION_AUTHENTICATED:
            assert response.status_code in (403, 405), (method, response.status_code, response.content[:200])


@pytest.mark.parametrize("endpoint", [e for e in all_endpoints() if authstate_view(e.view)], ids=lambda e: e.path)
@pytest.mark.django_db
def test_authstate_pages_protect_themselves_without_the_middleware(
    session_client: Client, endpoint: Endpoint, settings: Any
) -> None:
    """A project that drops ``CsrfViewMiddleware`` must not lose CSRF on authstate's own views."""
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != "django.middleware.csrf.CsrfViewMiddleware"]
    if endpoint.path in NOT_SESSION_AUTHENTICATED:
        return
    for method in UNSAFE:
        response = _send(session_client, method, endpoint.path)
        assert response.status_code in (403, 405), (method, response.status_code, view_class(endpoint))


def test_the_allowlist_names_only_real_endpoints() -> None:
    assert set(NOT_SESSION_AUTHENTICATED) <= {e.path for e in all_endpoints()}


@pytest.mark.parametrize("path", ["/api/auth", "/api/mfa/login"])
@pytest.mark.parametrize(
    "content_type", ["application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/plain"]
)
def test_json_login_refuses_what_a_cross_site_form_can_send(
    csrf_client: Client, user: Any, path: str, content_type: str
) -> None:
    """Login CSRF: a form on another site can only send "simple" bodies; JSON logins refuse them."""
    body = json.dumps({"username": user.username, "password": PASSWORD})
    response = csrf_client.post(path, body, content_type=content_type)
    assert response.status_code == 415
    assert response.json()["error"]["code"] == "unsupported_media_type"
    assert "sessionid" not in response.cookies


@pytest.mark.django_db
def test_form_login_needs_the_csrf_token(csrf_client: Client, user: Any) -> None:
    response = csrf_client.post("/login", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 403
    assert "sessionid" not in response.cookies


@pytest.mark.django_db
def test_form_login_with_the_csrf_token_works(csrf_client: Client, user: Any) -> None:
    csrf_client.get("/login")
    token = csrf_client.cookies["csrftoken"].value
    data = {"username": user.username, "password": PASSWORD, "csrfmiddlewaretoken": token}
    assert csrf_client.post("/login", data).status_code == 302


@pytest.mark.django_db
def test_logout_with_the_header_token_works(session_client: Client) -> None:
    session_client.get("/login")
    token = session_client.cookies["csrftoken"].value
    response = session_client.post("/logout", "{}", content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 200
    assert response.json() == {"status": "LOGGED_OUT"}
    assert session_client.get("/api/me").status_code == 401


@pytest.mark.django_db
def test_csrf_failure_on_json_is_the_envelope(session_client: Client) -> None:
    response = session_client.post("/api/auth/logout-all", "{}", content_type="application/json")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "csrf_failed"
