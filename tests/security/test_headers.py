"""Response headers: clickjacking defences on auth pages, ``no-store`` on everything authstate answers."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.security.conftest import authstate_view
from tests.security.endpoints import Endpoint, endpoints


def authstate_endpoints() -> list[Endpoint]:
    import django

    django.setup()
    return [e for e in endpoints() if authstate_view(e.view)]


@pytest.fixture(autouse=True)
def _metrics_on(settings: Any) -> None:
    """Off, ``/metrics`` is the project's own 404 page; on, it is authstate's to answer."""
    settings.AUTHSTATE = {**settings.AUTHSTATE, "METRICS": {"ENDPOINT_ENABLED": True}}


def _without(settings: Any, middleware: str) -> None:
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != middleware]


@pytest.mark.parametrize("endpoint", authstate_endpoints(), ids=lambda e: e.path)
@pytest.mark.django_db
def test_html_pages_refuse_framing_without_the_middleware(
    session_client: Client, endpoint: Endpoint, settings: Any
) -> None:
    """Auth pages deny framing themselves, so a project without ``XFrameOptionsMiddleware`` stays safe."""
    _without(settings, "django.middleware.clickjacking.XFrameOptionsMiddleware")
    response = session_client.get(endpoint.path)
    if not response.get("Content-Type", "").startswith("text/html"):
        return
    assert response.get("X-Frame-Options") == "DENY", response.status_code
    assert "frame-ancestors 'none'" in response.get("Content-Security-Policy", "")


@pytest.mark.parametrize("endpoint", authstate_endpoints(), ids=lambda e: e.path)
@pytest.mark.django_db
def test_every_authstate_answer_is_no_store(session_client: Client, endpoint: Endpoint) -> None:
    """Pages and JSON carry tokens, codes, CSRF tokens or account data: never kept by any cache."""
    for response in (session_client.get(endpoint.path), Client().get(endpoint.path)):
        assert "no-store" in response.get("Cache-Control", ""), (endpoint.path, response.status_code)


def test_answers_carrying_tokens_secrets_or_codes_are_no_store(api: Any, user: Any) -> None:
    """The successful answers themselves: tokens, a TOTP secret, recovery codes, an ``mfa_token``."""
    from tests.conftest import PASSWORD, bearer

    login = api.post_json("/api/auth", {"username": user.username, "password": PASSWORD})
    tokens = login.json()
    answers = [
        login,
        api.post_json("/api/auth/refresh", {"refresh_token": tokens["refresh_token"]}),
        api.post_json("/api/mfa/totp/setup", {}, **bearer(tokens["access_token"])),
        api.post_json("/api/mfa/recovery-codes", {}, **bearer(tokens["access_token"])),
    ]
    answers.append(api.post_json("/api/mfa/login", {"username": user.username, "password": PASSWORD}))
    assert [a.status_code for a in answers] == [200, 200, 200, 201, 200]
    assert "secret" in answers[2].json() and "codes" in answers[3].json() and "mfa_token" in answers[4].json()
    for answer in answers:
        assert "no-store" in answer["Cache-Control"]
