"""Tokens signed by the key store: in-process minting, rotation, and forged tokens refused."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from django.test import Client

from authstate.conf import auth_settings
from authstate.oauth2 import _keyfiles as keyfiles
from authstate.oauth2 import _keystore as keystore
from tests.oauth2.conftest import server_settings, verify

pytestmark = pytest.mark.usefixtures("auth_server")


def me(token: str) -> Any:
    return Client().get("/api/me", HTTP_AUTHORIZATION=f"Bearer {token}")


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def test_rest_login_mints_through_the_grant_in_process(rest_login: Any, key_path: str) -> None:
    body = rest_login(device_id="laptop")
    header = jwt.get_unverified_header(body["access_token"])
    assert header == {"alg": "RS256", "kid": keystore.load(key_path).active.kid, "typ": "JWT"}
    claims = verify(body["access_token"], Client(), audience="default-client")
    assert (claims["client_id"], claims["scopes"], claims["device_id"]) == ("default-client", ["read"], "laptop")
    assert me(body["access_token"]).status_code == 200


def test_flow_refresh_still_works_with_the_key_store(rest_login: Any, api: Any) -> None:
    refreshed = api.post_json("/api/auth/refresh", {"refresh_token": rest_login()["refresh_token"]})
    assert refreshed.status_code == 200, refreshed.content
    assert verify(refreshed.json()["access_token"], Client(), audience="https://api.example")["iss"]


def test_tokens_from_before_a_rotation_stay_valid(settings: Any, rest_login: Any, tmp_path: Path) -> None:
    path = str(tmp_path / "rotating.pem")
    keyfiles.create(path, "ES256")
    server_settings(settings, path)
    settings.AUTHSTATE = {**settings.AUTHSTATE, "ALLOW_MULTIPLE_LOGINS": True}
    before = rest_login()["access_token"]
    new_key = keyfiles.rotate(path)
    auth_settings.reload()  # what a restart or settings reload does on every instance
    after = rest_login()["access_token"]
    assert jwt.get_unverified_header(after)["kid"] == new_key.kid
    assert jwt.get_unverified_header(before)["kid"] != new_key.kid
    assert (me(before).status_code, me(after).status_code) == (200, 200)
    assert verify(before, Client(), audience="default-client")["sid"]  # outsiders still verify it from the JWKS


def test_hs256_signed_with_the_public_key_is_refused(rest_login: Any, key_path: str) -> None:
    genuine = rest_login()["access_token"]
    claims = jwt.decode(genuine, options={"verify_signature": False})
    active = keystore.load(key_path).active
    public_pem = active.public.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    header = b64(json.dumps({"alg": "HS256", "kid": active.kid, "typ": "JWT"}).encode())
    payload = b64(json.dumps(claims).encode())
    signature = hmac.new(public_pem, f"{header}.{payload}".encode(), hashlib.sha256).digest()
    forged = f"{header}.{payload}.{b64(signature)}"
    response = me(forged)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "invalid_token"


def test_unsigned_and_unknown_kid_tokens_are_refused(rest_login: Any) -> None:
    claims = jwt.decode(rest_login()["access_token"], options={"verify_signature": False})
    unsigned = jwt.encode(claims, None, algorithm="none")
    assert me(unsigned).status_code == 401
    stranger = keyfiles.generate("ES256")
    foreign = jwt.encode(claims, stranger, algorithm="ES256", headers={"kid": "not-ours"})
    assert me(foreign).status_code == 401


def test_a_token_signed_by_another_key_with_our_kid_is_refused(rest_login: Any, key_path: str) -> None:
    claims = jwt.decode(rest_login()["access_token"], options={"verify_signature": False})
    stranger = keyfiles.generate("RS256")
    forged = jwt.encode(claims, stranger, algorithm="RS256", headers={"kid": keystore.load(key_path).active.kid})
    assert me(forged).status_code == 401


def test_discovery_document(spa: Any) -> None:
    response = Client().get("/.well-known/openid-configuration")
    assert response.status_code == 200
    assert response.json() == {
        "issuer": "http://localhost:8000",
        "token_endpoint": "http://localhost:8000/oauth2/token",
        "jwks_uri": "http://localhost:8000/oauth2/jwks",
        "revocation_endpoint": "http://localhost:8000/oauth2/revoke",
        "introspection_endpoint": "http://localhost:8000/oauth2/introspect",
        "userinfo_endpoint": "http://localhost:8000/userinfo",
        "grant_types_supported": ["urn:ietf:params:oauth:grant-type:authenticated-user", "refresh_token"],
        "response_types_supported": [],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        "revocation_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        "introspection_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        "scopes_supported": ["email", "openid", "profile", "read", "write"],
        "claims_supported": [
            "sub",
            "iss",
            "aud",
            "exp",
            "iat",
            "auth_time",
            "sid",
            "azp",
            "preferred_username",
            "name",
            "email",
        ],
    }


def test_jwks_publishes_public_keys_only(key_path: str) -> None:
    keys = Client().get("/oauth2/jwks").json()["keys"]
    assert [sorted(key) for key in keys] == [["alg", "e", "kid", "kty", "n", "use"]]


def test_internal_issuer_publishes_no_secret(settings: Any) -> None:
    settings.AUTHSTATE = {**settings.AUTHSTATE, "TOKEN_ISSUER": "INTERNAL"}
    assert Client().get("/oauth2/jwks").json() == {"keys": []}
