"""The HTTP boundary: domain error codes to statuses and the JSON error envelope of API.md."""

from __future__ import annotations

from typing import Any

from django.http import JsonResponse

from authstate.conf import auth_settings
from authstate.exceptions import AuthStateError

__all__ = ["STATUS_BY_CODE", "error_body", "error_response", "insufficient_scope_challenge", "status_for"]


#: Status per error code; codes not listed here are client errors (400).
STATUS_BY_CODE: dict[str, int] = {
    "invalid_credentials": 401,
    "not_authenticated": 401,
    "invalid_token": 401,
    "token_expired": 401,
    "token_reused": 401,
    "login_revoked": 401,
    "invalid_code": 401,
    "code_already_used": 401,
    "mfa_expired": 401,
    "challenge_expired": 401,
    "mfa_not_enrolled": 403,
    "reauthentication_required": 403,
    "mfa_required": 403,
    "insufficient_scope": 403,
    "invalid_state": 409,
    "invalid_passkey": 401,
    "permission_denied": 403,
    "csrf_failed": 403,
    "not_found": 404,
    "method_not_allowed": 405,
    "payload_too_large": 413,
    "unsupported_media_type": 415,
    "conflict": 409,
    "passkey_exists": 409,
    "login_limit_reached": 409,
    "mfa_locked": 423,
    "account_locked": 423,
    "throttled": 429,
    "resend_too_soon": 429,
    "service_unavailable": 503,
    "factor_unavailable": 503,
    "flow_unavailable": 404,
}


def status_for(code: str) -> int:
    return STATUS_BY_CODE.get(code, 400)


def error_body(code: str, message: str, **extra: Any) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, **extra}}


def error_response(error: AuthStateError) -> JsonResponse:
    response = JsonResponse(error_body(error.code, error.message, **error.extra), status=status_for(error.code))
    retry_after = error.extra.get("retry_after")
    if retry_after is not None:
        response["Retry-After"] = str(int(retry_after))
    if error.code == "insufficient_scope":
        response["WWW-Authenticate"] = insufficient_scope_challenge()
    return response


def insufficient_scope_challenge() -> str:
    """RFC 6750 §3.1: the error and the scope that would have been enough."""
    return f'Bearer error="insufficient_scope", scope="{auth_settings.oauth2.account_scope}"'
