"""Decode access and refresh tokens, mapping SimpleJWT errors onto authstate's codes.

An access token's signature is checked once per process: its claims are kept (``Verified``, an
LRU of ``LOCAL_ACTIVITY_CACHE_SIZE`` raw tokens, like the per-process login activity copies) and
a later request with the very same string only has its expiry checked again. Only tokens the
internal issuer signs with ``SECRET_KEY`` are kept (a key store's keys rotate while processes run),
and the copy is dropped whenever settings reload. Revocation is untouched: it is checked on every
request, after this (``authstate.logins._activity``).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any, TypeVar

from rest_framework_simplejwt.exceptions import ExpiredTokenError, TokenError
from rest_framework_simplejwt.utils import aware_utcnow

from authstate import _clock as clock
from authstate.conf import auth_settings
from authstate.conf.enums import TokenIssuer
from authstate.exceptions import InvalidToken, TokenExpired
from authstate.tokens._jwt import AccessToken, AuthStateToken, RefreshToken

__all__ = ["decode_access", "decode_refresh"]


T = TypeVar("T", bound=AuthStateToken)


def decode_access(raw: str) -> AccessToken:
    verified = _verified()
    claims = verified.claims(raw) if verified is not None else None
    if claims is not None:
        return _rebuilt(raw, claims)
    token = _decode(AccessToken, raw)
    if "sub" not in token or not _audience_served(token.get("aud")):
        raise InvalidToken()
    if verified is not None:
        verified.keep(raw, token.payload)
    return token


class Verified:
    """Claims of raw access tokens already verified here, least recently used dropped first."""

    def __init__(self, size: int) -> None:
        self._size, self._lock = size, threading.Lock()
        self._claims: OrderedDict[str, dict[str, Any]] = OrderedDict()

    def claims(self, raw: str) -> dict[str, Any] | None:
        """The claims of ``raw`` while it has not expired (``exp`` is rechecked on every use)."""
        with self._lock:
            found = self._claims.get(raw)
            if found is None:
                return None
            if found["exp"] <= clock.now():
                del self._claims[raw]
                return None
            self._claims.move_to_end(raw)
            return dict(found)  # a copy: a request may change its token's payload

    def keep(self, raw: str, claims: dict[str, Any]) -> None:
        with self._lock:
            self._claims[raw] = dict(claims)
            while len(self._claims) > self._size:
                self._claims.popitem(last=False)


def _verified() -> Verified | None:
    size = auth_settings.local_activity_cache_size
    if size <= 0 or auth_settings.token_issuer is not TokenIssuer.INTERNAL:
        return None
    return auth_settings.derived("verified_access_tokens", lambda: Verified(size))


def _rebuilt(raw: str, claims: dict[str, Any]) -> AccessToken:
    """The ``AccessToken`` SimpleJWT would build for ``raw``, without checking its signature again."""
    token = AccessToken.__new__(AccessToken)
    token.token, token.current_time, token.payload = raw, aware_utcnow(), claims  # type: ignore[assignment]
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
