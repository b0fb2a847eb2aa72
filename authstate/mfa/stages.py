"""The MFA stage of the login pipeline (``AUTHSTATE["LOGIN_STAGES"]``).

MFA protects the account, not one flow: it runs for an MFA flow, and, with
``MFA.REQUIRE_FOR_ENROLLED_USERS`` (the default), for any flow whose user has a confirmed factor,
as allauth and django-two-factor-auth behave. A login already multi-factor (a user-verified
passkey) passes through.
"""

from __future__ import annotations

from authstate.conf import auth_settings
from authstate.mfa import _factors as factors
from authstate.mfa import _service as service
from authstate.pipeline._attempt import LoginAttempt
from authstate.pipeline.stages import Answer, Stage

__all__ = ["MfaStage"]


class MfaStage(Stage):
    """The default ``LOGIN_STAGES`` entry: interrupts a login with ``MFA_REQUIRED`` when the
    flow or the user's enrolled factors ask for a second factor."""

    name = "mfa"

    def handle(self, attempt: LoginAttempt) -> Answer | None:
        if attempt.is_multi_factor or not applies(attempt):
            return None
        return service.begin(attempt)


def applies(attempt: LoginAttempt) -> bool:
    if attempt.flow.requires_mfa:
        return True
    return bool(auth_settings.mfa.require_for_enrolled_users and factors.has_any(attempt.user))
