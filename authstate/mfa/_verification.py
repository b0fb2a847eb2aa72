"""One verification step: reserve the attempt, check the answer, lock, pad, signal.

``MAX_RETRY_ATTEMPTS`` wrong answers end the attempt (``423 mfa_locked``); each wrong answer also
counts toward the account lockout's second-factor counter (``authstate._lockout``). Both are
reserved *before* the code is checked, together (two counters on the shared cache: one round
trip, ``authstate._attempts``), so however many guesses arrive at once, at most
``MAX_RETRY_ATTEMPTS`` codes are checked per attempt and ``ACCOUNT_LOCKOUT_THRESHOLD`` per
account window; the others are refused unchecked. Every failure takes at least
``MINIMUM_DELAY_MS`` so timing does not tell a near miss from a wild guess.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest

from authstate import _lockout as lockout
from authstate import audit
from authstate._typing import User
from authstate.conf import auth_settings
from authstate.exceptions import AccountLocked, ChallengeExpired, CodeAlreadyUsed, InvalidCode, MfaLocked
from authstate.factors.base import REPLAYED, Factor
from authstate.mfa import _records as records
from authstate.mfa._machine import Event
from authstate.mfa._pending import Pending
from authstate.signals import mfa_factor_verified, mfa_failed

__all__ = ["check_code", "pad"]


def pad(started: float) -> None:
    remaining = auth_settings.mfa.minimum_delay.total_seconds() - (time.monotonic() - started)
    if remaining > 0:
        time.sleep(remaining)


def check_code(
    request: HttpRequest, user: User, pending: Pending, factor: Factor, payload: Mapping[str, Any], started: float
) -> None:
    """Return when ``payload`` proves ``factor``; raise the refusal otherwise."""
    if pending.challenge_expired():
        pad(started)
        raise ChallengeExpired()
    number, attempt = _reserve(pending)
    if factor.verify(request, user, pending.scratch_for(factor.name), payload):
        attempt.released()  # both numbers back: right answers never use up a budget
        pending.verified.append(factor.name)
        mfa_factor_verified.send(sender=Pending, request=request, user=user, flow=pending.flow, factor=factor.name)
        audit.record("mfa_verified", request=request, user=user, flow=pending.flow, factor=factor.name)
        return
    _refuse(request, user, pending, factor, started, number, attempt)


def _reserve(pending: Pending) -> tuple[int, lockout.Attempt]:
    """This check's number in the MFA attempt and in the account's window, taken together, or the
    refusal (``mfa_locked``, ``account_locked``) when either is spent: then the code is never
    checked, and a refusal of the one gives the other's number back."""
    attempt = lockout.reserve(pending.username, lockout.Kind.FACTOR, counted=[records.attempt_counter(pending)])
    (number,) = attempt.counted_numbers
    if number > auth_settings.mfa.max_retry_attempts:
        attempt.withdraw()
        raise MfaLocked()
    return number, attempt


def _refuse(
    request: HttpRequest,
    user: User,
    pending: Pending,
    factor: Factor,
    started: float,
    number: int,
    attempt: lockout.Attempt,
) -> None:
    left = max(0, auth_settings.mfa.max_retry_attempts - number)
    mfa_failed.send(
        sender=Pending, request=request, user=user, flow=pending.flow, factor=factor.name, attempts_left=left
    )
    audit.record("mfa_failed", request=request, user=user, flow=pending.flow, factor=factor.name, attempts_left=left)
    pad(started)
    try:
        attempt.failed(request)
    except AccountLocked:
        _lock(request, user, pending)
        raise
    if left <= 0:
        _lock(request, user, pending)
        raise MfaLocked()
    pending.apply(Event.VERIFY_FAILED)
    replayed = pending.scratch_for(factor.name).pop(REPLAYED, False)
    records.save(pending)
    raise (CodeAlreadyUsed if replayed else InvalidCode)(attempts_left=left)


def _lock(request: HttpRequest, user: User, pending: Pending) -> None:
    pending.apply(Event.LOCK)
    records.bury(pending)
    audit.record("mfa_locked", request=request, user=user, flow=pending.flow, factor=pending.factor)
