"""``LoginActivityMiddleware``: session logins checked against their record on every request.

Revoking a session login deletes its session, which is enough with a shared session store. This
middleware adds the same one-cache-lookup check tokens get: a revoked or expired login is
logged out before the view runs even when its session survived (signed-cookie sessions, a
request that re-saved the session while it was being revoked), and ``last_seen_at`` of session
logins is kept, which the concurrent-login limits use to evict the least recently used.
Place it after ``AuthenticationMiddleware``.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

from authstate.logins import activity
from authstate.state.session import LOGIN_ID_KEY


class LoginActivityMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        login_id = session.get(LOGIN_ID_KEY) if session is not None else None
        if login_id and activity.active_user(login_id) is None:
            logout(request)
        return self.get_response(request)
