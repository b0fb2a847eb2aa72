"""Fixtures for the authorization server: key stores, clients, and a token-endpoint caller."""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import jwt
import pytest
from django.test import Client

from authstate.models import OAuth2Client
from authstate.models.oauth2 import AUTHENTICATED_USER
from authstate.oauth2 import _keyfiles as keyfiles
from tests.conftest import PASSWORD

SECRET = "s3cret-of-the-spa-client"
TOKEN = "/oauth2/token"


@pytest.fixture(scope="session")
def key_path(tmp_path_factory: Any) -> str:
    """One RS256 store for the session: RSA key generation is the slow part of these tests."""
    path = str(tmp_path_factory.mktemp("keys") / "signing.pem")
    keyfiles.create(path, "RS256")
    return path


def server_settings(settings: Any, key_path: str, **oauth2: Any) -> None:
    settings.AUTHSTATE = {
        **settings.AUTHSTATE,
        "TOKEN_ISSUER": "AUTHORIZATION_SERVER",
        "OAUTH2": {
            **settings.AUTHSTATE["OAUTH2"],
            "JWK_KEY_STORE_PATH": key_path,
            "CLIENT_SECRET": "settings-client-secret",
            "AUDIENCE": ["https://api.example"],
            **oauth2,
        },
    }


@pytest.fixture
def auth_server(settings: Any, key_path: str, db: Any) -> Any:
    """TOKEN_ISSUER=AUTHORIZATION_SERVER with a PEM key store, DEBUG off (as in production)."""
    settings.DEBUG = False
    server_settings(settings, key_path)
    return settings


@pytest.fixture
def make_client(db: Any) -> Callable[..., OAuth2Client]:
    def make(client_id: str = "spa", secret: str = SECRET, **fields: Any) -> OAuth2Client:
        fields.setdefault("scopes", "read write openid profile email")
        fields.setdefault("default_scopes", "read")
        client = OAuth2Client(client_id=client_id, **fields)
        client.set_secret(secret)
        client.save()
        return client

    return make


@pytest.fixture
def spa(make_client: Callable[..., OAuth2Client]) -> OAuth2Client:
    return make_client()


def basic(client_id: str = "spa", secret: str = SECRET) -> dict[str, str]:
    raw = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    return {"HTTP_AUTHORIZATION": f"Basic {raw}"}


def post_form(client: Client, path: str, data: dict[str, Any], **extra: Any) -> Any:
    return client.post(path, urlencode(data), content_type="application/x-www-form-urlencoded", **extra)


def exchange(client: Client, ticket: str, *, client_id: str = "spa", secret: str = SECRET, **data: Any) -> Any:
    body = {"grant_type": AUTHENTICATED_USER, "login_ticket": ticket, **data}
    return post_form(client, TOKEN, body, **basic(client_id, secret))


@pytest.fixture
def ticket_for(api: Any, user: Any) -> Callable[..., str]:
    """Log ``alice`` in through the REST flow, asking for a login ticket for ``client_id``."""

    def login(client_id: str = "spa", **body: Any) -> str:
        payload = {"username": "alice", "password": PASSWORD, **body}
        response = api.post_json("/api/auth", payload, HTTP_X_LOGIN_TICKET=client_id)
        assert response.status_code == 200, response.content
        return response.json()["login_ticket"]

    return login


def jwks_of(client: Client) -> jwt.PyJWKSet:
    response = client.get("/oauth2/jwks")
    assert response.status_code == 200
    return jwt.PyJWKSet.from_dict(response.json())


def verify(raw: str, client: Client, *, audience: str = "spa", issuer: str = "http://localhost:8000") -> dict[str, Any]:
    """Verify as an outsider would: PyJWT with the published JWKS, the kid, and the key's own algorithm."""
    kid = jwt.get_unverified_header(raw)["kid"]
    key = jwks_of(client)[kid]
    return jwt.decode(raw, key.key, algorithms=[key.algorithm_name], audience=audience, issuer=issuer)
