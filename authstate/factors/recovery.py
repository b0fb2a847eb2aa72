"""Recovery codes: a fallback when the other factors are lost.

A new set replaces the old one; the codes are shown once, and only an HMAC of each is stored.
Checking marks the matching code used under ``select_for_update``, so each works once. They are
never challenged automatically (``selectable = False``) and need no challenge step.
"""

from __future__ import annotations

import secrets
from typing import Any, ClassVar

from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from authstate._translation import gettext_lazy as _
from authstate._typing import User
from authstate.conf import auth_settings
from authstate.factors import _codes as codes
from authstate.factors.base import EnrolledDevice, Enrollment, Factor, Payload, Scratch
from authstate.models import RecoveryCode

__all__ = ["RecoveryFactor"]


ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def normalise(code: str) -> str:
    return code.strip().lower().replace("-", "").replace(" ", "")


def new_code() -> str:
    """Ten characters from a 31-letter alphabet (~50 bits), shown as ``xxxxx-xxxxx``."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def replace_codes(user: User) -> list[str]:
    fresh = [new_code() for _ in range(auth_settings.mfa.recovery_code_count)]
    with transaction.atomic():
        RecoveryCode.objects.filter(user_id=user.pk).delete()
        RecoveryCode.objects.bulk_create(
            RecoveryCode(user_id=user.pk, code_hash=codes.digest(normalise(c))) for c in fresh
        )
    return fresh


class RecoveryFactor(Factor):
    """Single-use recovery codes: the way back in when every other factor is lost."""

    name: ClassVar[str] = "recovery"
    label: ClassVar[str] = _("Recovery code")
    selectable: ClassVar[bool] = False
    enrollment: ClassVar[Enrollment] = Enrollment.ONE_STEP

    def devices(self, user: User) -> list[EnrolledDevice]:
        unused = RecoveryCode.objects.filter(user_id=user.pk, used_at__isnull=True)
        first = unused.first()
        if first is None:
            return []
        label = f"{unused.count()} recovery codes left"
        return [EnrolledDevice(f"recovery-{first.pk}", self.name, label, first.created_at)]

    def enrolled_rows(self, user: User) -> QuerySet[Any]:
        return RecoveryCode.objects.filter(user_id=user.pk, used_at__isnull=True)

    def remove(self, user: User, device_id: str) -> bool:
        if not any(device.id == device_id for device in self.devices(user)):
            return False
        RecoveryCode.objects.filter(user_id=user.pk).delete()
        return True

    def challenge(self, request: HttpRequest, user: User, scratch: Scratch) -> dict[str, Any]:
        return {}

    def verify(self, request: HttpRequest, user: User, scratch: Scratch, payload: Payload) -> bool:
        code = payload.get("code")
        if not isinstance(code, str) or not code.strip():
            return False
        wanted = codes.digest(normalise(code))
        with transaction.atomic():
            row = (
                RecoveryCode.objects.select_for_update().filter(user_id=user.pk, code_hash=wanted, used_at=None).first()
            )
            if row is None:
                return False
            row.used_at = timezone.now()
            row.save(update_fields=["used_at"])
        return True

    def begin_enrollment(self, request: HttpRequest, user: User, scratch: Scratch, payload: Payload) -> dict[str, Any]:
        return {"codes": replace_codes(user)}

    def complete_enrollment(
        self, request: HttpRequest, user: User, scratch: Scratch, payload: Payload
    ) -> dict[str, Any]:
        return {"codes": replace_codes(user)}
