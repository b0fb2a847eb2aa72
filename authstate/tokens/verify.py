"""Decode an access token into its claims, mapping SimpleJWT errors onto authstate's codes."""

from __future__ import annotations

from rest_framework_simplejwt.exceptions import ExpiredTokenError, TokenError

from authstate.exceptions import InvalidToken, TokenExpired
from authstate.tokens.jwt import AccessToken, RefreshToken


def decode_access(raw: str) -> AccessToken:
    try:
        token = AccessToken(raw)  # type: ignore[arg-type]
    except ExpiredTokenError as exc:
        raise TokenExpired() from exc
    except TokenError as exc:
        raise InvalidToken() from exc
    if "sid" not in token or "sub" not in token:
        raise InvalidToken()
    return token


def decode_refresh(raw: str) -> RefreshToken:
    try:
        token = RefreshToken(raw)  # type: ignore[arg-type]
    except ExpiredTokenError as exc:
        raise TokenExpired() from exc
    except TokenError as exc:
        raise InvalidToken() from exc
    if "sid" not in token:
        raise InvalidToken()
    return token
