"""TOTP (authenticator apps) on django-otp's ``TOTPDevice``.

Verification follows django-otp's own: ``tolerance`` steps either side and the ``last_t`` replay
guard (a code, or any older one, is refused once a code has been accepted). The guard is one
conditional UPDATE (``last_t`` moves forward only if it is still below the code's step), so two
concurrent requests cannot both use one code, without a transaction or a locking read. django-otp's
exponential throttle is not used: ``MAX_RETRY_ATTEMPTS`` and the account lockout bound guessing
for every factor alike. Devices get ``OTP_TOKEN_LENGTH`` digits when it is 8, else 6 (the two
lengths authenticator apps support).
"""

from __future__ import annotations

from base64 import b32encode
from typing import Any, ClassVar
from urllib.parse import quote, urlencode

import qrcode
import qrcode.image.svg
from django.apps import apps
from django.contrib.sites.shortcuts import get_current_site
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from authstate import _clock as clock
from authstate._translation import gettext_lazy as _
from authstate._typing import User
from authstate.conf import auth_settings
from authstate.exceptions import InvalidCode
from authstate.factors.base import REPLAYED, EnrolledDevice, Factor, Payload, Scratch

__all__ = ["TotpFactor"]


DEVICE_NAME = "authstate"


def qr_svg(text: str) -> str:
    """An SVG QR code (no Pillow needed)."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage)
    return str(image.to_string(encoding="unicode"))


def check_token(device: TOTPDevice, code: object, scratch: Scratch | None = None) -> bool:
    """django-otp's TOTP check with its replay guard; saves ``last_t`` on success. A right code of
    a step already used is refused and flagged in ``scratch`` (``REPLAYED``)."""
    if not isinstance(code, str) or not code.strip().isdigit() or len(code.strip()) != device.digits:
        return False
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = clock.now()
    if not totp.verify(int(code.strip()), device.tolerance, device.last_t + 1):
        if scratch is not None and totp.verify(int(code.strip()), device.tolerance):
            scratch[REPLAYED] = True
        return False
    step = totp.t()
    if not TOTPDevice.objects.filter(pk=device.pk, last_t__lt=step).update(last_t=step):
        if scratch is not None:
            scratch[REPLAYED] = True  # another request used this step first
        return False
    device.last_t = step
    return True


def issuer(request: HttpRequest) -> str:
    """``MFA.TOTP_ISSUER``, else the site's name (``django.contrib.sites`` when installed, else the
    host the user enrolled on): what an authenticator app lists the account under."""
    configured = auth_settings.mfa.totp_issuer
    if configured:
        return str(configured)
    if apps.is_installed("django.contrib.sites"):
        return str(get_current_site(request).name)
    return request.get_host().rsplit(":", 1)[0]


def otpauth_url(device: TOTPDevice, issuer: str, username: str) -> str:
    """Key URI format: label ``issuer:username`` and the ``issuer`` parameter, as apps expect."""
    label = quote(f"{issuer}:{username}", safe=":@")
    params = {"secret": b32encode(device.bin_key).decode().rstrip("="), "issuer": issuer}
    params |= {"algorithm": "SHA1", "digits": str(device.digits), "period": str(device.step)}
    return f"otpauth://totp/{label}?{urlencode(params, quote_via=quote)}"


class TotpFactor(Factor):
    """Codes from an authenticator app (RFC 6238, django-otp devices), with a replay guard."""

    name: ClassVar[str] = "totp"
    label: ClassVar[str] = _("Authenticator app")

    def devices(self, user: User) -> list[EnrolledDevice]:
        rows = TOTPDevice.objects.devices_for_user(user, confirmed=True)
        return [
            EnrolledDevice(f"totp-{row.pk}", self.name, row.name, getattr(row, "created_at", None), row) for row in rows
        ]

    def enrolled_rows(self, user: User) -> QuerySet[Any]:
        rows: QuerySet[Any] = TOTPDevice.objects.filter(user_id=user.pk, confirmed=True)
        return rows

    def challenge(self, request: HttpRequest, user: User, scratch: Scratch) -> dict[str, Any]:
        return {}

    def verify(self, request: HttpRequest, user: User, scratch: Scratch, payload: Payload) -> bool:
        return any(check_token(device, payload.get("code"), scratch) for device in self.enrolled_rows(user))

    def begin_enrollment(self, request: HttpRequest, user: User, scratch: Scratch, payload: Payload) -> dict[str, Any]:
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        digits = 8 if auth_settings.mfa.otp_token_length >= 8 else 6
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False, digits=digits)
        scratch["device"] = device.pk
        url = otpauth_url(device, issuer(request), user.get_username())
        return {"secret": b32encode(device.bin_key).decode(), "otpauth_url": url, "qr_svg": qr_svg(url)}

    def complete_enrollment(
        self, request: HttpRequest, user: User, scratch: Scratch, payload: Payload
    ) -> dict[str, Any]:
        with transaction.atomic():
            device = TOTPDevice.objects.select_for_update().filter(user=user, pk=scratch.get("device")).first()
            if device is None or not check_token(device, payload.get("code")):
                raise InvalidCode()
            TOTPDevice.objects.filter(user=user, confirmed=True).delete()
            device.confirmed = True
            device.save(update_fields=["confirmed"])
        return EnrolledDevice(f"totp-{device.pk}", self.name, device.name, device.created_at).public()
