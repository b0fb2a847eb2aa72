"""Password change and reset (``/api/password/*``)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiResponse, PolymorphicProxySerializer
from rest_framework import serializers

from authstate.flows.rest._passwords import (
    PasswordChangeSerializer,
    PasswordResetConfirmSerializer,
    PasswordResetSerializer,
)
from authstate.openapi._annotate import document
from authstate.openapi._components import LoginTokensSerializer, MfaChallengeSerializer, errors, one_of
from authstate.openapi._views_core import AUTH_ERRORS

__all__ = [
    "RESET_CONFIRM_RESULT",
    "PasswordChangedSerializer",
    "PasswordResetDoneSerializer",
    "ResetRequestedSerializer",
]


class PasswordChangedSerializer(LoginTokensSerializer):
    """The session state sends only ``status`` (its session key was rotated); the oauth2 state adds
    the tokens of the login that replaced the caller's, as a login answer does."""

    status = one_of("PASSWORD_CHANGED")


class ResetRequestedSerializer(serializers.Serializer[Any]):
    status = one_of("RESET_REQUESTED")


class PasswordResetDoneSerializer(serializers.Serializer[Any]):
    status = one_of("PASSWORD_RESET")


RESET_CONFIRM_RESULT = PolymorphicProxySerializer(
    component_name="PasswordResetConfirmResult",
    serializers=[PasswordResetDoneSerializer, MfaChallengeSerializer],
    resource_type_field_name=None,
)

document(
    "authstate.flows.rest._passwords.PasswordChangeView",
    tags=["passwords"],
    post={
        "summary": "Change the password (current password and a recent login)",
        "description": "Needs a login proven within `MFA.FACTOR_CHANGE_MAX_AUTH_AGE_MS` (else "
        "`reauthentication_required`: step up at `/api/reauthenticate`). A wrong current password counts "
        "toward the account lockout. On success every other login of the user ends; a session continues "
        "under a rotated key, a token login is replaced by a new one (fresh tokens in the answer). "
        "Password validators' messages come back in `error.fields.new_password`.",
        "request": PasswordChangeSerializer,
        "responses": {
            200: PasswordChangedSerializer,
            **errors(
                *AUTH_ERRORS,
                "invalid_request",
                "invalid_credentials",
                "account_locked",
                "reauthentication_required",
                "insufficient_scope",
                "permission_denied",
                "csrf_failed",
                "login_limit_reached",
            ),
        },
    },
)

document(
    "authstate.flows.rest._passwords.PasswordResetView",
    tags=["passwords"],
    post={
        "summary": "Ask for a password-reset link by e-mail",
        "description": "The same `202` (body and timing) whether or not the address belongs to an account. "
        "Throttled per address (`PASSWORD.RESET_ADDRESS_LIMIT`) and per client IP (`PASSWORD.RESET_IP_LIMIT`) "
        "per `THROTTLE.WINDOW`. The link is built on `PASSWORD.RESET_BASE_URL`, never on the `Host` header.",
        "request": PasswordResetSerializer,
        "responses": {202: ResetRequestedSerializer, **errors("invalid_request", "throttled")},
        "auth": [],
    },
)

document(
    "authstate.flows.rest._passwords.PasswordResetConfirmView",
    tags=["passwords"],
    post={
        "summary": "Set a new password with a reset link's uid and token",
        "description": "When the account has a second factor and `MFA.REQUIRE_FOR_ENROLLED_USERS` is on, "
        "the confirm also needs `factor` and `code` (passkey: `credential`): without `factor` it answers "
        "`403 mfa_required` with `factors`; a `factor` without a code answers its challenge. An e-mail factor "
        "sending to the reset's own mailbox does not count. On success every login of the user ends and the "
        "account lockout is lifted; the link is single-use.",
        "request": PasswordResetConfirmSerializer,
        "responses": {
            200: OpenApiResponse(RESET_CONFIRM_RESULT, description="`PASSWORD_RESET`, or a factor's challenge."),
            **errors(
                "invalid_request",
                "invalid_reset_link",
                "mfa_required",
                "invalid_code",
                "challenge_expired",
                "mfa_locked",
                "account_locked",
                "resend_too_soon",
                "factor_unavailable",
                "invalid_passkey",
            ),
        },
        "auth": [],
    },
)
