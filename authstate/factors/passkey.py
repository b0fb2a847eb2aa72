"""The passkey factor: a WebAuthn assertion from one of the user's registered passkeys.

``challenge`` answers the select call with request options listing the user's passkeys and keeps
the challenge in ``scratch`` (the pending-MFA record); ``verify`` reads ``payload["credential"]``.
The challenge is also bound to the user and spent in the cache on use, so a replayed assertion
fails even if the caller does not persist ``scratch``.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db.models import QuerySet
from django.http import HttpRequest
from webauthn.helpers import base64url_to_bytes, bytes_to_base64url

from authstate._translation import gettext_lazy as _
from authstate._typing import User
from authstate.conf import auth_settings
from authstate.exceptions import AuthStateError, InvalidRequest
from authstate.factors.base import EnrolledDevice, Enrollment, Factor, Payload, Scratch
from authstate.models import Passkey
from authstate.passkeys import _ceremony as ceremony
from authstate.passkeys import _challenges as challenges
from authstate.passkeys import _service as service

__all__ = ["PasskeyFactor"]


PURPOSE = "mfa"
SCRATCH_KEY = "challenge"


class PasskeyFactor(Factor):
    """A WebAuthn assertion from one of the user's passkeys, as a second factor."""

    name: ClassVar[str] = "passkey"
    label: ClassVar[str] = _("Passkey")
    payload_field: ClassVar[str] = "credential"
    enrollment: ClassVar[Enrollment] = Enrollment.OWN_ROUTES

    def is_enabled(self) -> bool:
        return bool(auth_settings.passkey.enabled)

    def devices(self, user: User) -> list[EnrolledDevice]:
        return [
            EnrolledDevice(id=f"passkey-{p.pk}", factor=self.name, label=p.name, created_at=p.created_at, obj=p)
            for p in service.of_user(user)
        ]

    def enrolled_rows(self, user: User) -> QuerySet[Any]:
        return Passkey.objects.filter(user_id=user.pk)

    def challenge(self, request: HttpRequest, user: User, scratch: Scratch) -> dict[str, Any]:
        options, challenge = ceremony.authentication_options(
            request, purpose=PURPOSE, binding=str(user.pk), allow=service.of_user(user), passwordless=False
        )
        scratch[SCRATCH_KEY] = bytes_to_base64url(challenge)
        return {"options": options}

    def verify(self, request: HttpRequest, user: User, scratch: Scratch, payload: Payload) -> bool:
        """A failed attempt leaves the challenge open, so the page can simply ask the browser again."""
        expected = scratch.get(SCRATCH_KEY)
        if not expected:
            return False
        try:
            parsed = ceremony.parse_assertion(payload.get(self.payload_field))
            challenge = ceremony.asserted_challenge(parsed)
            if challenge != base64url_to_bytes(expected):
                return False
            passkey = service.use(request, parsed, challenge, passwordless=False, user=user)
            challenges.redeem(challenge, PURPOSE, str(user.pk))
        except (AuthStateError, challenges.ChallengeError):
            return False
        del scratch[SCRATCH_KEY]
        scratch["amr"] = service.passkey_methods(passkey)
        return True

    def begin_enrollment(self, request: HttpRequest, user: User, scratch: Scratch, payload: Payload) -> dict[str, Any]:
        return {"options": service.registration_options(request, user)}

    def complete_enrollment(
        self, request: HttpRequest, user: User, scratch: Scratch, payload: Payload
    ) -> dict[str, Any]:
        credential = payload.get("credential")
        if not isinstance(credential, dict):
            raise InvalidRequest(_('Send the passkey as {"credential": {...}}.'))
        passkey = service.register(request, user, credential, str(payload.get("name") or ""))
        return service.public(passkey)
