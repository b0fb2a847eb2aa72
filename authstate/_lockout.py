"""Account lockout: repeated password or code failures lock a username for a while.

Two counters per username, both limited by ``ACCOUNT_LOCKOUT_THRESHOLD`` per
``ACCOUNT_LOCKOUT_DURATION_MS`` window: wrong passwords (any flow) and wrong second factors (any
factor). Either reaching the threshold locks the username for ``ACCOUNT_LOCKOUT_DURATION_MS``:
every login answers ``423 account_locked`` with ``retry_after`` until then, even with the right
password. They are separate so that a right password, which resets the password counter, buys no
new code guesses: only a completed MFA resets the second-factor counter.

Every check first reserves its attempt (``reserve``, see ``authstate._attempts``), so parallel
requests check at most ``ACCOUNT_LOCKOUT_THRESHOLD`` passwords or codes per window; the rest are
refused unchecked. The counters live in the ``CACHE_ALIAS`` cache (shared by instances), the lock
in the ``AccountLockout`` table. Unknown usernames are counted and locked exactly like known ones.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import ngettext

from authstate import _attempts as attempts
from authstate import audit
from authstate.conf import auth_settings
from authstate.exceptions import AccountLocked
from authstate.models import AccountLockout
from authstate.signals import account_locked

__all__ = ["Attempt", "Kind", "ensure_unlocked", "failures", "lock", "normalise", "reserve", "succeeded", "unlock"]


class Kind(str, Enum):
    """Which failures a counter counts."""

    PASSWORD = "password"
    FACTOR = "factor"


def normalise(username: str) -> str:
    return username.strip().casefold()[:150]


def _counter(username: str, kind: Kind) -> str:
    digest = hashlib.sha256(normalise(username).encode()).hexdigest()
    return f"authstate:lockout:{kind.value}:{digest}"


def _duration() -> float:
    return auth_settings.mfa.account_lockout_duration.total_seconds()


@dataclass(frozen=True)
class Attempt:
    """One reserved password or code check; ``number`` is its place in the current window."""

    username: str
    kind: Kind
    number: int

    def failed(self, request: HttpRequest | None) -> None:
        """The answer was wrong: it stays counted; raise ``AccountLocked`` if it reached the threshold."""
        if self.number >= auth_settings.mfa.account_lockout_threshold:
            raise _locked_error(lock(request, self.username, self.number).locked_until)

    def released(self) -> None:
        """The answer was right but the login goes on (one factor of several): uncount it."""
        attempts.release(_counter(self.username, self.kind))

    def succeeded(self) -> None:
        """The answer was right and ends this kind of proof: clear its counter."""
        succeeded(self.username, self.kind)


def reserve(username: str, kind: Kind) -> Attempt:
    """Reserve one check of ``kind`` for ``username``, or raise ``AccountLocked`` unchecked."""
    ensure_unlocked(username)
    number = attempts.reserve(_counter(username, kind), _duration())
    if number > auth_settings.mfa.account_lockout_threshold:
        row = _active(username)
        raise _locked_error(row.locked_until if row else timezone.now() + timedelta(seconds=_duration()))
    return Attempt(username, kind, number)


def ensure_unlocked(username: str) -> None:
    row = _active(username)
    if row is not None:
        raise _locked_error(row.locked_until)


def lock(request: HttpRequest | None, username: str, failures: int = 0) -> AccountLockout:
    """Lock ``username``. The counters are left to expire: clearing them here would reopen the
    window to requests that passed ``ensure_unlocked`` just before the row was written."""
    until = timezone.now() + timedelta(seconds=_duration())
    row, _ = AccountLockout.objects.update_or_create(
        username=normalise(username), defaults={"locked_until": until, "failures": failures}
    )
    account_locked.send(sender=AccountLockout, username=row.username, until=until)
    audit.record("account_locked", request=request, username=row.username, failures=failures)
    return row


def succeeded(username: str, kind: Kind = Kind.PASSWORD) -> None:
    """A right password resets the password counter only; a completed MFA the factor counter."""
    attempts.reset(_counter(username, kind))


def failures(username: str, kind: Kind) -> int:
    """Checks of ``kind`` reserved and not given back in the current window."""
    return attempts.count(_counter(username, kind))


def unlock(username: str) -> bool:
    """Lift a lockout (admin action, ``authstate_mfa unlock``); ``True`` when one was active."""
    for kind in Kind:
        attempts.reset(_counter(username, kind))
    deleted, _ = AccountLockout.objects.filter(username=normalise(username)).delete()
    if deleted:
        audit.record("account_unlocked", username=normalise(username))
    return bool(deleted)


def _active(username: str) -> AccountLockout | None:
    return AccountLockout.objects.filter(username=normalise(username), locked_until__gt=timezone.now()).first()


def _locked_error(until: datetime) -> AccountLocked:
    seconds = max(1, math.ceil((until - timezone.now()).total_seconds()))
    minutes = math.ceil(seconds / 60)
    message = ngettext(
        "This account is temporarily locked after repeated failures; try again in %(minutes)d minute.",
        "This account is temporarily locked after repeated failures; try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}
    return AccountLocked(message, retry_after=seconds)
