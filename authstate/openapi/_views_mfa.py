"""MFA during a login (select, verify, cancel, config) and enrollment of a signed-in user's factors."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, PolymorphicProxySerializer, inline_serializer
from rest_framework import serializers

from authstate.openapi._annotate import document
from authstate.openapi._components import AuthenticatedSerializer, MfaChallengeSerializer, errors, one_of
from authstate.openapi._views_core import AUTH_ERRORS

__all__ = [
    "CODE_REQUEST",
    "CONTINUE",
    "DEVICE",
    "ENROLL_ERRORS",
    "FACTORS",
    "MFA_HEADER",
    "PENDING_ERRORS",
    "PHONE_REQUEST",
    "SENT",
    "TOTP_SETUP",
    "VERIFY_REQUEST",
]


MFA_HEADER = OpenApiParameter("X-MFA-Token", str, OpenApiParameter.HEADER, required=False)
PENDING_ERRORS = ("invalid_request", "mfa_expired", "mfa_locked", "account_locked", "invalid_state", "not_found")
FACTORS = serializers.ListField(child=serializers.CharField())

CONTINUE = inline_serializer("MfaContinue", {"status": one_of("MFA_CONTINUE"), "factors": FACTORS})
VERIFY_REQUEST = inline_serializer(
    "MfaVerifyRequest",
    {
        "mfa_token": serializers.CharField(required=False, help_text="Or the `X-MFA-Token` header."),
        "factor": serializers.CharField(),
        "code": serializers.CharField(required=False),
        "credential": serializers.DictField(required=False, help_text="`credential.toJSON()` (passkey)."),
        "remember_device": serializers.BooleanField(required=False),
    },
)


def _token_request(name: str, **fields: serializers.Field[Any, Any, Any, Any]) -> Any:
    return inline_serializer(name, {"mfa_token": serializers.CharField(required=False), **fields})


document(
    "authstate.mfa.views._api.MfaSelectView",
    tags=["mfa"],
    post={
        "summary": "Challenge one factor (also resend, or try another)",
        "request": _token_request("MfaSelectRequest", factor=serializers.CharField()),
        "parameters": [MFA_HEADER],
        "responses": {
            200: MfaChallengeSerializer,
            **errors(*PENDING_ERRORS, "resend_too_soon", "factor_unavailable", "service_unavailable"),
        },
        "auth": [],
    },
)
document(
    "authstate.mfa.views._api.MfaVerifyView",
    tags=["mfa"],
    post={
        "summary": "Answer the challenge",
        "description": "`MFA_CONTINUE` while more factors are required, else a completed login.",
        "request": VERIFY_REQUEST,
        "parameters": [MFA_HEADER],
        "responses": {
            200: PolymorphicProxySerializer(
                component_name="MfaVerifyResult",
                serializers={"MFA_CONTINUE": CONTINUE, "AUTHENTICATED": AuthenticatedSerializer},
                resource_type_field_name="status",
            ),
            **errors(*PENDING_ERRORS, "invalid_code", "challenge_expired", "invalid_passkey", "login_limit_reached"),
        },
        "auth": [],
    },
)
document(
    "authstate.mfa.views._api.MfaCancelView",
    tags=["mfa"],
    post={
        "summary": "Abandon the MFA login",
        "request": _token_request("MfaCancelRequest"),
        "parameters": [MFA_HEADER],
        "responses": {
            200: inline_serializer("MfaCancelled", {"status": one_of("MFA_CANCELLED")}),
            **errors("invalid_request", "mfa_expired"),
        },
        "auth": [],
    },
)
document(
    "authstate.mfa.views._api.MfaConfigView",
    tags=["mfa"],
    get={
        "summary": "MFA flows, URLs and public settings (for SDKs)",
        "responses": {
            200: inline_serializer(
                "MfaConfig",
                {
                    "flows": serializers.ListField(child=serializers.DictField()),
                    "factor_selection_type": one_of("SELECT", "AUTO"),
                    "factors": FACTORS,
                    "urls": serializers.DictField(child=serializers.CharField()),
                    "otp_token_length": serializers.IntegerField(),
                    "otp_token_validity_seconds": serializers.IntegerField(),
                    "email_resend_interval_seconds": serializers.IntegerField(),
                    "sms_resend_interval_seconds": serializers.IntegerField(),
                    "max_retry_attempts": serializers.IntegerField(),
                    "session_timeout_seconds": serializers.IntegerField(),
                    "challenge_timeout_seconds": serializers.IntegerField(),
                    "device_remember_seconds": serializers.IntegerField(),
                },
            )
        },
        "auth": [],
    },
)

DEVICE = inline_serializer(
    "EnrolledFactor",
    {
        "id": serializers.CharField(help_text="`<factor>-<n>`; use it to remove the factor."),
        "factor": serializers.CharField(),
        "label": serializers.CharField(),
        "created_at": serializers.DateTimeField(allow_null=True),
    },
)
TOTP_SETUP = inline_serializer(
    "TotpSetup",
    {"secret": serializers.CharField(), "otpauth_url": serializers.CharField(), "qr_svg": serializers.CharField()},
)
CODE_REQUEST = inline_serializer("EnrollmentCode", {"code": serializers.CharField()})
PHONE_REQUEST = inline_serializer(
    "EnrollmentSetupRequest",
    {"phone_number": serializers.CharField(required=False, help_text="`sms` only: the number, E.164.")},
)
SENT = inline_serializer("EnrollmentCodeSent", {"sent_to": serializers.CharField()})
ENROLL_ERRORS = (
    *AUTH_ERRORS,
    "invalid_request",
    "csrf_failed",
    "not_found",
    "mfa_required",
    "reauthentication_required",
    "insufficient_scope",
)


FACTOR_PARAMETER = OpenApiParameter(
    "factor",
    str,
    OpenApiParameter.PATH,
    description="A configured factor enrolled in two steps: `totp`, `email`, `sms`, or one `MFA.FACTORS` adds.",
)
SETUP = PolymorphicProxySerializer(
    component_name="EnrollmentStarted",
    serializers=[TOTP_SETUP, SENT],
    resource_type_field_name=None,
)


def _enrollment(initkwargs: dict[str, Any]) -> dict[str, Any]:
    if initkwargs.get("step") == "confirm":
        return {
            "summary": "Confirm the factor with a code",
            "request": CODE_REQUEST,
            "parameters": [FACTOR_PARAMETER],
            "responses": {201: DEVICE, **errors(*ENROLL_ERRORS, "invalid_code", "challenge_expired")},
        }
    return {
        "summary": "Start enrolling the factor (totp: a secret and its QR code; email, sms: a code is sent)",
        "request": PHONE_REQUEST,
        "parameters": [FACTOR_PARAMETER],
        "responses": {200: SETUP, **errors(*ENROLL_ERRORS, "resend_too_soon", "factor_unavailable")},
    }


document("authstate.mfa.views._enroll_api.EnrollmentView", tags=["mfa enrollment"], post=_enrollment)
document(
    "authstate.mfa.views._enroll_api.RecoveryCodesView",
    tags=["mfa enrollment"],
    post={
        "summary": "New recovery codes (replaces the old set; shown once)",
        "request": None,
        "responses": {
            201: inline_serializer("RecoveryCodes", {"codes": serializers.ListField(child=serializers.CharField())}),
            **errors(*ENROLL_ERRORS),
        },
    },
)
document(
    "authstate.mfa.views._enroll_api.FactorListView",
    tags=["mfa enrollment"],
    get={
        "summary": "The signed-in user's factors",
        "responses": {
            200: inline_serializer("EnrolledFactors", {"factors": DEVICE.__class__(many=True)}),
            **errors(*AUTH_ERRORS),
        },
    },
)
document(
    "authstate.mfa.views._enroll_api.FactorDetailView",
    tags=["mfa enrollment"],
    delete={
        "summary": "Remove one factor",
        "responses": {204: None, **errors(*ENROLL_ERRORS)},
    },
)
document(
    "authstate.flows.rest._reauthenticate.ReauthenticateView",
    tags=["login"],
    post={
        "summary": "Step up: prove the password or a factor again, without logging out",
        "description": '`{"password"}` renews `auth_time`; `{"factor", "code"|"credential"}` also raises '
        "`amr` to `mfa`. A `factor` alone asks for a challenge (e-mail/SMS code, passkey options). "
        "Attempts are limited like MFA verify. oauth2 state: the answer carries a fresh access token.",
        "request": inline_serializer(
            "ReauthenticateRequest",
            {
                "password": serializers.CharField(required=False),
                "factor": serializers.CharField(required=False),
                "code": serializers.CharField(required=False),
                "credential": serializers.JSONField(required=False),
            },
        ),
        "responses": {
            200: inline_serializer(
                "Reauthenticated",
                {
                    "status": serializers.CharField(),
                    "amr": serializers.ListField(child=serializers.CharField()),
                    "auth_time": serializers.IntegerField(),
                    "access_token": serializers.CharField(required=False),
                    "expires_in": serializers.IntegerField(required=False),
                },
            ),
            **errors(
                *AUTH_ERRORS,
                "invalid_request",
                "csrf_failed",
                "invalid_code",
                "invalid_credentials",
                "mfa_locked",
                "account_locked",
                "insufficient_scope",
                "resend_too_soon",
            ),
        },
    },
)
