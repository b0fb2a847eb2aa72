"""Token attacks beyond tests/test_token_attacks_core.py, for both issuers (RFC 8725).

HS256 with ``SECRET_KEY`` (``TOKEN_ISSUER=INTERNAL``) and RS256 with the key store
(``AUTHORIZATION_SERVER``): ``kid`` injection, foreign embedded keys, not-yet-valid tokens,
foreign audiences, other token kinds used as access tokens, deleted and deactivated users.
"""

from __future__ import annotations

import time
from typing import Any

import jwt
import pytest
from django.conf import settings as django_settings
from django.test import Client

from authstate.oauth2 import _keyfiles as keyfiles
from authstate.oauth2 import _keystore as keystore
from tests.conftest import PASSWORD, JsonClient, bearer
from tests.oauth2.conftest import server_settings

KIDS = ["../../../../dev/null", "' OR '1'='1", "http://evil.example/jwks.json", "", "a" * 5000, "\x00", "%00"]


@pytest.fixture(params=["internal", "authorization_server"])
def issuer(request: Any, settings: Any, key_path: str) -> str:
    if request.param == "authorization_server":
        settings.DEBUG = False
        server_settings(settings, key_path)
    return str(request.param)


@pytest.fixture
def genuine(issuer: str, rest_login: Any) -> dict[str, Any]:
    return rest_login()


def claims_of(token: str) -> dict[str, Any]:
    return jwt.decode(token, options={"verify_signature": False})


def sign(issuer: str, claims: dict[str, Any], key_path: str, **headers: Any) -> str:
    """Sign as the server itself would: only the claims or headers under test differ."""
    if issuer == "internal":
        return jwt.encode(claims, django_settings.SECRET_KEY, algorithm="HS256", headers=headers or None)
    active = keystore.load(key_path).active
    return jwt.encode(claims, active.private, algorithm=active.alg, headers={"kid": active.kid, **headers})


def refused(token: str, code: str = "invalid_token") -> None:
    response = Client().get("/api/me", **bearer(token))
    assert response.status_code == 401, response.content
    assert response.json()["error"]["code"] == code


def test_the_genuine_token_works(genuine: dict[str, Any]) -> None:
    assert Client().get("/api/me", **bearer(genuine["access_token"])).status_code == 200


@pytest.mark.parametrize("kid", KIDS)
def test_kid_injection_is_refused(genuine: dict[str, Any], issuer: str, kid: str) -> None:
    stranger = keyfiles.generate("RS256")
    refused(jwt.encode(claims_of(genuine["access_token"]), stranger, algorithm="RS256", headers={"kid": kid}))
    hs = jwt.encode(claims_of(genuine["access_token"]), "attacker-chosen-secret-" * 3, "HS256", headers={"kid": kid})
    refused(hs)


@pytest.mark.parametrize("header", ["jwk", "jku", "x5u", "x5c"])
def test_embedded_or_remote_keys_are_ignored(genuine: dict[str, Any], header: str) -> None:
    stranger = keyfiles.generate("RS256")
    public = jwt.algorithms.RSAAlgorithm.to_jwk(stranger.public_key(), as_dict=True)
    value = {"jwk": public, "jku": "http://evil.example/jwks", "x5u": "http://evil.example/c.pem", "x5c": ["MIIB"]}
    claims = claims_of(genuine["access_token"])
    refused(jwt.encode(claims, stranger, algorithm="RS256", headers={header: value[header]}))


@pytest.mark.parametrize("claim", ["nbf", "iat"])
def test_not_yet_valid_tokens_are_refused(genuine: dict[str, Any], issuer: str, key_path: str, claim: str) -> None:
    """Decision: a token dated in the future (``nbf`` or ``iat``, no leeway) is not valid yet."""
    future = claims_of(genuine["access_token"]) | {claim: int(time.time()) + 3600}
    refused(sign(issuer, future, key_path))


def test_foreign_audience_is_refused(genuine: dict[str, Any], issuer: str, key_path: str, settings: Any) -> None:
    """Decision: with ``OAUTH2.AUDIENCE`` configured, a token naming only other audiences is refused."""
    oauth2 = {**settings.AUTHSTATE["OAUTH2"], "AUDIENCE": ["https://api.example"]}
    settings.AUTHSTATE = {**settings.AUTHSTATE, "OAUTH2": oauth2}
    served = sign(issuer, claims_of(genuine["access_token"]) | {"aud": ["x", "https://api.example"]}, key_path)
    assert Client().get("/api/me", **bearer(served)).status_code == 200
    refused(sign(issuer, claims_of(genuine["access_token"]) | {"aud": ["https://other-api.example"]}, key_path))


def test_wrong_token_type_claim_is_refused(genuine: dict[str, Any], issuer: str, key_path: str) -> None:
    for kind in ("refresh", "mfa", "id", ""):
        refused(sign(issuer, claims_of(genuine["access_token"]) | {"token_type": kind}, key_path))


def test_refresh_token_is_not_an_access_token(genuine: dict[str, Any]) -> None:
    refused(genuine["refresh_token"])


def test_access_token_is_not_a_refresh_token(genuine: dict[str, Any], api: JsonClient) -> None:
    response = api.post_json("/api/auth/refresh", {"refresh_token": genuine["access_token"]})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "invalid_token"


def test_mfa_token_is_not_an_access_token(api: JsonClient, user: Any) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=user, name="authstate", confirmed=True)
    body = api.post_json("/api/mfa/login", {"username": user.username, "password": PASSWORD}).json()
    assert body["status"] == "MFA_REQUIRED"
    refused(body["mfa_token"])
    assert Client().get("/api/me", HTTP_X_MFA_TOKEN=body["mfa_token"]).status_code == 401


def test_deleted_user_is_refused_at_once(genuine: dict[str, Any], user: Any) -> None:
    token = genuine["access_token"]
    assert Client().get("/api/me", **bearer(token)).status_code == 200  # the user is now cached
    user.delete()
    response = Client().get("/api/me", **bearer(token))
    assert response.status_code == 401
    assert response.json()["error"]["code"] in ("login_revoked", "invalid_token")


def test_deleted_user_refresh_is_refused(genuine: dict[str, Any], user: Any, api: JsonClient) -> None:
    user.delete()
    response = api.post_json("/api/auth/refresh", {"refresh_token": genuine["refresh_token"]})
    assert response.status_code == 401


def test_deactivated_user_refresh_is_refused(genuine: dict[str, Any], user: Any, api: JsonClient) -> None:
    user.is_active = False
    user.save()
    response = api.post_json("/api/auth/refresh", {"refresh_token": genuine["refresh_token"]})
    assert response.status_code == 401


def test_token_in_the_query_string_is_ignored(genuine: dict[str, Any]) -> None:
    """Tokens never travel in URLs (logs, Referer): a query parameter authenticates nothing."""
    token = genuine["access_token"]
    for name in ("access_token", "token", "jwt"):
        assert Client().get(f"/api/me?{name}={token}").status_code == 401
