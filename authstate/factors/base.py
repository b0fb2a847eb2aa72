"""The factor contract: what a user can prove in the second step of a login, and how they enroll.

A factor is stateless; everything that must survive between two requests lives in ``scratch``,
a JSON-serialisable dict owned by that factor and persisted for it by the caller:

* during a login, ``scratch`` belongs to the pending-MFA record (``authstate.mfa``), so it lives in
  whichever MFA store is configured (http-session, redis, memory) and dies with the record;
* during enrollment, ``scratch`` is kept per user and factor by the enrollment service.

Factors never see HTTP status codes: they raise ``authstate.exceptions`` errors with stable codes
(``ResendTooSoon``, ``FactorUnavailable``, ``InvalidRequest``) and return plain data.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import Any, ClassVar

from django.db import models
from django.http import HttpRequest

from authstate._typing import User

__all__ = ["EnrolledDevice", "Factor", "Payload", "Scratch"]


Scratch = dict[str, Any]
Payload = Mapping[str, Any]
#: Set in ``scratch`` by ``verify`` when the code was right but already used (TOTP's replay guard),
#: so the refusal can say ``code_already_used`` rather than ``invalid_code``.
REPLAYED = "replayed"


class Enrollment(str, Enum):
    """How a factor's devices are added (``Factor.enrollment``)."""

    TWO_STEP = "two-step"
    """``begin_enrollment`` then ``complete_enrollment``: ``api/mfa/<name>/setup``, ``…/confirm``."""
    ONE_STEP = "one-step"
    """``begin_enrollment`` alone adds it (recovery codes: ``api/mfa/recovery-codes``)."""
    OWN_ROUTES = "own-routes"
    """Neither: the factor's package has its own endpoints (passkeys)."""


@dataclass(frozen=True)
class EnrolledDevice:
    """One enrolled instance of a factor, as listed by ``GET /api/mfa/factors``.

    ``id`` is ``"<factor>-<pk>"`` so ids of different factors never collide; ``obj`` is the model
    row that ``Factor.remove`` deletes by default.
    """

    id: str
    factor: str
    label: str
    created_at: datetime | None = None
    obj: models.Model | None = field(default=None, compare=False, repr=False)

    def public(self) -> dict[str, Any]:
        created = self.created_at.isoformat() if self.created_at else None
        return {"id": self.id, "factor": self.factor, "label": self.label, "created_at": created}


class Factor(ABC):
    """One kind of second factor (``totp``, ``email``, ``sms``, ``recovery``, ``passkey``).

    Class attributes describe it to the MFA service:

    * ``name`` — the wire name (``API.md``), how ``authstate.factors.factor_for`` finds it;
    * ``payload_field`` — the request field ``verify`` reads: ``"code"`` or ``"credential"``;
    * ``delivers`` — ``True`` when ``challenge`` sends something (answer ``CHALLENGE_SENT``),
      ``False`` when the user already holds the secret (``CHALLENGE_READY``);
    * ``selectable`` — ``False`` for factors never auto-challenged (recovery codes are a fallback);
    * ``enrollment`` — how a device is added (``Enrollment``): two steps over the routes
      ``api/mfa/<name>/setup`` and ``…/confirm`` (the default, and what a custom factor gets),
      one step (recovery codes), or the factor's own routes (passkeys' WebAuthn ceremony);
    * ``amr`` — the RFC 8176 methods a verification proves (``otp`` for codes; RFC 8176 has no
      value for e-mailed codes or recovery codes, both one-time passwords).
    """

    name: ClassVar[str]
    label: ClassVar[str] = ""
    payload_field: ClassVar[str] = "code"
    delivers: ClassVar[bool] = False
    selectable: ClassVar[bool] = True
    amr: ClassVar[tuple[str, ...]] = ("otp",)
    enrollment: ClassVar[Enrollment] = Enrollment.TWO_STEP

    @abstractmethod
    def devices(self, user: User) -> list[EnrolledDevice]:
        """The user's confirmed (usable) devices of this factor; unconfirmed ones are excluded."""

    @abstractmethod
    def challenge(self, request: HttpRequest, user: User, scratch: Scratch) -> dict[str, Any]:
        """Prepare a verification; return public data merged into the select answer.

        Delivering factors send the code here (and may raise ``ResendTooSoon``); passkeys return
        ``{"options": {...}}``. Must not reveal secrets: the answer goes to the client.
        """

    @abstractmethod
    def verify(self, request: HttpRequest, user: User, scratch: Scratch, payload: Payload) -> bool:
        """Check ``payload[self.payload_field]``; ``True`` consumes it (a code works once)."""

    @abstractmethod
    def begin_enrollment(self, request: HttpRequest, user: User, scratch: Scratch, payload: Payload) -> dict[str, Any]:
        """Start adding a device (TOTP secret + QR, send a confirmation code, passkey options)."""

    @abstractmethod
    def complete_enrollment(
        self, request: HttpRequest, user: User, scratch: Scratch, payload: Payload
    ) -> dict[str, Any]:
        """Confirm the device started by ``begin_enrollment``; return its public data (``201`` body)."""

    # Safe defaults below; override when a factor knows better.

    def is_enabled(self) -> bool:
        """Whether settings offer this factor at all (e.g. ``SMS_FACTOR.ENABLED``)."""
        return True

    def is_available(self) -> bool:
        """Whether it can be used right now (``False`` while a sender's circuit breaker is open)."""
        return True

    def methods(self, scratch: Scratch) -> tuple[str, ...]:
        """The ``amr`` values a verification proved; a factor that learns them while verifying
        (a passkey: hardware or synced key) leaves them in ``scratch["amr"]``."""
        return tuple(scratch.get("amr") or self.amr)

    def is_enrolled(self, user: User) -> bool:
        return bool(self.devices(user))

    def enrolled_rows(self, user: User) -> models.QuerySet[Any] | None:
        """The user's confirmed rows as a queryset, so "has any factor?" is one query for all
        factors (``authstate.mfa._factors.has_any``); ``None``: ask ``is_enrolled`` instead."""
        return None

    def remove(self, user: User, device_id: str) -> bool:
        """Delete one of the user's devices; ``False`` when ``device_id`` is not theirs."""
        for device in self.devices(user):
            if device.id == device_id and device.obj is not None:
                device.obj.delete()
                return True
        return False
