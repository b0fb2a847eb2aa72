"""Asymmetric signing keys: the ``kid``, the algorithm, the public JWK, and which keys still verify.

A key's ``kid`` is its RFC 7638 thumbprint, so it is the same on every instance that loads the
same key store and changes whenever the key does. A retired key keeps verifying until every
token it signed has expired (``retention()``), then it is ignored even if still in the file. A
staged key verifies (and is published) before it signs, so a rotation can reach every instance
before any of them uses the new key.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cached_property
from typing import Any

from cryptography.hazmat.primitives.asymmetric import ec, rsa
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from jwt.algorithms import ECAlgorithm, RSAAlgorithm
from jwt.utils import base64url_encode

from authstate.conf import auth_settings

__all__ = [
    "P256_ORDER",
    "THUMBPRINT_MEMBERS",
    "KeySet",
    "PrivateKey",
    "PublicKey",
    "SigningKey",
    "development_key",
    "generate",
    "retention",
    "thumbprint",
    "validate",
]


PrivateKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey
PublicKey = rsa.RSAPublicKey | ec.EllipticCurvePublicKey

#: RFC 7638: the members that make up each key type's thumbprint, in lexicographic order.
THUMBPRINT_MEMBERS = {"RSA": ("e", "kty", "n"), "EC": ("crv", "kty", "x", "y")}
P256_ORDER = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551


@dataclass(frozen=True)
class SigningKey:
    private: PrivateKey
    retired_at: datetime | None = None
    staged_at: datetime | None = None

    @property
    def public(self) -> PublicKey:
        return self.private.public_key()

    @property
    def alg(self) -> str:
        return "RS256" if isinstance(self.private, rsa.RSAPrivateKey) else "ES256"

    @cached_property
    def kid(self) -> str:
        return thumbprint(self._raw_jwk())

    def public_jwk(self) -> dict[str, Any]:
        """RFC 7517 advises against ``key_ops`` next to ``use``; PyJWT adds it, so it is dropped."""
        jwk = {name: value for name, value in self._raw_jwk().items() if name != "key_ops"}
        return {**jwk, "kid": self.kid, "alg": self.alg, "use": "sig"}

    def _raw_jwk(self) -> dict[str, Any]:
        public = self.public
        if isinstance(public, rsa.RSAPublicKey):
            return RSAAlgorithm.to_jwk(public, as_dict=True)
        return ECAlgorithm.to_jwk(public, as_dict=True)

    def verifies_at(self, now: datetime) -> bool:
        return self.retired_at is None or self.retired_at + retention() > now


@dataclass(frozen=True)
class KeySet:
    """The active key signs; it, the staged keys and the retired keys still in retention verify."""

    active: SigningKey
    retired: tuple[SigningKey, ...] = field(default_factory=tuple)
    staged: tuple[SigningKey, ...] = field(default_factory=tuple)

    def verifying(self) -> dict[str, SigningKey]:
        now = timezone.now()
        keys = [self.active, *self.staged, *(key for key in self.retired if key.verifies_at(now))]
        return {key.kid: key for key in keys}

    def jwks(self) -> dict[str, Any]:
        return {"keys": [key.public_jwk() for key in self.verifying().values()]}


def thumbprint(jwk: dict[str, Any]) -> str:
    """RFC 7638: SHA-256 of the required members, sorted, without whitespace, base64url."""
    members = {name: jwk[name] for name in THUMBPRINT_MEMBERS[jwk["kty"]]}
    canonical = json.dumps(members, separators=(",", ":"), sort_keys=True).encode()
    return base64url_encode(hashlib.sha256(canonical).digest()).decode()


def retention() -> timedelta:
    """How long a retired key must still verify: the longest token life plus a minute of slack."""
    longest = max(auth_settings.access_token_validity, auth_settings.refresh_token_validity)
    return longest + timedelta(minutes=1)


def validate(private: Any) -> SigningKey:
    if isinstance(private, rsa.RSAPrivateKey):
        if private.key_size < 2048:
            raise ImproperlyConfigured(f"RSA signing keys need at least 2048 bits, not {private.key_size}")
        return SigningKey(private)
    if isinstance(private, ec.EllipticCurvePrivateKey) and isinstance(private.curve, ec.SECP256R1):
        return SigningKey(private)
    raise ImproperlyConfigured("signing keys must be RSA (RS256) or EC P-256 (ES256)")


def generate(alg: str) -> PrivateKey:
    if alg == "RS256":
        return rsa.generate_private_key(public_exponent=65537, key_size=3072)
    if alg == "ES256":
        return ec.generate_private_key(ec.SECP256R1())
    raise ImproperlyConfigured(f"unsupported algorithm {alg!r}; use RS256 or ES256")


def development_key() -> SigningKey:
    """DEBUG only: an ES256 key derived from ``SECRET_KEY``, so every dev instance agrees on it."""
    seed = hashlib.sha256(b"authstate.oauth2.development-signing-key:" + settings.SECRET_KEY.encode()).digest()
    scalar = int.from_bytes(seed, "big") % (P256_ORDER - 1) + 1
    return SigningKey(ec.derive_private_key(scalar, ec.SECP256R1()))
