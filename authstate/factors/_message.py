"""What email and SMS codes share: a confirmed destination, a delivered code, resend pacing.

Subclasses say which ``MessageDevice.kind`` they use, which resend interval applies, whether
settings enable them, and how to send one message.
"""

from __future__ import annotations

from abc import abstractmethod
from typing import Any, ClassVar

from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from authstate._translation import gettext_lazy as _
from authstate._typing import User
from authstate.exceptions import FactorUnavailable, InvalidCode, InvalidRequest
from authstate.factors import _breaker as breaker
from authstate.factors import _codes as codes
from authstate.factors import _delivery as delivery
from authstate.factors.base import EnrolledDevice, Factor, Payload, Scratch
from authstate.models import MessageDevice

__all__ = ["MessageFactor"]


class MessageFactor(Factor):
    delivers: ClassVar[bool] = True
    kind: ClassVar[str]

    @abstractmethod
    def resend_interval(self) -> int:
        """Seconds between two codes to the same attempt or enrollment."""

    @abstractmethod
    def send(self, destination: str, code: str, user: User) -> None:
        """Deliver one code; raise on failure (the breaker counts it)."""

    def is_available(self) -> bool:
        return not breaker.is_open(self.name)

    def devices(self, user: User) -> list[EnrolledDevice]:
        rows = MessageDevice.objects.filter(user_id=user.pk, kind=self.kind, confirmed=True)
        return [EnrolledDevice(f"{self.name}-{row.pk}", self.name, row.masked, row.created_at, row) for row in rows]

    def enrolled_rows(self, user: User) -> QuerySet[Any]:
        return MessageDevice.objects.filter(user_id=user.pk, kind=self.kind, confirmed=True)

    def challenge(self, request: HttpRequest, user: User, scratch: Scratch) -> dict[str, Any]:
        device = MessageDevice.objects.filter(user_id=user.pk, kind=self.kind, confirmed=True).last()
        if device is None:
            raise InvalidRequest(_("This factor is not set up."))
        self._send_code(scratch, device.destination, user)
        return {"sent_to": device.masked}

    def verify(self, request: HttpRequest, user: User, scratch: Scratch, payload: Payload) -> bool:
        if not codes.check(scratch, payload.get("code")):
            return False
        MessageDevice.objects.filter(user_id=user.pk, kind=self.kind, confirmed=True).update(
            last_used_at=timezone.now()
        )
        return True

    def begin_enrollment(self, request: HttpRequest, user: User, scratch: Scratch, payload: Payload) -> dict[str, Any]:
        destination = self.destination_for(user, payload)
        self._send_code(scratch, destination, user)
        scratch["destination"] = destination
        return {"status": "CHALLENGE_SENT", "sent_to": MessageDevice(destination=destination).masked}

    def complete_enrollment(
        self, request: HttpRequest, user: User, scratch: Scratch, payload: Payload
    ) -> dict[str, Any]:
        if "destination" not in scratch or not codes.check(scratch, payload.get("code")):
            raise InvalidCode()
        with transaction.atomic():
            MessageDevice.objects.filter(user_id=user.pk, kind=self.kind).delete()
            row = MessageDevice.objects.create(
                user_id=user.pk, kind=self.kind, destination=scratch["destination"], confirmed=True
            )
        return EnrolledDevice(f"{self.name}-{row.pk}", self.name, row.masked, row.created_at).public()

    @abstractmethod
    def destination_for(self, user: User, payload: Payload) -> str:
        """Where enrollment sends the confirmation code (validated)."""

    def _send_code(self, scratch: Scratch, destination: str, user: User) -> None:
        interval = self.resend_interval()
        codes.ensure_resend_allowed(scratch, interval)
        paced = codes.reserve_destination(self.name, destination, interval)
        code = codes.new_code()
        try:
            delivery.deliver(self.name, lambda: self.send(destination, code, user))
        except FactorUnavailable:
            codes.release_destination(paced)
            raise
        codes.remember(scratch, code, paced)
