"""Enrollment use-cases for a signed-in user: add, list and remove second factors.

A two-step enrollment (TOTP secret then a code; email or SMS code then the code back) keeps its
in-between state per user and factor in the ``CACHE_ALIAS`` cache for ``STATE_MACHINE_CACHE_TTL_MS``:
an enrollment not confirmed within that time starts over. Each confirmation code is reserved
before it is checked (``authstate._attempts``), so parallel guesses check at most
``MAX_RETRY_ATTEMPTS`` codes per enrollment.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NoReturn

from django.http import HttpRequest

from authstate import _attempts as attempts
from authstate import audit
from authstate._cache import shared
from authstate._translation import gettext_lazy as _
from authstate._typing import User
from authstate.conf import auth_settings
from authstate.exceptions import InvalidCode, NotFound
from authstate.factors import Factor
from authstate.factors.base import Enrollment
from authstate.mfa import _factors as factors
from authstate.mfa import _stepup as stepup
from authstate.signals import mfa_factors_changed
from authstate.state._base import LoginContext

__all__ = ["begin", "confirm", "listing", "remove"]


def _factor(name: str) -> Factor:
    """An enabled factor this service enrolls (passkeys enroll through ``authstate.passkeys``)."""
    for factor in factors.enabled():
        if factor.name == name and factor.enrollment is not Enrollment.OWN_ROUTES:
            return factor
    raise NotFound(_("This factor is not available."))


def _key(user: User, name: str) -> str:
    return f"authstate:mfa-enroll:{user.pk}:{name}"


def _attempts_key(user: User, name: str) -> str:
    return f"authstate:mfa-enroll-attempts:{user.pk}:{name}"


def _ttl() -> float:
    return auth_settings.mfa.state_machine_cache_ttl.total_seconds()


def begin(request: HttpRequest, user: User, name: str, payload: Mapping[str, Any]) -> dict[str, Any]:
    factor = _factor(name)
    scratch = shared().get(_key(user, name))
    if scratch is None:  # a new setup, a new code: a new budget of confirmation guesses
        scratch = {}
        attempts.reset(_attempts_key(user, name))
    answer = factor.begin_enrollment(request, user, scratch, payload)
    shared().set(_key(user, name), scratch, timeout=_ttl())
    audit.record("mfa_enrollment_started", request=request, user=user, factor=name)
    if name == "recovery":
        _changed(request, user, name, "added")
    return answer


def confirm(
    request: HttpRequest,
    user: User,
    name: str,
    payload: Mapping[str, Any],
    *,
    context: LoginContext | None = None,
) -> dict[str, Any]:
    """Confirm a factor; the login that confirmed it has now proven it too (``amr`` raised)."""
    factor = _factor(name)
    number = _reserve(user, name)  # before the scratch is read: a voided enrollment stays void
    scratch = shared().get(_key(user, name)) or {}
    try:
        answer = factor.complete_enrollment(request, user, scratch, payload)
    except InvalidCode:
        _count_failure(user, name, number)
    shared().delete(_key(user, name))
    attempts.reset(_attempts_key(user, name))
    _changed(request, user, name, "added")
    if context is not None:
        stepup.proven(request, user, context, list(factor.amr), renew=False)
    return answer


def listing(user: User) -> list[dict[str, Any]]:
    return [device.public() for factor in factors.enabled() for device in factor.devices(user)]


def remove(request: HttpRequest | None, user: User, device_id: str) -> None:
    name = device_id.rsplit("-", 1)[0]
    for factor in factors.enabled():
        if factor.name == name and factor.remove(user, device_id):
            _changed(request, user, name, "removed")
            return
    raise NotFound(_("No such factor."))


def _reserve(user: User, name: str) -> int:
    """This confirmation's number, taken before the code is checked; past ``MAX_RETRY_ATTEMPTS``
    the code is refused unchecked."""
    number = attempts.reserve(_attempts_key(user, name), _ttl())
    if number > auth_settings.mfa.max_retry_attempts:
        shared().delete(_key(user, name))  # void: the next setup starts with a new code and budget
        raise _spent()
    return number


def _count_failure(user: User, name: str, number: int) -> NoReturn:
    """``MAX_RETRY_ATTEMPTS`` wrong confirmation codes void the enrollment (no guessing a code)."""
    left = auth_settings.mfa.max_retry_attempts - number
    if left <= 0:
        shared().delete(_key(user, name))  # the count stays until a new setup starts
        raise _spent()
    raise InvalidCode(attempts_left=left)


def _spent() -> InvalidCode:
    return InvalidCode(_("Too many incorrect codes; start the setup again."), attempts_left=0)


def _changed(request: HttpRequest | None, user: User, name: str, action: str) -> None:
    mfa_factors_changed.send(sender=Factor, user=user, factor=name, action=action)
    audit.record(f"mfa_factor_{action}", request=request, user=user, factor=name)
