"""The SimpleJWT ``TokenBackend`` authstate signs and verifies with.

Built from ``AUTHSTATE`` (not ``SIMPLE_JWT``) and cached until settings reload. With
``TOKEN_ISSUER=INTERNAL`` tokens are HS256 with Django's ``SECRET_KEY``. With
``AUTHORIZATION_SERVER`` they are RS256/ES256 with the key store's active key and carry its
``kid``; verification picks the key by ``kid`` and accepts only that key's own algorithm, so a
token "signed" with HS256 and the public key is refused.
"""

from __future__ import annotations

from typing import Any

import jwt
from django.conf import settings
from rest_framework_simplejwt.backends import TokenBackend
from rest_framework_simplejwt.exceptions import TokenBackendError, TokenBackendExpiredToken

from authstate.conf import auth_settings
from authstate.conf.enums import TokenIssuer

__all__ = ["KeySetBackend", "token_backend"]


def token_backend() -> TokenBackend:
    return auth_settings.derived("token_backend", _build)


def _build() -> TokenBackend:
    if auth_settings.token_issuer is TokenIssuer.AUTHORIZATION_SERVER:
        from authstate.oauth2._signing import keyset

        return KeySetBackend(keyset())
    return TokenBackend(
        algorithm="HS256",
        signing_key=settings.SECRET_KEY,
        issuer=auth_settings.oauth2.issuer_uri,
        leeway=0,
    )


class KeySetBackend(TokenBackend):
    """Signs with the active key (``kid`` header); verifies with whichever published key the ``kid`` names."""

    def __init__(self, keys: Any) -> None:
        super().__init__(algorithm=keys.active.alg, issuer=auth_settings.oauth2.issuer_uri, leeway=0)
        self.keys = keys

    def encode(self, payload: dict[str, Any]) -> str:
        claims = {**payload, "iss": self.issuer}
        audience = auth_settings.oauth2.audience
        if audience and "aud" not in claims:
            claims["aud"] = list(audience)
        active = self.keys.active
        return jwt.encode(claims, active.private, algorithm=active.alg, headers={"kid": active.kid})

    def decode(self, token: Any, verify: bool = True) -> dict[str, Any]:
        try:
            key = self._key_for(token)
            return jwt.decode(
                token,
                key.public,
                algorithms=[key.alg],
                issuer=self.issuer,
                options={"verify_aud": False, "verify_signature": verify, "require": ["exp"]},
            )
        except jwt.ExpiredSignatureError as exc:
            raise TokenBackendExpiredToken("Token is expired") from exc
        except jwt.InvalidTokenError as exc:
            raise TokenBackendError("Token is invalid") from exc

    def _key_for(self, token: Any) -> Any:
        kid = jwt.get_unverified_header(token).get("kid")
        key = self.keys.verifying().get(kid) if isinstance(kid, str) else None
        if key is None:
            raise jwt.InvalidTokenError("unknown kid")
        return key
