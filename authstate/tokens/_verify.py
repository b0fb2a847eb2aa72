"""Decode access and refresh tokens, mapping SimpleJWT errors onto authstate's codes."""

from __future__ import annotations

from typing import TypeVar

from rest_framework_simplejwt.exceptions import ExpiredTokenError, TokenError

from authstate.conf import auth_settings
from authstate.exceptions import InvalidToken, TokenExpired
from authstate.tokens._jwt import AccessToken, AuthStateToken, RefreshToken

__all__ = ["decode_access", "decode_refresh"]


T = TypeVar("T", bound=AuthStateToken)


def decode_access(raw: str) -> AccessToken:
    token = _decode(AccessToken, raw)
    if "sub" not in token or not _audience_served(token.get("aud")):
        raise InvalidToken()
    return token


def decode_refresh(raw: str) -> RefreshToken:
    return _decode(RefreshToken, raw)


def _decode(kind: type[T], raw: str) -> T:
    """Signature, algorithm, issuer, expiry and type by SimpleJWT; every token names its login."""
    try:
        token = kind(raw)  # type: ignore[arg-type]
    except ExpiredTokenError as exc:
        raise TokenExpired() from exc
    except TokenError as exc:
        raise InvalidToken() from exc
    if "sid" not in token:
        raise InvalidToken()
    return token


def _audience_served(aud: object) -> bool:
    """A token that names audiences must name one of ``OAUTH2.AUDIENCE`` (RFC 8725 §3.9).

    Tokens without ``aud`` (the internal issuer's) and deployments that configure no audience
    are not checked: there is nothing to compare with."""
    served = set(auth_settings.oauth2.audience)
    if aud is None or not served:
        return True
    named = {aud} if isinstance(aud, str) else set(aud) if isinstance(aud, list) else set()
    return bool(served & named)
