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


def authstate_view(view: Any) -> bool:
    """True for views authstate ships (the suite holds the library to account, not the demo)."""
    return getattr(view, "__module__", "").startswith("authstate")
