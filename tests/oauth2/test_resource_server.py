"""A separate process verifies tokens from the JWKS URL alone (SimpleJWT ``JWK_URL``/issuer/audience)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import jwt
import pytest
from django.test import Client

from authstate.oauth2 import _keyfiles as keyfiles
from tests.oauth2.conftest import exchange

SCRIPT = Path(__file__).with_name("resource_server.py")


def run_resource_server(live_server: Any, audience: str, *tokens: str) -> list[dict[str, Any]]:
    args = [sys.executable, str(SCRIPT), f"{live_server.url}/oauth2/jwks", "http://localhost:8000", audience, *tokens]
    done = subprocess.run(args, capture_output=True, text=True, timeout=60, check=True)
    return [json.loads(line) for line in done.stdout.splitlines()]


@pytest.mark.usefixtures("auth_server")
def test_another_service_verifies_tokens_with_jwks_only(live_server: Any, spa: Any, ticket_for: Any) -> None:
    access = exchange(Client(), ticket_for(), scope="read write").json()["access_token"]
    claims = jwt.decode(access, options={"verify_signature": False})
    forged = jwt.encode(claims, keyfiles.generate("RS256"), algorithm="RS256", headers={"kid": "attacker"})
    results = run_resource_server(live_server, "https://api.example", access, forged)
    assert results == [
        {"user_id": claims["sub"], "sid": claims["sid"], "scopes": ["read", "write"]},
        {"error": "InvalidToken"},
    ]


@pytest.mark.usefixtures("auth_server")
def test_another_service_refuses_tokens_meant_for_another_audience(live_server: Any, spa: Any, ticket_for: Any) -> None:
    access = exchange(Client(), ticket_for()).json()["access_token"]
    assert run_resource_server(live_server, "https://billing.example", access) == [{"error": "InvalidToken"}]
