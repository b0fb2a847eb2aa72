"""Step-up re-authentication: prove a password or a factor again without logging out.

``POST /api/reauthenticate`` and the ``/reauthenticate`` page call ``reauthenticate``. A verified
password renews the login's ``auth_time``; a verified factor also raises its ``amr`` to ``mfa``
(allauth's reauthenticate, GitHub's sudo mode). Guesses are bounded like MFA verify: each check
first reserves an attempt (``MAX_RETRY_ATTEMPTS`` per login and window, then ``423 mfa_locked``)
and every failure counts toward the account lockout. Delivered codes and passkey challenges keep
their scratch in the login-state cache for ``CHALLENGE_TIMEOUT_MS``.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from django.contrib.auth import authenticate
from django.core.cache import BaseCache
from django.http import HttpRequest
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from authstate import _attempts as attempts
from authstate import _lockout as lockout
from authstate import assurance, audit
from authstate._cache import shared
from authstate._translation import gettext_lazy as _
from authstate._typing import User
from authstate.conf import auth_settings
from authstate.exceptions import CodeAlreadyUsed, InvalidCode, InvalidCredentials, MfaLocked, NotAuthenticated
from authstate.factors.base import REPLAYED, Factor
from authstate.mfa import _factors as factors
from authstate.mfa._verification import pad
from authstate.models import Login
from authstate.state._base import LoginContext
from authstate.state._session import remember_assurance

__all__ = ["KEY_PREFIX", "challenge", "check_factor", "proven", "reauthenticate", "scope_of"]


KEY_PREFIX = "authstate:stepup:"


def _cache() -> BaseCache:
    return shared()


def _window() -> int:
    return max(1, int(auth_settings.mfa.challenge_timeout.total_seconds()))


def scope_of(context: LoginContext) -> str:
    """The budget a login's step-up guesses share: one per login."""
    return context.login_id or "-"


def _key(scope: str, user: User, part: str) -> str:
    return f"{KEY_PREFIX}{part}:{user.pk}:{scope}"


@sensitive_variables("payload")
def reauthenticate(
    request: HttpRequest, user: User, context: LoginContext, payload: Mapping[str, Any]
) -> dict[str, Any] | Login:
    """A challenge to answer (``dict``), or the login with its renewed assurance.

    Only a login authstate recorded can step up (a session another app started has none)."""
    if not context.login_id:
        raise NotAuthenticated(_("Sign in through this site's login page first."))
    if "password" in payload:
        _check_password(request, user, context, payload.get("password"))
        methods = [assurance.PASSWORD]
    else:
        factor = factors.offered(user, payload.get("factor"), to_send=False)
        if payload.get(factor.payload_field) in (None, ""):
            return challenge(request, user, scope_of(context), factor)
        methods = list(factor.methods(check_factor(request, user, scope_of(context), factor, payload)))
    login = proven(request, user, context, methods, renew=True)
    if login is None:
        raise NotAuthenticated()
    return login


def proven(request: HttpRequest, user: User, context: LoginContext, methods: list[str], *, renew: bool) -> Login | None:
    """Record on the login (and its session) that its user proved ``methods`` just now.

    ``renew`` also moves ``auth_time``; enrolling a first factor proves possession of it, not
    identity, so it raises ``amr`` only."""
    login = Login.objects.filter(pk=context.login_id, user_id=user.pk).first() if context.login_id else None
    if login is None:  # a session authstate did not start: nothing records its assurance
        return None
    login.amr = assurance.with_methods(login.amr, methods)
    if renew:
        login.auth_time = timezone.now()
    login.save(update_fields=["amr", "auth_time"])
    if context.state == "session" and hasattr(request, "session"):
        remember_assurance(request, login)
    audit.record("reauthenticated" if renew else "assurance_raised", request=request, user=user, amr=login.amr)
    return login


def challenge(request: HttpRequest, user: User, scope: str, factor: Factor) -> dict[str, Any]:
    """Send a code or offer passkey options for ``factor``; its scratch waits under ``scope``."""
    scratch = _cache().get(_key(scope, user, "scratch")) or {}
    mine = scratch.setdefault(factor.name, {})
    data = factor.challenge(request, user, mine)
    _cache().set(_key(scope, user, "scratch"), scratch, timeout=_window())
    status = "CHALLENGE_SENT" if factor.delivers else "CHALLENGE_READY"
    return {"status": status, "factor": factor.name, "expires_in": _window(), **data}


@sensitive_variables("password")
def _check_password(request: HttpRequest, user: User, context: LoginContext, password: object) -> None:
    started = time.monotonic()
    left, account = _reserve(user, scope_of(context), lockout.Kind.PASSWORD)
    checked = isinstance(password, str) and authenticate(request, username=user.get_username(), password=password)
    if checked and checked.pk == user.pk:
        _release(user, scope_of(context), account)
        return
    _failed(request, user, started, account)
    raise InvalidCredentials(attempts_left=left)


def check_factor(
    request: HttpRequest,
    user: User,
    scope: str,
    factor: Factor,
    payload: Mapping[str, Any],
    *,
    event: str = "reauthentication_failed",
) -> dict[str, Any]:
    """The factor's scratch once ``payload`` proves it (its ``amr`` may be recorded there).

    ``scope`` names the attempt budget (a login; a password reset uses its own); a failure is
    audited as ``event``. Reserved before checked, like every other code."""
    started = time.monotonic()
    left, account = _reserve(user, scope, lockout.Kind.FACTOR)
    scratch = _cache().get(_key(scope, user, "scratch")) or {}
    mine: dict[str, Any] = scratch.setdefault(factor.name, {})
    if factor.verify(request, user, mine, payload):
        _release(user, scope, account)
        _cache().delete(_key(scope, user, "scratch"))
        return mine
    replayed = mine.pop(REPLAYED, False)
    _cache().set(_key(scope, user, "scratch"), scratch, timeout=_window())
    _failed(request, user, started, account, event)
    raise (CodeAlreadyUsed if replayed else InvalidCode)(attempts_left=left)


def _reserve(user: User, scope: str, kind: lockout.Kind) -> tuple[int, lockout.Attempt]:
    """Take one attempt of this login's step-up budget and one of the account's lockout counter
    before checking anything, in one round trip (``authstate._attempts``): parallel guesses never
    check more than ``MAX_RETRY_ATTEMPTS`` (then ``423 mfa_locked``), and a refusal of either
    gives the other's number back. Returns the attempts left if this one fails."""
    limit = auth_settings.mfa.max_retry_attempts
    budget = attempts.Counter(_key(scope, user, "attempts"), _window())
    account = lockout.reserve(user.get_username(), kind, counted=[budget])
    (taken,) = account.counted_numbers
    if taken > limit:
        account.withdraw()
        raise MfaLocked()
    return limit - taken, account


def _release(user: User, scope: str, account: lockout.Attempt) -> None:
    attempts.reset(_key(scope, user, "attempts"))
    account.succeeded()


def _failed(
    request: HttpRequest, user: User, started: float, account: lockout.Attempt, event: str = "reauthentication_failed"
) -> None:
    audit.record(event, request=request, user=user)
    pad(started)
    account.failed(request)
