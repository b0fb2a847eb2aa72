"""Tokens of a grant: an access token naming the client and scopes, a refresh token, an ID token.

Every token carries the login's ``sid``, so revoking the login (logout, admin, ``/oauth2/revoke``,
a concurrency eviction) ends them all at once. The token endpoint's refresh tokens carry
``client_id`` and no rotation generation: only that client, authenticating with its secret,
can use them, and ``/api/auth/refresh`` refuses them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from authstate.conf import auth_settings
from authstate.models import Login, OAuth2Client
from authstate.models.oauth2 import REFRESH_TOKEN
from authstate.tokens.backend import token_backend
from authstate.tokens.claims import login_claims
from authstate.tokens.jwt import AccessToken, RefreshToken

OPENID = "openid"


@dataclass(frozen=True)
class Grant:
    """What was authorized: this login's user, for this client, with these scopes."""

    login: Login
    client: OAuth2Client
    scopes: list[str]
    device_id: str = ""


def access_token(grant: Grant) -> AccessToken:
    token = AccessToken()
    for claim, value in login_claims(grant.login, scopes=grant.scopes).items():
        token[claim] = value
    token["client_id"] = grant.client.client_id
    token["aud"] = [grant.client.client_id, *auth_settings.oauth2.audience]
    if grant.device_id:
        token["device_id"] = grant.device_id
    token.set_exp(lifetime=grant.client.access_validity)
    return token


def refresh_token(grant: Grant) -> RefreshToken | None:
    if not (auth_settings.enable_refresh_token and grant.client.allows(REFRESH_TOKEN)):
        return None
    token = RefreshToken()
    token["sub"] = str(grant.login.user.pk)
    token["sid"] = grant.login.pk
    token["client_id"] = grant.client.client_id
    token[auth_settings.scopes_claim] = grant.scopes
    if grant.device_id:
        token["device_id"] = grant.device_id
    token.set_exp(lifetime=grant.client.refresh_validity)
    return token


def id_token(grant: Grant, access: AccessToken) -> str | None:
    """OpenID Connect ID token, only when ``openid`` was granted; not usable as an access token."""
    if OPENID not in grant.scopes:
        return None
    claims: dict[str, Any] = {
        "sub": access["sub"],
        "aud": grant.client.client_id,
        "azp": grant.client.client_id,
        "exp": access["exp"],
        "iat": access["iat"],
        "auth_time": int(grant.login.auth_time.timestamp()),
        "amr": list(grant.login.amr),
        "sid": grant.login.pk,
    }
    return token_backend().encode(claims)


def token_response(grant: Grant, *, refresh: bool = True) -> dict[str, Any]:
    """RFC 6749 §5.1 (plus ``id_token`` from OIDC, ``refresh_expires_in`` as in API.md)."""
    access = access_token(grant)
    body: dict[str, Any] = {
        "access_token": str(access),
        "token_type": "Bearer",
        "expires_in": int(grant.client.access_validity.total_seconds()),
        "scope": " ".join(grant.scopes),
    }
    new_refresh = refresh_token(grant) if refresh else None
    if new_refresh is not None:
        body["refresh_token"] = str(new_refresh)
        body["refresh_expires_in"] = int(grant.client.refresh_validity.total_seconds())
    identity = id_token(grant, access)
    if identity is not None:
        body["id_token"] = identity
    return body
