"""Reusable schema pieces: the error envelope of API.md and the bodies shared by several views.

Bodies are plain DRF serializers used only for documentation; the views build their JSON by hand
(or in the services), and ``tests/test_openapi.py`` checks real answers against these shapes.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from drf_spectacular.utils import OpenApiResponse, PolymorphicProxySerializer
from rest_framework import serializers

from authstate._http import status_for

__all__ = [
    "LOGIN_RESULT",
    "AuthenticatedSerializer",
    "ErrorEnvelopeSerializer",
    "ErrorSerializer",
    "LoggedOutSerializer",
    "LoginTokensSerializer",
    "MeSerializer",
    "MfaChallengeSerializer",
    "MfaRequiredSerializer",
    "StatusSerializer",
    "errors",
    "one_of",
]


def one_of(*values: str, **kwargs: Any) -> serializers.ChoiceField:
    """A ``status`` field. Each value set must belong to one component only: drf-spectacular turns
    every choice set into a shared enum component and warns when two components share one."""
    return serializers.ChoiceField(choices=list(values), **kwargs)


class ErrorSerializer(serializers.Serializer[Any]):
    # Built in get_fields: a member called "fields" would, as a class attribute, shadow
    # Serializer.fields. (A comment, not a docstring: docstrings become schema descriptions.)

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        return {
            "code": serializers.CharField(help_text="Stable snake_case code; see the HTTP API page for the list."),
            "message": serializers.CharField(help_text="Human-readable text; may change and be translated."),
            "attempts_left": serializers.IntegerField(required=False, help_text="MFA codes left before a lockout."),
            "retry_after": serializers.IntegerField(required=False, help_text="Seconds to wait (also `Retry-After`)."),
            "fields": serializers.DictField(
                child=serializers.ListField(child=serializers.CharField()),
                required=False,
                help_text="Per-field messages of an `invalid_request`.",
            ),
        }


class ErrorEnvelopeSerializer(serializers.Serializer[Any]):
    error = ErrorSerializer()


def errors(*codes: str) -> dict[int, OpenApiResponse]:
    """Responses for the given error codes, grouped by the status ``authstate._http`` gives them."""
    by_status: dict[int, list[str]] = defaultdict(list)
    for code in codes:
        by_status[status_for(code)].append(code)
    return {
        status: OpenApiResponse(ErrorEnvelopeSerializer, description="Codes: " + ", ".join(f"`{c}`" for c in found))
        for status, found in sorted(by_status.items())
    }


class StatusSerializer(serializers.Serializer[Any]):
    status = serializers.CharField()


class LoginTokensSerializer(serializers.Serializer[Any]):
    """The tokens an oauth2-state answer carries in its body (which ones depends on the transport);
    every answer that issues a login shares them, so they are declared once."""

    access_token = serializers.CharField(required=False, help_text="oauth2 state; absent with the COOKIE transport.")
    token_type = serializers.CharField(required=False, help_text="`Bearer`.")
    expires_in = serializers.IntegerField(required=False, help_text="Access token lifetime in seconds.")
    refresh_token = serializers.CharField(required=False, help_text="Only with the HEADER transport.")
    refresh_expires_in = serializers.IntegerField(required=False, help_text="Refresh token lifetime in seconds.")


class AuthenticatedSerializer(LoginTokensSerializer):
    """A completed login or refresh. The session state sends only ``status`` (the rotated session
    cookie is the credential); the oauth2 state adds the tokens its transport puts in the body."""

    status = one_of("AUTHENTICATED")


class MfaChallengeSerializer(serializers.Serializer[Any]):
    status = one_of("CHALLENGE_SENT", "CHALLENGE_READY")
    factor = serializers.CharField()
    expires_in = serializers.IntegerField(help_text="Seconds left to answer.")
    sent_to = serializers.CharField(required=False, help_text="Masked address or number (email, sms).")
    options = serializers.DictField(required=False, help_text="WebAuthn request options (passkey).")


class MfaRequiredSerializer(serializers.Serializer[Any]):
    status = one_of("MFA_REQUIRED")
    mfa_token = serializers.CharField(help_text="Opaque; send it with every MFA step (body or `X-MFA-Token`).")
    factors = serializers.ListField(child=serializers.CharField(), help_text="Factors the user may use now.")
    unavailable_factors = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="Enrolled, but out of service right now."
    )
    expires_in = serializers.IntegerField(help_text="Seconds left to finish MFA.")
    challenge = MfaChallengeSerializer(
        required=False, help_text="With FACTOR_SELECTION_TYPE=AUTO: the first challenge."
    )


LOGIN_RESULT = PolymorphicProxySerializer(
    component_name="LoginResult",
    serializers={"AUTHENTICATED": AuthenticatedSerializer, "MFA_REQUIRED": MfaRequiredSerializer},
    resource_type_field_name="status",
)


class LoggedOutSerializer(serializers.Serializer[Any]):
    """``POST /logout`` and ``POST /api/auth/logout-all`` (which adds the counts)."""

    status = one_of("LOGGED_OUT")
    revoked = serializers.IntegerField(required=False, help_text="Logins ended (logout-all only).")
    current_kept = serializers.BooleanField(required=False, help_text="Whether the caller's login survived.")


class MeSerializer(serializers.Serializer[Any]):
    username = serializers.CharField()
    state = one_of("session", "oauth2")
    flow = serializers.CharField()
    login_id = serializers.CharField()
    instance = serializers.CharField(help_text="The process that answered (`INSTANCE_NAME`, else host:port).")
    amr = serializers.ListField(
        child=serializers.CharField(), help_text="RFC 8176 methods that proved this login (`pwd`, `otp`, `mfa`, ...)."
    )
    auth_time = serializers.IntegerField(
        allow_null=True, help_text="When the user last proved who they are (epoch seconds)."
    )
