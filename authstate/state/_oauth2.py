"""OAuth2 state: stateless SimpleJWT tokens bound to a login record; no session is touched."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.http import HttpRequest, HttpResponse

from authstate._typing import User
from authstate.conf import auth_settings
from authstate.logins import _limits as limits
from authstate.logins import _records as records
from authstate.models import Login
from authstate.state._base import Completion, LoginContext, LoginState
from authstate.tokens import _csrf as csrf
from authstate.tokens import _rotation as rotation
from authstate.tokens import _transports as transports
from authstate.tokens._issue import TokenPair, access_for, first_refresh_expiry, issue_pair
from authstate.tokens._jwt import AccessToken

__all__ = ["OAuth2State", "login_lifetime", "refresh"]


class OAuth2State(LoginState):
    name = "oauth2"

    def complete(
        self, request: HttpRequest, user: User, *, flow: str, amr: list[str], device_id: str = ""
    ) -> Completion:
        """Record the login and issue its pair.

        No transaction: each write stands alone (ended logins stay ended), and a login whose
        pair could not be issued is ended at once, so no row outlives a failure unnoticed."""
        login = records.start(
            request,
            user,
            flow=flow,
            state=self.name,
            lifetime=login_lifetime(),
            amr=amr,
            device_id=device_id,
            refresh_expires_at=first_refresh_expiry(),
        )
        limits.settle(login)
        try:
            pair = issue_pair(login, access=self.access_token(login))
        except Exception:
            records.revoke(login, "failed")
            raise
        csrf.offer_token(request)
        body = {"status": "AUTHENTICATED", **transports.body_for(pair)}
        return Completion(login=login, body=body, response_hooks=[_cookie_hook(pair)])

    def reassure(self, request: HttpRequest, context: LoginContext, login: Login) -> Completion:
        """A fresh access token with the renewed claims; the refresh token stays as it is."""
        pair = TokenPair(access=self.access_token(login) or access_for(login), refresh=None)
        csrf.offer_token(request)
        body = {"status": "AUTHENTICATED", **transports.body_for(pair)}
        return Completion(login=login, body=body, response_hooks=[_cookie_hook(pair)])

    def access_token(self, login: Login) -> AccessToken | None:
        """The access token of a new or stepped-up login; ``None``: the flow's own (``access_for``)."""
        return None

    def end(self, request: HttpRequest, context: LoginContext, response: HttpResponse) -> None:
        if context.login_id:
            records.revoke_by_id(context.login_id, "logout")
        transports.clear_cookies(response)


def refresh(request: HttpRequest, raw: str) -> Completion:
    """``POST /api/auth/refresh``: answers like a login, with a new refresh token only on rotation."""
    result = rotation.refresh(raw)
    csrf.offer_token(request)
    body = {"status": "AUTHENTICATED", **transports.body_for(result.pair)}
    body["refresh_expires_in"] = result.refresh_expires_in
    return Completion(login=result.login, body=body, response_hooks=[_cookie_hook(result.pair)])


def _cookie_hook(pair: TokenPair) -> Callable[[HttpResponse], None]:
    return lambda response: transports.set_cookies(response, pair)


def login_lifetime() -> timedelta:
    """A token login lives as long as its longest-lived token."""
    validity = auth_settings.access_token_validity
    if auth_settings.enable_refresh_token:
        validity = max(validity, auth_settings.refresh_token_validity)
    return validity
