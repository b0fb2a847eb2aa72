"""RFC 6238 TOTP, written out so the browser tests share no code with the server they check."""

from __future__ import annotations

import base64
import hashlib
import hmac
import struct
import time


def step_now(period: int = 30) -> int:
    return int(time.time()) // period


def totp(secret: str, step: int, digits: int = 6) -> str:
    """The code of time step ``step`` for the base32 ``secret`` (spaces and case ignored)."""
    cleaned = secret.replace(" ", "").upper()
    key = base64.b32decode(cleaned + "=" * (-len(cleaned) % 8))
    digest = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**digits).zfill(digits)
