"""Fixtures of the security suite: a browser-like session login and a client that enforces CSRF."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.conftest import PASSWORD


@pytest.fixture
def session_client(user: Any) -> Client:
    """A client logged in through the HTML form flow (session state), CSRF enforced from now on."""
    browser = Client()
    response = browser.post("/login", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.content
    enforcing = Client(enforce_csrf_checks=True)
    enforcing.cookies = browser.cookies
    return enforcing


@pytest.fixture(scope="session")
def key_path(tmp_path_factory: pytest.TempPathFactory) -> str:
    """An RS256 key store for the authorization-server variants of the token attacks."""
    from authstate.oauth2 import _keyfiles as keyfiles

    path = str(tmp_path_factory.mktemp("keys") / "signing.pem")
    keyfiles.create(path, "RS256")
    return path


def authstate_view(view: Any) -> bool:
    """True for views authstate ships (the suite holds the library to account, not the demo)."""
    return getattr(view, "__module__", "").startswith("authstate")
