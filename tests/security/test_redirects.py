"""Open redirects: every ``next`` (login, MFA pages, passwordless, logout) stays on this site."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, RequestFactory
from django_otp.plugins.otp_totp.models import TOTPDevice

from authstate.flows.form._redirects import safe_next
from authstate.models import Passkey
from tests.conftest import PASSWORD
from tests.mfa.conftest import totp_code

EVIL = [
    "https://evil.example/",
    "//evil.example/",
    "///evil.example/",
    "/\\evil.example/",
    "\\\\evil.example/",
    "https:evil.example",
    "http:/\\/\\evil.example",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "http://testserver@evil.example/",
    "https://evil.example%2F@testserver/",
    " //evil.example/",
    "\t//evil.example/",
]


@pytest.mark.parametrize("target", EVIL)
def test_safe_next_refuses_off_site_targets(target: str, settings: Any) -> None:
    request = RequestFactory().get("/login")
    assert safe_next(request, target) == settings.LOGIN_REDIRECT_URL


@pytest.mark.parametrize("target", ["/account/logins", "/mfa/setup/?tab=totp", "http://testserver/api/me"])
def test_safe_next_keeps_on_site_targets(target: str) -> None:
    assert safe_next(RequestFactory().get("/login"), target) == target


@pytest.mark.parametrize("target", EVIL)
@pytest.mark.django_db
def test_form_login_next_stays_on_site(user: Any, target: str, settings: Any) -> None:
    response = Client().post("/login", {"username": user.username, "password": PASSWORD, "next": target})
    assert response.status_code == 302
    assert response["Location"] == settings.LOGIN_REDIRECT_URL


@pytest.mark.django_db
def test_form_login_next_on_site_is_followed(user: Any) -> None:
    response = Client().post("/login", {"username": user.username, "password": PASSWORD, "next": "/account/logins"})
    assert response["Location"] == "/account/logins"


@pytest.mark.parametrize("target", EVIL)
@pytest.mark.django_db
def test_mfa_page_login_next_stays_on_site(user: Any, target: str, settings: Any) -> None:
    device = TOTPDevice.objects.create(user=user, name="authstate", confirmed=True)
    browser = Client()
    first = browser.post("/mfa/login", {"username": user.username, "password": PASSWORD, "next": target})
    assert first.status_code == 302 and first["Location"].startswith("/mfa/")
    if first["Location"].startswith("/mfa/choose"):
        browser.post("/mfa/choose", {"factor": "totp"})
    import time

    done = browser.post("/mfa/verify", {"factor": "totp", "code": totp_code(device, time.time())})
    assert done.status_code == 302, done.content[:300]
    assert done["Location"] == settings.LOGIN_REDIRECT_URL
    assert browser.get("/api/me").json()["flow"] == "mfa"


@pytest.mark.parametrize("target", EVIL)
@pytest.mark.django_db
def test_logout_next_stays_on_site(user: Any, target: str, settings: Any) -> None:
    browser = Client()
    browser.post("/login", {"username": user.username, "password": PASSWORD})
    response = browser.post("/logout", {"next": target})
    assert response.status_code == 302
    assert response["Location"] == settings.LOGOUT_REDIRECT_URL


@pytest.mark.parametrize("target", EVIL)
@pytest.mark.django_db
def test_logout_next_in_query_stays_on_site(user: Any, target: str, settings: Any) -> None:
    browser = Client()
    browser.post("/login", {"username": user.username, "password": PASSWORD})
    response = browser.post("/logout?next=" + target.replace("%", "%25").replace("#", "%23"))
    assert response["Location"] == settings.LOGOUT_REDIRECT_URL


@pytest.mark.parametrize("target", EVIL)
@pytest.mark.django_db
def test_passwordless_login_next_stays_on_site(user: Any, target: str, monkeypatch: Any, settings: Any) -> None:
    """The assertion itself is checked elsewhere (tests/passkeys); here only where it leads."""
    monkeypatch.setattr(
        "authstate.passkeys._service.passwordless_key", lambda request, flow, credential: Passkey(user=user)
    )
    monkeypatch.setattr("authstate.passkeys._payload.credential", lambda data: {})
    browser = Client(enforce_csrf_checks=True)
    browser.get("/login/webauthn")
    token = browser.cookies["csrftoken"].value
    body = {"credential": {}, "next": target}
    response = browser.post("/login/webauthn", body, content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 200, response.content
    assert response.json()["redirect"] == settings.LOGIN_REDIRECT_URL
