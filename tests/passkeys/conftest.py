"""Passkey fixtures: a software authenticator and clients signed in through each state."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.conftest import PASSWORD, JsonClient, bearer
from tests.passkeys.authenticator import SoftAuthenticator


@pytest.fixture
def authenticator() -> SoftAuthenticator:
    return SoftAuthenticator()


@pytest.fixture
def session_client(user: Any) -> JsonClient:
    """A client signed in through the form flow (session state)."""
    client = JsonClient()
    response = client.post("/login", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.content
    return client


@pytest.fixture
def token_client(rest_login: Callable[..., Any]) -> JsonClient:
    """A client signed in through the REST flow (oauth2 state), sending its bearer token."""
    client = JsonClient()
    client.defaults.update(bearer(rest_login()["access_token"]))
    return client


@pytest.fixture(params=["session", "oauth2"])
def enrolled_client(request: pytest.FixtureRequest) -> JsonClient:
    return request.getfixturevalue("session_client" if request.param == "session" else "token_client")


@pytest.fixture
def register(authenticator: SoftAuthenticator) -> Callable[..., Any]:
    """Run both steps of registration with ``authenticator``; extra keywords go to ``create``."""

    def run(client: JsonClient, name: str = "Laptop", **lie: Any) -> Any:
        options = client.post_json("/api/mfa/passkeys/options").json()["options"]
        return client.post_json("/api/mfa/passkeys", {"credential": authenticator.create(options, **lie), "name": name})

    return run
