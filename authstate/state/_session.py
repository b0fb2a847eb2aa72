"""Session state: Django's own ``login()`` (session key rotated), CSRF, and the login record.

The session also keeps how and when the user proved who they are (``amr``, ``auth_time``), so
assurance checks on a session request read no row.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib import auth
from django.http import HttpRequest, HttpResponse

from authstate._typing import User
from authstate.exceptions import LoginLimitReached
from authstate.logins import _limits as limits
from authstate.logins import _records as records
from authstate.models import Login
from authstate.state._base import Completion, LoginContext, LoginState

__all__ = [
    "AMR_KEY",
    "AUTH_TIME_KEY",
    "FLOW_KEY",
    "LOGIN_ID_KEY",
    "SessionState",
    "context_from_session",
    "remember_assurance",
]


LOGIN_ID_KEY = "authstate.login_id"
FLOW_KEY = "authstate.flow"
AMR_KEY = "authstate.amr"
AUTH_TIME_KEY = "authstate.auth_time"


class SessionState(LoginState):
    name = "session"

    def complete(
        self, request: HttpRequest, user: User, *, flow: str, amr: list[str], device_id: str = ""
    ) -> Completion:
        if request.session.session_key:
            # A browser signing in again: its session may belong to a login ``settle`` is about to
            # end (and delete). Django keeps the key for the same user; a new key keeps the data.
            request.session.cycle_key()
        # django-stubs types the user as the checking settings' AUTH_USER_MODEL; any AbstractBaseUser works
        auth.login(request, user, backend=_backend_of(user))  # type: ignore[arg-type]
        if request.session.session_key is None:
            request.session.create()  # flushed for another user: the login row needs the key now
        lifetime = timedelta(seconds=settings.SESSION_COOKIE_AGE)
        login = records.start(
            request,
            user,
            flow=flow,
            state=self.name,
            lifetime=lifetime,
            amr=amr,
            device_id=device_id,
            session_key=request.session.session_key or "",
        )
        try:
            limits.settle(login)
        except LoginLimitReached:
            auth.logout(request)  # its session was deleted; the response must not save it again
            raise
        request.session[LOGIN_ID_KEY] = login.pk
        request.session[FLOW_KEY] = flow
        remember_assurance(request, login)  # saved with the response (SessionMiddleware)
        return Completion(login=login, body={"status": "AUTHENTICATED"})

    def reassure(self, request: HttpRequest, context: LoginContext, login: Login) -> Completion:
        """The session already holds the renewed assurance (``authstate.mfa._stepup.proven``)."""
        return Completion(login=login, body={"status": "AUTHENTICATED"})

    def end(self, request: HttpRequest, context: LoginContext, response: HttpResponse) -> None:
        if context.login_id:
            records.revoke_by_id(context.login_id, "logout")
        auth.logout(request)


def remember_assurance(request: HttpRequest, login: Login) -> None:
    request.session[AMR_KEY] = list(login.amr)
    request.session[AUTH_TIME_KEY] = int(login.auth_time.timestamp())


def _backend_of(user: User) -> str:
    return getattr(user, "backend", None) or settings.AUTHENTICATION_BACKENDS[0]


def context_from_session(request: HttpRequest) -> LoginContext:
    session = request.session
    return LoginContext(
        login_id=session.get(LOGIN_ID_KEY),
        flow=session.get(FLOW_KEY),
        state=SessionState.name,
        amr=tuple(session.get(AMR_KEY) or ()),
        auth_time=session.get(AUTH_TIME_KEY),
    )
