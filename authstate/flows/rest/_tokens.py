"""``POST /api/auth/refresh``: a new access token (and, near expiry, a new refresh token)."""

from __future__ import annotations

from typing import Any

from rest_framework.request import Request
from rest_framework.response import Response

from authstate._translation import gettext_lazy as _
from authstate.exceptions import InvalidRequest, InvalidToken, NotAuthenticated
from authstate.flows.rest._base import PublicAPIView
from authstate.state import _oauth2 as oauth2
from authstate.tokens import _csrf as csrf
from authstate.tokens import _transports as transports

__all__ = ["RefreshView"]


class RefreshView(PublicAPIView):
    """Reads the refresh token from the body, ``X-Refresh-Token`` or the cookie, per transport."""

    def post(self, request: Request) -> Response:
        raw, from_cookie = transports.read_refresh(request._request, _body_token(request))
        if raw is None:
            raise NotAuthenticated(_("No refresh token was provided."))
        if from_cookie and csrf.required():
            csrf.enforce(request._request)
        completion = oauth2.refresh(request._request, raw)
        response = completion.apply(Response(completion.body))
        assert isinstance(response, Response)
        return response

    def handle_exception(self, exc: Exception) -> Any:
        """A refused refresh token is dropped from the client's cookies too."""
        response = super().handle_exception(exc)
        if isinstance(exc, InvalidToken):
            transports.clear_cookies(response)
        return response


def _body_token(request: Request) -> str | None:
    data = request.data if isinstance(request.data, dict) else {}
    value = data.get("refresh_token")
    if value is not None and not isinstance(value, str):
        raise InvalidRequest(_("refresh_token must be a string."))
    return value or None
