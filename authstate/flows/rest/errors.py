"""DRF's exceptions and authstate's domain errors, both rendered as the API.md envelope.

A database error (SQLite busy past its timeout, PostgreSQL restarting, a lost connection) is a
moment's outage, not a bug: it answers ``503 service_unavailable`` with ``Retry-After`` and the
request's transaction is rolled back, rather than a 500. A ``ProgrammingError`` (a missing
migration, bad SQL) is a bug and stays a 500.

Django's own refusals of a request body (longer than ``DATA_UPLOAD_MAX_MEMORY_SIZE``, too many
form fields or files) would become its HTML 400 page; here they answer ``413 payload_too_large``
and ``400 invalid_request`` in the envelope.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.db import DatabaseError, NotSupportedError, ProgrammingError
from django.http import Http404
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import set_rollback

from authstate._http import error_body, insufficient_scope_challenge, status_for
from authstate._translation import gettext_lazy as _
from authstate.exceptions import AuthStateError, InsufficientScope, ServiceUnavailable
from authstate.flows.rest._parsers import PayloadTooLarge

__all__ = ["exception_handler"]


logger = logging.getLogger("authstate.outage")

#: DRF's default codes renamed to authstate's stable codes.
DRF_CODES = {
    "authentication_failed": "invalid_token",
    "not_authenticated": "not_authenticated",
    "parse_error": "invalid_request",
    "invalid": "invalid_request",
    "unsupported_media_type": "unsupported_media_type",
    "not_acceptable": "not_acceptable",
}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's ``EXCEPTION_HANDLER``: every error, authstate's or DRF's, in the one JSON envelope
    with a stable code; a database outage answers 503 instead of 500."""
    if isinstance(exc, DatabaseError) and not isinstance(exc, (ProgrammingError, NotSupportedError)):
        logger.warning("database error answered 503: %s", exc)
        set_rollback()
        exc = ServiceUnavailable()
    exc = _body_refusal(exc)
    if isinstance(exc, AuthStateError):
        return _response(exc.code, exc.message, status_for(exc.code), exc.extra)
    if isinstance(exc, Http404):
        return _response("not_found", _("Not found."), 404, {})
    if not isinstance(exc, exceptions.APIException):
        return None
    code = _code_of(exc)
    extra: dict[str, Any] = {"fields": exc.detail} if isinstance(exc, exceptions.ValidationError) else {}
    wait = getattr(exc, "wait", None)
    if wait is not None:
        extra["retry_after"] = int(wait) + 1
    return _response(code, _message_of(exc), exc.status_code, extra)


def _body_refusal(exc: Exception) -> Exception:
    """Django's body limits as DRF exceptions, so they render in the envelope."""
    if isinstance(exc, RequestDataTooBig):
        return PayloadTooLarge()
    if isinstance(exc, (TooManyFieldsSent, TooManyFilesSent)):
        return exceptions.ParseError(_("The body has too many fields."))
    return exc


def _code_of(exc: exceptions.APIException) -> str:
    if isinstance(exc, exceptions.PermissionDenied) and "CSRF" in str(exc.detail):
        return "csrf_failed"
    given = exc.get_codes()
    if isinstance(given, str) and given != exc.default_code:
        return DRF_CODES.get(given, given)  # a permission's own code (mfa_required, ...)
    return DRF_CODES.get(exc.default_code, exc.default_code)


def _message_of(exc: exceptions.APIException) -> str:
    if isinstance(exc, exceptions.ValidationError):
        return _("The request is invalid.")
    return str(exc.detail)


def _response(code: str, message: str, status: int, extra: dict[str, Any]) -> Response:
    response = Response(error_body(code, message, **extra), status=status)
    if "retry_after" in extra:
        response["Retry-After"] = str(int(extra["retry_after"]))
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="api"'
    if code == InsufficientScope.code:
        response["WWW-Authenticate"] = insufficient_scope_challenge()
    return response
