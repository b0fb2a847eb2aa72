"""The passkey step of the HTML MFA flow (``/mfa/login``), driven without a browser."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from tests.conftest import PASSWORD, JsonClient
from tests.passkeys.authenticator import SoftAuthenticator


@pytest.fixture
def at_passkey_step(session_client: JsonClient, register: Any, user: Any) -> tuple[JsonClient, dict[str, Any]]:
    """A fresh browser-like client that passed the password step and chose the passkey."""
    assert register(session_client).status_code == 201
    client = JsonClient()
    assert client.post("/mfa/login", {"username": user.username, "password": PASSWORD}).status_code == 302
    assert client.post("/mfa/choose", {"factor": "passkey"}).status_code == 302
    page = client.get("/mfa/verify").content.decode()
    assert "data-passkey-mfa" in page and 'name="credential"' in page
    found = re.search(r'<script id="passkey-options" type="application/json">(.*?)</script>', page, re.S)
    assert found is not None
    return client, json.loads(found.group(1))


def test_the_page_completes_the_login_with_a_passkey(
    at_passkey_step: tuple[JsonClient, dict[str, Any]], authenticator: SoftAuthenticator, user: Any
) -> None:
    client, options = at_passkey_step
    credential = json.dumps(authenticator.get(options))
    response = client.post("/mfa/verify", {"factor": "passkey", "credential": credential})
    assert response.status_code == 302 and response["Location"] == "/"
    me = client.get("/api/me").json()
    assert (me["username"], me["state"], me["flow"]) == (user.username, "session", "mfa")


def test_a_forged_passkey_shows_the_attempts_left(
    at_passkey_step: tuple[JsonClient, dict[str, Any]], authenticator: SoftAuthenticator
) -> None:
    client, options = at_passkey_step
    credential = json.dumps(authenticator.get(options, origin="https://evil.example"))
    response = client.post("/mfa/verify", {"factor": "passkey", "credential": credential})
    assert response.status_code == 401
    assert "4 attempts left." in response.content.decode()
    retry = client.post("/mfa/verify", {"factor": "passkey", "credential": json.dumps(authenticator.get(options))})
    assert retry.status_code == 302
