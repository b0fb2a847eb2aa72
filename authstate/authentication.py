"""DRF authenticators for the two states, and how a view declares which flows it accepts.

A token-only view lists only ``TokenAuthentication`` and so ignores session cookies (no CSRF
confusion); a session-only view lists only ``SessionAuthentication`` and ignores bearer tokens.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from rest_framework import authentication
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from authstate import assurance
from authstate._typing import User
from authstate.conf import auth_settings
from authstate.exceptions import AuthStateError, LoginRevoked, TokenExpired
from authstate.logins import _activity as activity
from authstate.state._base import LoginContext
from authstate.state._oauth2 import OAuth2State
from authstate.state._session import context_from_session
from authstate.tokens import _csrf as csrf
from authstate.tokens import _transports as transports
from authstate.tokens._jwt import AccessToken
from authstate.tokens._verify import decode_access

__all__ = ["AccountAccess", "FlowRequired", "SessionAuthentication", "TokenAuthentication"]


def authenticate_token(request: HttpRequest) -> tuple[User, LoginContext] | None:
    """Signature, expiry, then one cache lookup that yields the user of an unrevoked login."""
    return TOKEN_CHECK.authenticate_django(request)


class TokenAuthentication(authentication.BaseAuthentication):
    """Bearer (or cookie, per transport) access tokens of the ``oauth2`` state.

    SimpleJWT's override points, so a project can subclass one step: ``get_header`` (which header
    carries the token), ``get_raw_token`` (where the token comes from), ``get_validated_token``
    (signature, expiry, claims), ``get_user`` (the user of an unrevoked login) and ``get_context``
    (what ``request.auth`` becomes)."""

    def authenticate(self, request: Request) -> tuple[User, LoginContext] | None:
        return self.authenticate_django(request._request)

    def authenticate_django(self, request: HttpRequest) -> tuple[User, LoginContext] | None:
        raw = self.get_raw_token(request)
        if raw is None:
            return None
        token = self.get_validated_token(raw)
        return self.get_user(token), self.get_context(token)

    def get_header(self, request: HttpRequest) -> str | None:
        """The header value that carries the token (``Authorization``), ``None`` when absent."""
        return request.META.get("HTTP_AUTHORIZATION") or None

    def get_raw_token(self, request: HttpRequest) -> str | None:
        """The token after ``TOKEN_PREFIX`` in the header, else the access cookie when the transport
        uses one (a cookie needs the CSRF token: the browser sends it unasked)."""
        header = self.get_header(request)
        if header is not None:
            return transports.token_in_header(header)
        raw = transports.access_cookie(request)
        if raw is not None:
            csrf.check_access_cookie(request)
        return raw

    def get_validated_token(self, raw: str) -> AccessToken:
        """The verified claims; raises ``invalid_token``/``token_expired`` (401) otherwise."""
        return decode_access(raw)

    def get_user(self, token: AccessToken) -> User:
        """The user of the unrevoked login the token names, so a logout anywhere takes effect here."""
        user = activity.active_user(token["sid"])
        if user is None:
            raise LoginRevoked()
        return user

    def get_context(self, token: AccessToken) -> LoginContext:
        return LoginContext(
            login_id=token["sid"],
            flow=token.get("flow"),
            state=OAuth2State.name,
            token=token,
            amr=tuple(token.get("amr") or ()),
            auth_time=token.get("auth_time"),
        )

    def authenticate_header(self, request: Request) -> str:
        return f'{auth_settings.token_prefix.strip() or "Bearer"} realm="api"'


#: The check ``login_state_required`` and ``authenticate_token`` run (the default steps).
TOKEN_CHECK = TokenAuthentication()


class ExpiredTokenTolerantAuthentication(TokenAuthentication):
    """For logout only: an expired access token reads as no token, so the refresh token can end the login."""

    def authenticate(self, request: Request) -> tuple[User, LoginContext] | None:
        try:
            return super().authenticate(request)
        except TokenExpired:
            return None


class SessionAuthentication(authentication.SessionAuthentication):
    """Django sessions of the ``session`` state, with CSRF enforced on unsafe methods."""

    def authenticate(self, request: Request) -> tuple[User, LoginContext] | None:
        """A session whose login was revoked (evicted by the one-login rule, ended from another
        device) answers ``401 login_revoked`` as a token does, once: the browser's next request
        has no session left and is plainly not authenticated."""
        result = super().authenticate(request)
        if result is None:
            if getattr(request._request, "authstate_revoked_reason", None):
                raise LoginRevoked()
            return None
        return result[0], context_from_session(request._request)


class FlowRequired(BasePermission):
    """Allow only requests authenticated through one of ``flows`` (all flows when empty).

    ``mfa=True`` also asks for a login that passed MFA (``403 mfa_required``), ``max_age`` for one
    proven at most that many seconds ago (``403 reauthentication_required``); the caller steps up
    at ``/api/reauthenticate`` without logging out.
    """

    flows: tuple[str, ...] = ()
    mfa: bool = False
    max_age: float | None = None

    @classmethod
    def of(cls, *flows: str, mfa: bool = False, max_age: float | None = None) -> type[FlowRequired]:
        name = f"FlowRequired_{'_'.join(flows)}{'_mfa' if mfa else ''}"
        return type(name, (cls,), {"flows": flows, "mfa": mfa, "max_age": max_age})

    def has_permission(self, request: Request, view: Any) -> bool:
        context = request.auth
        if not isinstance(context, LoginContext) or not request.user.is_authenticated:
            return False
        if self.flows and context.flow not in self.flows:
            return False
        return self.assured(context)

    def assured(self, context: LoginContext) -> bool:
        return self.passes(lambda: assurance.require(context, mfa=self.mfa, max_age=self.max_age))

    def passes(self, check: Callable[[], None]) -> bool:
        """Run ``check``; a refusal becomes DRF's ``message`` and ``code`` (the envelope's)."""
        try:
            check()
        except AuthStateError as error:
            self.message, self.code = error.message, error.code
            return False
        return True


class AccountAccess(FlowRequired):
    """authstate's own account endpoints: any login of the user, but a client's token only with
    ``OAUTH2.ACCOUNT_SCOPE`` (``403 insufficient_scope``)."""

    def assured(self, context: LoginContext) -> bool:
        return self.passes(lambda: assurance.require_account_scope(context)) and super().assured(context)
