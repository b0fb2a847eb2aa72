"""Password changes end the user's logins; the one making the change may be kept.

``authstate._receivers`` revokes every login of a user whose password was saved. To keep the
login that made the change, change it through :func:`change_password` (or save the user inside
``keeping(login_id)``): the session key is rotated and the login record follows it, so a later
"log out everywhere" still reaches this session.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.contrib.auth import update_session_auth_hash
from django.http import HttpRequest
from django.views.decorators.debug import sensitive_variables

from authstate._typing import User
from authstate.models import Login
from authstate.state._base import LoginContext
from authstate.state._session import LOGIN_ID_KEY

__all__ = ["change_password", "current_login_id", "keeping", "kept_login"]


_kept: ContextVar[str | None] = ContextVar("authstate_kept_login", default=None)


@contextmanager
def keeping(login_id: str | None) -> Iterator[None]:
    """Within this block, a password change spares ``login_id``."""
    token = _kept.set(login_id)
    try:
        yield
    finally:
        _kept.reset(token)


def kept_login() -> str | None:
    return _kept.get()


def current_login_id(request: HttpRequest) -> str | None:
    context = getattr(request, "auth", None)
    if isinstance(context, LoginContext):
        return context.login_id
    session = getattr(request, "session", None)
    return session.get(LOGIN_ID_KEY) if session is not None else None


@sensitive_variables("new_password")
def change_password(request: HttpRequest, user: User, new_password: str, *, keep_current: bool = True) -> None:
    """Set the password and revoke the user's logins, except the caller's when ``keep_current``."""
    login_id = current_login_id(request) if keep_current else None
    with keeping(login_id):
        user.set_password(new_password)
        user.save()
    if login_id and getattr(request, "session", None) is not None and request.session.get(LOGIN_ID_KEY) == login_id:
        # django-stubs types the user as the checking settings' AUTH_USER_MODEL; any AbstractBaseUser works
        update_session_auth_hash(request, user)  # type: ignore[arg-type]
        Login.objects.filter(pk=login_id).update(session_key=request.session.session_key or "")
