"""``LoginActivityMiddleware``: session logins checked against their record on every request.

Revoking a session login deletes its session, which is enough with a shared session store. This
middleware adds the same one-cache-lookup check tokens get: a revoked or expired login is
logged out before the view runs even when its session survived (signed-cookie sessions, a
request that re-saved the session while it was being revoked), and ``last_seen_at`` of session
logins is kept, which the concurrent-login limits use to evict the least recently used.

It also tells a browser *why* its login ended (``authstate.logins.signed_out``): the first request
after a revocation carries ``request.authstate_revoked_reason`` (JSON answers ``login_revoked``)
and the login page shows a notice such as "signed out because you signed in elsewhere".
Place it after ``AuthenticationMiddleware``.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

from authstate.logins import activity, signed_out
from authstate.state.session import LOGIN_ID_KEY


class LoginActivityMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        login_id = session.get(LOGIN_ID_KEY) if session is not None else None
        remembered = signed_out.remembered_login(request) if signed_out.LOGIN_COOKIE in request.COOKIES else None
        reason = self.ended(request, login_id, remembered)
        if reason is not None:
            setattr(request, signed_out.REQUEST_ATTR, reason)
        response = self.get_response(request)
        self.cookies(request, response, remembered, reason)
        return response

    def ended(self, request: HttpRequest, login_id: str | None, remembered: str | None) -> str | None:
        """The revoked reason when this browser's login ended since its last request."""
        if login_id:
            if activity.active_user(login_id) is not None:
                return None
            logout(request)
            return signed_out.reason_of(login_id)
        if remembered and settings.SESSION_COOKIE_NAME in request.COOKIES:
            return signed_out.reason_of(remembered)  # the session is gone: the login it held may tell why
        return None

    def cookies(self, request: HttpRequest, response: HttpResponse, remembered: str | None, reason: str | None) -> None:
        """Keep the signed login-id cookie in step with the session; carry a reason to the login page."""
        current = request.session.get(LOGIN_ID_KEY) if hasattr(request, "session") else None
        if current and current != remembered:
            signed_out.remember_login(response, current)
        elif not current and remembered:
            signed_out.forget_login(response)
        if reason is not None and not getattr(request, "authstate_notice_shown", False):
            signed_out.tell(response, reason)
