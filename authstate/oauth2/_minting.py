"""Tokens of a grant: an access token naming the client and scopes, a refresh token, an ID token.

Every token carries the login's ``sid``, so revoking the login (logout, admin, ``/oauth2/revoke``,
a concurrency eviction) ends them all at once. At the token endpoint that login is the grant's
derived login (``authstate.oauth2._grants``), and access tokens say so with ``gty``; tokens the
bridge mints in-process for a flow carry the flow's login and no ``gty``. The token endpoint's
refresh tokens carry ``client_id`` and no rotation generation: only that client, authenticating
with its secret, can use them, and ``/api/auth/refresh`` refuses them. They never outlive their
login, so ``refresh_expires_in`` is what the client can really count on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.utils import timezone

from authstate.conf import auth_settings
from authstate.models import Login, OAuth2Client
from authstate.models.oauth2 import REFRESH_TOKEN
from authstate.tokens._backend import token_backend
from authstate.tokens._claims import login_claims
from authstate.tokens._jwt import AccessToken, RefreshToken

__all__ = [
    "AUTHENTICATED_USER_GTY",
    "GRANT_TYPE_CLAIM",
    "OPENID",
    "Grant",
    "access_token",
    "id_token",
    "issues_refresh",
    "lifetime",
    "refresh_lifetime",
    "refresh_token",
    "token_response",
]


OPENID = "openid"
#: The access-token claim naming the grant that minted it; only the token endpoint sets it.
GRANT_TYPE_CLAIM = "gty"
AUTHENTICATED_USER_GTY = "authenticated_user"


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


def issues_refresh(client: OAuth2Client) -> bool:
    return auth_settings.enable_refresh_token and client.allows(REFRESH_TOKEN)


def lifetime(client: OAuth2Client) -> timedelta:
    """How long a grant's login must live for ``client``'s tokens: its longest validity."""
    return max(client.access_validity, client.refresh_validity) if issues_refresh(client) else client.access_validity


def refresh_lifetime(grant: Grant) -> timedelta:
    """The client's refresh validity, cut to what remains of the login."""
    return min(grant.client.refresh_validity, grant.login.expires_at - timezone.now())


def refresh_token(grant: Grant) -> RefreshToken | None:
    if not issues_refresh(grant.client):
        return None
    token = RefreshToken()
    token["sub"] = str(grant.login.user.pk)
    token["sid"] = grant.login.pk
    token["client_id"] = grant.client.client_id
    token[auth_settings.scopes_claim] = grant.scopes
    if grant.device_id:
        token["device_id"] = grant.device_id
    token.set_exp(lifetime=refresh_lifetime(grant))
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
    """RFC 6749 §5.1 (plus ``id_token`` from OIDC, ``refresh_expires_in`` as in API.md).

    Only the token endpoint answers with this, so its access tokens, refreshed ones included,
    carry ``gty`` (a scope guard tells client-grant tokens from a flow's by it).
    """
    access = access_token(grant)
    access[GRANT_TYPE_CLAIM] = AUTHENTICATED_USER_GTY
    body: dict[str, Any] = {
        "access_token": str(access),
        "token_type": "Bearer",
        "expires_in": int(grant.client.access_validity.total_seconds()),
        "scope": " ".join(grant.scopes),
    }
    new_refresh = refresh_token(grant) if refresh else None
    if new_refresh is not None:
        body["refresh_token"] = str(new_refresh)
        body["refresh_expires_in"] = round(refresh_lifetime(grant).total_seconds())
    identity = id_token(grant, access)
    if identity is not None:
        body["id_token"] = identity
    return body
