"""``/.well-known/openid-configuration`` and ``/oauth2/jwks``: what a relying party needs to verify tokens.

Endpoint URLs are the issuer's scheme and host plus the paths the URLconf really serves, so a
project that mounts authstate under a prefix still advertises working URLs.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.urls import reverse

from authstate.conf import auth_settings
from authstate.conf.enums import TokenIssuer
from authstate.models import OAuth2Client
from authstate.models.oauth2 import GRANT_TYPES
from authstate.oauth2._endpoint import oauth2_endpoint
from authstate.oauth2._signing import keyset

__all__ = ["AUTH_METHODS", "CLAIMS", "jwks", "openid_configuration"]


AUTH_METHODS = ["client_secret_basic", "client_secret_post"]
CLAIMS = ["sub", "iss", "aud", "exp", "iat", "auth_time", "sid", "azp", "preferred_username", "name", "email"]


@oauth2_endpoint(methods=("GET",), form=False)
def jwks(request: Any) -> dict[str, Any]:
    """The public keys that verify tokens. An HS256 (``INTERNAL``) secret is never published."""
    if auth_settings.token_issuer is not TokenIssuer.AUTHORIZATION_SERVER:
        return {"keys": []}
    return keyset().jwks()


@oauth2_endpoint(methods=("GET",), form=False)
def openid_configuration(request: Any) -> dict[str, Any]:
    issuer = auth_settings.oauth2.issuer_uri
    return {
        "issuer": issuer,
        "token_endpoint": _url(issuer, "oauth2-token"),
        "jwks_uri": _url(issuer, "oauth2-jwks"),
        "revocation_endpoint": _url(issuer, "oauth2-revoke"),
        "introspection_endpoint": _url(issuer, "oauth2-introspect"),
        "userinfo_endpoint": _url(issuer, "userinfo"),
        "grant_types_supported": list(GRANT_TYPES),
        "response_types_supported": [],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": [_algorithm()],
        "token_endpoint_auth_methods_supported": AUTH_METHODS,
        "revocation_endpoint_auth_methods_supported": AUTH_METHODS,
        "introspection_endpoint_auth_methods_supported": AUTH_METHODS,
        "scopes_supported": _scopes(),
        "claims_supported": CLAIMS,
    }


def _url(issuer: str, name: str) -> str:
    parts = urlsplit(issuer)
    return f"{parts.scheme}://{parts.netloc}{reverse(f'authstate:{name}')}"


def _algorithm() -> str:
    if auth_settings.token_issuer is TokenIssuer.AUTHORIZATION_SERVER:
        return keyset().active.alg
    return "HS256"


def _scopes() -> list[str]:
    allowed = OAuth2Client.objects.filter(is_active=True).values_list("scopes", flat=True)
    return sorted({scope for scopes in allowed for scope in scopes.split()})
