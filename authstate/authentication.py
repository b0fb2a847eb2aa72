"""DRF authenticators for the two states, and how a view declares which flows it accepts.

A token-only view lists only ``TokenAuthentication`` and so ignores session cookies (no CSRF
confusion); a session-only view lists only ``SessionAuthentication`` and ignores bearer tokens.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from rest_framework import authentication
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from authstate.conf import auth_settings
from authstate.exceptions import LoginRevoked, TokenExpired
from authstate.logins import activity
from authstate.state.base import LoginContext
from authstate.state.session import context_from_session
from authstate.tokens import csrf, transports
from authstate.tokens.verify import decode_access


def authenticate_token(request: HttpRequest) -> tuple[Any, LoginContext] | None:
    """Signature, expiry, then one cache lookup that yields the user of an unrevoked login."""
    raw = transports.read_access(request)
    if raw is None:
        return None
    csrf.check_access_cookie(request)
    token = decode_access(raw)
    user = activity.active_user(token["sid"])
    if user is None:
        raise LoginRevoked()
    context = LoginContext(login_id=token["sid"], flow=token.get("flow"), state="oauth2", token=token)
    return user, context


class TokenAuthentication(authentication.BaseAuthentication):
    """Bearer (or cookie, per transport) access tokens of the ``oauth2`` state."""

    def authenticate(self, request: Request) -> tuple[Any, LoginContext] | None:
        return authenticate_token(request._request)

    def authenticate_header(self, request: Request) -> str:
        return f'{auth_settings.token_prefix.strip() or "Bearer"} realm="api"'


class ExpiredTokenTolerantAuthentication(TokenAuthentication):
    """For logout only: an expired access token reads as no token, so the refresh token can end the login."""

    def authenticate(self, request: Request) -> tuple[Any, LoginContext] | None:
        try:
            return super().authenticate(request)
        except TokenExpired:
            return None


class SessionAuthentication(authentication.SessionAuthentication):
    """Django sessions of the ``session`` state, with CSRF enforced on unsafe methods."""

    def authenticate(self, request: Request) -> tuple[Any, LoginContext] | None:
        result = super().authenticate(request)
        if result is None:
            return None
        return result[0], context_from_session(request._request)


class FlowRequired(BasePermission):
    """Allow only requests authenticated through one of ``flows`` (all flows when empty)."""

    flows: tuple[str, ...] = ()

    @classmethod
    def of(cls, *flows: str) -> type[FlowRequired]:
        return type(f"FlowRequired_{'_'.join(flows)}", (cls,), {"flows": flows})

    def has_permission(self, request: Request, view: Any) -> bool:
        context = request.auth
        if not isinstance(context, LoginContext) or not request.user.is_authenticated:
            return False
        return not self.flows or context.flow in self.flows
