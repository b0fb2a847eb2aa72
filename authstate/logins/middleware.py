"""``LoginActivityMiddleware``: session logins checked against their record on every request.

Revoking a session login deletes its session, which is enough with a shared session store. This
middleware adds the same one-cache-lookup check tokens get: a revoked or expired login is
logged out before the view runs even when its session survived (signed-cookie sessions, a
request that re-saved the session while it was being revoked), and ``last_seen_at`` of session
logins is kept, which the concurrent-login limits use to evict the least recently used.

It also tells a browser *why* its login ended (``authstate.logins._signed_out``): the first request
after a revocation carries ``request.authstate_revoked_reason`` (JSON answers ``login_revoked``)
and the login page shows a notice such as "signed out because you signed in elsewhere".
Place it after ``AuthenticationMiddleware``.

The check yields the login's user (cached with its activity entry, dropped whenever the user is
saved), so it also becomes ``request.user`` when the session agrees — same user id, a listed
backend, a valid session hash — and the request runs no user query. With Redis and the
per-process copy (``authstate.logins._local``), a session request is one cache round trip: the
session read. Anything unusual (a fallback secret's hash, another user) is left to Django.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, logout
from django.http import HttpRequest, HttpResponse
from django.utils.crypto import constant_time_compare

from authstate.logins import _activity as activity
from authstate.logins import _signed_out as signed_out
from authstate.state._session import LOGIN_ID_KEY

__all__ = ["LoginActivityMiddleware"]


class LoginActivityMiddleware:
    """Logs out a session whose login was revoked or expired, before the view runs, with the
    same single cache lookup a token gets."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        login_id = session.get(LOGIN_ID_KEY) if session is not None else None
        reason = self.ended(request, login_id)
        if reason is not None:
            setattr(request, signed_out.REQUEST_ATTR, reason)
        response = self.get_response(request)
        self.cookies(request, response, reason)
        return response

    def ended(self, request: HttpRequest, login_id: str | None) -> str | None:
        """The revoked reason when this browser's login ended since its last request; a live
        login's user becomes ``request.user`` when the session agrees (no user query)."""
        if login_id:
            user = activity.active_user(login_id)
            if user is not None:
                if _session_agrees(request, user):
                    request._cached_user = user  # type: ignore[attr-defined]  # AuthenticationMiddleware's slot
                return None
            logout(request)
            return signed_out.reason_of(login_id)
        if signed_out.LOGIN_COOKIE in request.COOKIES and settings.SESSION_COOKIE_NAME in request.COOKIES:
            remembered = signed_out.remembered_login(request)  # the session is gone: its login may tell why
            return signed_out.reason_of(remembered) if remembered else None
        return None

    def cookies(self, request: HttpRequest, response: HttpResponse, reason: str | None) -> None:
        """Keep the signed login-id cookie in step with the session; carry a reason to the login page."""
        current = request.session.get(LOGIN_ID_KEY) if hasattr(request, "session") else None
        if current and not signed_out.names(request, current):
            signed_out.remember_login(response, current)
        elif not current and signed_out.LOGIN_COOKIE in request.COOKIES:
            signed_out.forget_login(response)
        if reason is not None and not getattr(request, "authstate_notice_shown", False):
            signed_out.tell(response, reason)


def _session_agrees(request: HttpRequest, user: Any) -> bool:
    """What ``django.contrib.auth.get_user`` would check before returning this user."""
    session = request.session
    if hasattr(request, "_cached_user") or session.get(SESSION_KEY) != user._meta.pk.value_to_string(user):
        return False
    if session.get(BACKEND_SESSION_KEY) not in settings.AUTHENTICATION_BACKENDS:
        return False
    session_hash = str(session.get(HASH_SESSION_KEY) or "")
    return bool(session_hash) and constant_time_compare(session_hash, user.get_session_auth_hash())
