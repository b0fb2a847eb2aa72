"""The caller's logins: ``GET /api/auth/logins``, ``DELETE /api/auth/logins/<id>``,
``POST /api/auth/logout-all``. Ending the caller's own login also clears what it holds."""

from __future__ import annotations

from rest_framework.request import Request
from rest_framework.response import Response

from authstate._translation import gettext_lazy as _
from authstate._typing import signed_in
from authstate.authentication import AccountAccess
from authstate.exceptions import InvalidRequest
from authstate.flows.rest._base import AuthStateAPIView
from authstate.logins import _listing as listing
from authstate.state import LoginContext, state_for

__all__ = ["LoginDetailView", "LoginListView", "LogoutAllView"]


def _context(request: Request) -> LoginContext:
    context = request.auth
    assert isinstance(context, LoginContext)
    return context


class LoginListView(AuthStateAPIView):
    permission_classes = [AccountAccess]

    def get(self, request: Request) -> Response:
        current = _context(request).login_id
        logins = [listing.describe(login, current=current) for login in listing.active_logins(signed_in(request))]
        return Response({"logins": logins})


class LoginDetailView(AuthStateAPIView):
    permission_classes = [AccountAccess]

    def delete(self, request: Request, login_id: str) -> Response:
        context = _context(request)
        response = Response({"status": "REVOKED", "id": login_id})
        if login_id == context.login_id:
            listing.own_login(signed_in(request), login_id)
            state_for(context.state).end(request._request, context, response)
        else:
            listing.revoke_own(signed_in(request), login_id)
        return response


class LogoutAllView(AuthStateAPIView):
    """``{"keep_current": true}`` spares the caller's login ("log out my other devices")."""

    permission_classes = [AccountAccess]

    def post(self, request: Request) -> Response:
        context = _context(request)
        keep_current = _keep_current(request)
        revoked = listing.logout_all(signed_in(request), keep=context.login_id if keep_current else None)
        response = Response({"status": "LOGGED_OUT", "revoked": revoked, "current_kept": keep_current})
        if not keep_current:
            state_for(context.state).end(request._request, context, response)
        return response


def _keep_current(request: Request) -> bool:
    data = request.data if isinstance(request.data, dict) else {}
    value = data.get("keep_current", False)
    if not isinstance(value, bool):
        raise InvalidRequest(_("keep_current must be a boolean."))
    return value
