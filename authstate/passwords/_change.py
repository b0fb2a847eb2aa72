"""Change the password of a signed-in user: the current password, a recent login, then every
other login ends.

The rules are step-up's: the login must have been proven within
``MFA.FACTOR_CHANGE_MAX_AUTH_AGE_MS`` (read from the login row, so a step-up counts at once),
otherwise ``403 reauthentication_required`` and the client steps up at ``/api/reauthenticate``.
The current password is checked like any password: reserved first against the account lockout,
padded when wrong. A session continues under a rotated session key; a token login is replaced by
a new one with fresh tokens, so tokens copied before the change die with the others.
"""

from __future__ import annotations

import time

from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.views.decorators.debug import sensitive_variables

from authstate import _lockout as lockout
from authstate import assurance, audit
from authstate._translation import gettext_lazy as _
from authstate._typing import User
from authstate.conf import auth_settings
from authstate.conf.enums import StateType
from authstate.exceptions import InvalidCredentials
from authstate.logins import _passwords as passwords
from authstate.mfa import _guard as guard
from authstate.mfa._verification import pad
from authstate.models import Login
from authstate.passwords import _mail as mail
from authstate.passwords._validation import check_new_password
from authstate.state import Completion, LoginContext, strategy_for

__all__ = ["CHANGED", "change_password", "check_current_password", "require_recent_login"]


CHANGED = "PASSWORD_CHANGED"


def require_recent_login(context: LoginContext) -> None:
    """``reauthentication_required`` unless the login was proven within the factor-change window."""
    assurance.require_account_scope(context)
    window = auth_settings.mfa.factor_change_max_auth_age
    assurance.require(guard.current(context), max_age=window.total_seconds() if window else None)


@sensitive_variables("current_password", "new_password")
def change_password(
    request: HttpRequest, user: User, context: LoginContext, *, current_password: str, new_password: str
) -> Completion:
    """The answer for the current login: a rotated session, or a new token login."""
    require_recent_login(context)
    check_current_password(request, user, current_password)
    check_new_password(new_password, user)
    login = Login.objects.filter(pk=context.login_id, user_id=user.pk).first() if context.login_id else None
    if StateType.parse(context.state) is StateType.OAUTH2:
        completion = _reissued(request, user, context, login, new_password)
    else:
        passwords.change_password(request, user, new_password)
        completion = Completion(login=login, body={"status": CHANGED})  # type: ignore[arg-type]
    audit.record("password_changed", request=request, user=user, flow=context.flow or "")
    mail.notify_changed(user, how="changed")
    return completion


@sensitive_variables("password")
def check_current_password(request: HttpRequest, user: User, password: str) -> None:
    """Check the current password through Django's backends, under the same lockout and
    padded timing as a login, so password change is not a way around either."""
    started = time.monotonic()
    attempt = lockout.reserve(user.get_username(), lockout.Kind.PASSWORD)
    checked = authenticate(request, username=user.get_username(), password=password)
    if checked is not None and checked.pk == user.pk:
        attempt.succeeded()
        return
    audit.record("password_change_failed", request=request, user=user)
    pad(started)
    attempt.failed(request)
    raise InvalidCredentials(_("The current password is incorrect."))


@sensitive_variables("new_password")
def _reissued(
    request: HttpRequest, user: User, context: LoginContext, login: Login | None, new_password: str
) -> Completion:
    """Every login ends (this one too, ``receivers``); the caller continues in a new one that
    keeps how it was proven, plus the password it just gave."""
    amr = assurance.with_methods(list(login.amr) if login else list(context.amr), [assurance.PASSWORD])
    with passwords.keeping(None):
        user.set_password(new_password)
        user.save()
    flow = context.flow or (login.flow if login else "")
    device_id = login.device_id if login else ""
    completion = strategy_for(StateType.OAUTH2).complete(request, user, flow=flow, amr=amr, device_id=device_id)
    completion.body["status"] = CHANGED
    return completion
