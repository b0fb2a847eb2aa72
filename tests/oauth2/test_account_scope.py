"""A client's token reaches authstate's own account endpoints only with ``OAUTH2.ACCOUNT_SCOPE``."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from authstate.models import Login
from authstate.models.oauth2 import AUTHENTICATED_USER
from tests.conftest import PASSWORD, bearer
from tests.oauth2.conftest import TOKEN, basic, post_form

pytestmark = pytest.mark.usefixtures("auth_server")

ACCOUNT_ENDPOINTS = [
    ("get", "/api/mfa/factors"),
    ("post", "/api/mfa/recovery-codes"),
    ("post", "/api/mfa/totp/setup"),
    ("post", "/api/mfa/totp/confirm"),
    ("post", "/api/mfa/email/setup"),
    ("post", "/api/mfa/email/confirm"),
    ("post", "/api/mfa/sms/setup"),
    ("post", "/api/mfa/sms/confirm"),
    ("delete", "/api/mfa/factors/totp-1"),
    ("get", "/api/auth/logins"),
    ("delete", "/api/auth/logins/00000000-0000-0000-0000-000000000001"),
    ("post", "/api/auth/logout-all"),
    ("post", "/api/reauthenticate"),
    ("post", "/api/password/change"),
]


@pytest.fixture
def browser(user: Any) -> Client:
    client = Client()
    assert client.post("/login", {"username": "alice", "password": PASSWORD}).status_code == 302
    return client


def client_token(browser: Client, scope: str) -> str:
    data = {"grant_type": AUTHENTICATED_USER, "scope": scope}
    response = post_form(browser, TOKEN, data, **basic())
    assert response.status_code == 200, response.content
    return str(response.json()["access_token"])


@pytest.mark.parametrize(("method", "path"), ACCOUNT_ENDPOINTS)
def test_a_read_token_cannot_touch_the_account(make_client: Any, browser: Client, method: str, path: str) -> None:
    make_client(scopes="read authstate.account")
    token = client_token(browser, "read")
    response = getattr(Client(), method)(path, {}, content_type="application/json", **bearer(token))
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "insufficient_scope"
    assert response["WWW-Authenticate"] == 'Bearer error="insufficient_scope", scope="authstate.account"'
    assert Login.objects.filter(revoked_at__isnull=True, parent__isnull=True).count() == 1
    assert browser.get("/api/me").status_code == 200


def test_the_account_scope_grants_the_account(make_client: Any, browser: Client) -> None:
    make_client(scopes="read authstate.account")
    token = client_token(browser, "read authstate.account")
    assert Client().get("/api/mfa/factors", **bearer(token)).json() == {"factors": []}


def test_a_client_token_still_reads_who_is_logged_in(spa: Any, browser: Client) -> None:
    token = client_token(browser, "read")
    assert Client().get("/api/me", **bearer(token)).json()["username"] == "alice"


def test_a_client_token_cannot_rewrite_the_factors_of_an_mfa_account(
    make_client: Any, browser: Client, user: Any
) -> None:
    """Even with the account scope, a token derived from a password-only login stays ``pwd``."""
    make_client(scopes="read authstate.account")
    device = TOTPDevice.objects.create(user=user, name="authstate", confirmed=True)
    token = client_token(browser, "authstate.account")
    response = Client().delete(f"/api/mfa/factors/totp-{device.pk}", **bearer(token))
    assert response.json()["error"]["code"] == "mfa_required"
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
