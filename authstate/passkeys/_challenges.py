"""Single-use, self-authenticating WebAuthn challenges.

A challenge is ``nonce ‖ issued-at ‖ MAC(purpose, binding, nonce, issued-at)``: the server keeps
nothing until it is answered, so an anonymous caller asking for options fills no storage, and any
instance sharing ``SECRET_KEY`` can check it. ``binding`` ties a challenge to what it was issued
for (a user's registration, a flow's passwordless login, one MFA attempt). Redeeming marks it
spent in the cache with ``add`` — atomic on Redis and locmem — so a replayed answer fails even
when the authenticator keeps no signature counter.
"""

from __future__ import annotations

import hashlib
import secrets
import struct

from django.utils.crypto import constant_time_compare, salted_hmac

from authstate import _clock as clock
from authstate._cache import shared
from authstate.conf import auth_settings
from authstate.passkeys._relying_party import timeout_ms

__all__ = ["MAC_BYTES", "NONCE_BYTES", "SPENT_PREFIX", "ChallengeError", "issue", "redeem"]


NONCE_BYTES = 16
MAC_BYTES = 16
SPENT_PREFIX = "authstate:passkey:spent:"


class ChallengeError(Exception):
    """The answered challenge is not one we issued for this purpose, is too old, or was used."""


def issue(purpose: str, binding: str) -> bytes:
    nonce = secrets.token_bytes(NONCE_BYTES)
    issued = struct.pack(">Q", int(clock.now() * 1000))
    return nonce + issued + _mac(purpose, binding, nonce + issued)


def redeem(challenge: bytes, purpose: str, binding: str) -> None:
    """Accept ``challenge`` once; raise ``ChallengeError`` otherwise."""
    body, mac = challenge[:-MAC_BYTES], challenge[-MAC_BYTES:]
    if len(body) != NONCE_BYTES + 8 or not constant_time_compare(mac, _mac(purpose, binding, body)):
        raise ChallengeError("challenge not issued here")
    (issued_ms,) = struct.unpack(">Q", body[NONCE_BYTES:])
    if clock.now() * 1000 - issued_ms > timeout_ms():
        raise ChallengeError("challenge expired")
    if not _mark_spent(challenge):
        raise ChallengeError("challenge already used")


def _mac(purpose: str, binding: str, body: bytes) -> bytes:
    value = f"{binding}:".encode() + body
    return salted_hmac(f"authstate.passkeys.challenge.{purpose}", value, algorithm="sha256").digest()[:MAC_BYTES]


def _mark_spent(challenge: bytes) -> bool:
    key = SPENT_PREFIX + hashlib.sha256(challenge).hexdigest()
    seconds = int(auth_settings.passkey.timeout.total_seconds()) + 1
    return bool(shared().add(key, 1, timeout=seconds))
