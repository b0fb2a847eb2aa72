"""One-time numeric codes for delivered factors (email, SMS): make, keep hashed, check once.

A code is ``OTP_TOKEN_LENGTH`` random digits, valid ``OTP_TOKEN_VALIDITY_SECONDS`` after it was
sent. Only its keyed hash is kept in the factor's scratch space (which may sit in Redis); a
successful check removes it, so a code works once.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings

from authstate import _clock as clock
from authstate._cache import shared
from authstate.conf import auth_settings
from authstate.exceptions import ResendTooSoon
from authstate.factors.base import Scratch

__all__ = [
    "check",
    "digest",
    "ensure_resend_allowed",
    "new_code",
    "release_destination",
    "remember",
    "reserve_destination",
]


def new_code() -> str:
    length = auth_settings.mfa.otp_token_length
    return "".join(secrets.choice("0123456789") for _ in range(length))


def digest(code: str) -> str:
    key = f"authstate.factors.codes:{settings.SECRET_KEY}".encode()
    return hmac.new(key, code.strip().encode(), hashlib.sha256).hexdigest()


def ensure_resend_allowed(scratch: Scratch, interval_seconds: int) -> None:
    """Refuse a new code until ``interval_seconds`` after the previous one (429 + retry_after)."""
    sent_at = scratch.get("sent_at")
    if sent_at is None:
        return
    wait = sent_at + interval_seconds - clock.now()
    if wait > 0:
        raise ResendTooSoon(retry_after=int(wait) + 1)


def reserve_destination(channel: str, destination: str, interval_seconds: int) -> str:
    """The same interval per address or number, across login attempts and accounts, so repeated
    logins cannot flood a mailbox or run up an SMS bill. Reserved before sending (``add``: one
    of two concurrent sends wins); returns the key, released if the send fails or the code is used."""
    key, now = _destination_key(channel, destination), clock.now()
    if shared().add(key, now, timeout=interval_seconds + 1):
        return key
    sent_at = shared().get(key)
    if sent_at is not None and sent_at + interval_seconds <= now:  # the cache kept it past its time
        shared().delete(key)
        if shared().add(key, now, timeout=interval_seconds + 1):
            return key
        sent_at = now
    wait = (sent_at if sent_at is not None else now) + interval_seconds - now
    raise ResendTooSoon(retry_after=max(1, int(wait) + 1))


def release_destination(key: str | None) -> None:
    """A code that was not sent, or that was used, no longer paces the next one."""
    if key:
        shared().delete(key)


def _destination_key(channel: str, destination: str) -> str:
    return f"authstate:mfa-sent:{channel}:{hashlib.sha256(destination.lower().encode()).hexdigest()}"


def remember(scratch: Scratch, code: str, paced: str = "") -> None:
    scratch.update(code_hash=digest(code), sent_at=clock.now(), paced=paced)


def check(scratch: Scratch, code: object) -> bool:
    """Constant-time comparison against the pending code; consumes it on success."""
    expected = scratch.get("code_hash")
    if not expected or not isinstance(code, str) or not code.strip():
        return False
    if clock.now() > scratch.get("sent_at", 0) + auth_settings.mfa.otp_token_validity.total_seconds():
        return False
    if not hmac.compare_digest(expected, digest(code)):
        return False
    scratch.pop("code_hash", None)
    scratch.pop("sent_at", None)  # a used code paces nothing: the next challenge may send at once
    release_destination(scratch.pop("paced", None))
    return True
