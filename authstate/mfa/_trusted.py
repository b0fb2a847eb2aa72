"""Remember this device: a signed cookie that lets a user skip MFA on this browser or client.

The cookie (``TRUSTED_DEVICE_COOKIE_NAME``, HttpOnly) holds the user's id and a fingerprint of
their password hash and enrolled devices, signed with ``SECRET_KEY``, valid
``DEVICE_REMEMBER_DURATION_MS``. A new password, any added or removed factor, or "log out
everywhere" (which moves the user's generation, ``authstate.models.UserGeneration``) changes the
fingerprint, so every remembered device falls back to MFA at once.
"""

from __future__ import annotations

import hashlib
import hmac

from django.core import signing
from django.http import HttpRequest, HttpResponse

from authstate._typing import User
from authstate.conf import auth_settings
from authstate.mfa import _factors as factors
from authstate.models import UserGeneration

__all__ = ["SALT", "fingerprint", "is_trusted", "max_age", "remember"]


SALT = "authstate.mfa.trusted-device"


def fingerprint(user: User) -> str:
    devices = sorted(device.id for factor in factors.enabled() for device in factor.devices(user))
    generation = str(UserGeneration.objects.current(user))
    material = "|".join([str(user.pk), user.password or "", generation, *devices])
    return hashlib.sha256(material.encode()).hexdigest()[:32]


def max_age() -> int:
    return int(auth_settings.mfa.device_remember_duration.total_seconds())


def remember(response: HttpResponse, user: User) -> None:
    value = signing.dumps({"u": str(user.pk), "f": fingerprint(user)}, salt=SALT, compress=True)
    response.set_cookie(
        auth_settings.mfa.trusted_device_cookie_name,
        value,
        max_age=max_age(),
        httponly=True,
        secure=auth_settings.cookie_secure,
        samesite="Lax",
    )


def is_trusted(request: HttpRequest, user: User) -> bool:
    raw = request.COOKIES.get(auth_settings.mfa.trusted_device_cookie_name)
    if not raw or max_age() <= 0:
        return False
    try:
        data = signing.loads(raw, salt=SALT, max_age=max_age())
    except signing.BadSignature:
        return False
    return data.get("u") == str(user.pk) and hmac.compare_digest(str(data.get("f")), fingerprint(user))
