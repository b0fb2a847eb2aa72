"""Account lockout: repeated password or code failures lock a username for a while.

Two counters per username, both limited by ``ACCOUNT_LOCKOUT_THRESHOLD`` per
``ACCOUNT_LOCKOUT_DURATION_MS`` window: wrong passwords (any flow) and wrong second factors (any
factor). Either reaching the threshold locks the username for ``ACCOUNT_LOCKOUT_DURATION_MS``:
every login answers ``423 account_locked`` with ``retry_after`` until then, even with the right
password. They are separate so that a right password, which resets the password counter, buys no
new code guesses: only a completed MFA resets the second-factor counter.

Every check first reserves its attempt (``reserve``, see ``authstate._attempts``), so parallel
requests check at most ``ACCOUNT_LOCKOUT_THRESHOLD`` passwords or codes per window; the rest are
refused unchecked. The counters live in the ``CACHE_ALIAS`` cache (shared by instances), and so
does the lock itself: a marker with the lock's end, written after the ``AccountLockout`` row (the
durable record the admin and ``authstate_mfa`` show). The reservation reads the marker in the same
round trip as it takes its numbers (with a login's throttle windows: one Lua script on Redis), so
a check costs no query. The markers mirror the rows while the *restored* key says so; when it is
missing (a new or flushed cache) each check reads its row as before, and one request writes the
markers of every active lock back before it sets the key again, so a flush never lifts a lock.
A marker only refuses early: a cache may drop it and keep the *restored* key (``LocMemCache``
culls past ``MAX_ENTRIES``; Redis ``volatile-*`` policies never evict a key without a TTL). So an
answer that would let a login on (a right password or code, ``ensure_unlocked``) and a wrong one
below the threshold read the row too, and both answer ``423`` while it is active: no right answer
is taken, and a right one looks like a wrong one.
Unknown usernames are counted and locked exactly like known ones.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import Enum

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import ngettext

from authstate import _attempts as attempts
from authstate import _throttling as throttling
from authstate import audit
from authstate._cache import shared
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


#: Present while the lock markers mirror the ``AccountLockout`` rows (see the module docstring).
RESTORED = "authstate:lockout:restored"
#: Held by the one request that writes the markers back; it expires if that request dies.
RESTORING = "authstate:lockout:restoring"
RESTORE_SECONDS = 300


def _digest(username: str) -> str:
    return hashlib.sha256(normalise(username).encode()).hexdigest()


def _counter(username: str, kind: Kind) -> str:
    return f"authstate:lockout:{kind.value}:{_digest(username)}"


def _marker(username: str) -> str:
    return f"authstate:lockout:locked:{_digest(username)}"


def _duration() -> float:
    return auth_settings.mfa.account_lockout_duration.total_seconds()


@dataclass(frozen=True)
class Attempt:
    """One reserved password or code check; ``number`` is its place in the current window.

    ``places`` are the throttle windows reserved with it and ``counted`` the caller's own
    counters (an MFA attempt's), taken in the same round trip (``counted_numbers``, in order):
    a right answer gives them all back, a wrong one leaves them counted."""

    username: str
    kind: Kind
    number: int
    places: tuple[str, ...] = ()
    counted: tuple[str, ...] = ()
    counted_numbers: tuple[int, ...] = ()

    def failed(self, request: HttpRequest | None) -> None:
        """The answer was wrong: it stays counted; raise ``AccountLocked`` if it reached the threshold."""
        if self.number >= auth_settings.mfa.account_lockout_threshold:
            raise _locked_error(lock(request, self.username, self.number).locked_until)
        if (row := _held(self.username)) is not None:
            raise _locked_error(row.locked_until)

    def released(self) -> None:
        """The answer was right but the login goes on (one factor of several): uncount it."""
        self._refuse_if_held()
        self.withdraw()

    def succeeded(self) -> None:
        """The answer was right and ends this kind of proof: clear its counter (one round trip)."""
        self._refuse_if_held()
        attempts.settle(release_keys=self._given_back(), reset_keys=[_counter(self.username, self.kind)])

    def withdraw(self) -> None:
        """Nothing was checked (or it counts for nothing): every number taken goes back."""
        attempts.settle(release_keys=[*self._given_back(), _counter(self.username, self.kind)])

    def _given_back(self) -> list[str]:
        return [*self.places, *self.counted]

    def _refuse_if_held(self) -> None:
        """A right answer while the row says locked (its marker lost): refused, given back."""
        if (row := _held(self.username)) is not None:
            self.withdraw()
            raise _locked_error(row.locked_until)


def reserve(
    username: str,
    kind: Kind,
    *,
    places: Sequence[attempts.Counter] = (),
    counted: Sequence[attempts.Counter] = (),
) -> Attempt:
    """Reserve one check of ``kind`` for ``username``, or raise ``AccountLocked`` unchecked.

    ``places`` (throttle windows, ``authstate._throttling.places``) are taken in the same round
    trip; one over its limit raises ``Throttled`` holding nothing. ``counted`` are taken too, and
    their numbers returned for the caller to judge (``Attempt.withdraw`` when one is spent)."""
    counter = attempts.Counter(_counter(username, kind), _duration())
    taken = attempts.take([*places, *counted, counter], stop=_marker(username), read=[RESTORED])
    if taken.numbers is None:
        raise _locked_error(_until(taken.read[_marker(username)]))
    *numbers, number = taken.numbers
    place_numbers, counted_numbers = numbers[: len(places)], tuple(numbers[len(places) :])
    keys, counted_keys = tuple(place.key for place in places), tuple(c.key for c in counted)
    throttling.refuse_over(places, place_numbers, also=[*counted_keys, counter.key])
    if RESTORED not in taken.read and (row := _restore(username)) is not None:
        attempts.settle(release_keys=[*keys, *counted_keys, counter.key])
        raise _locked_error(row.locked_until)
    if number > auth_settings.mfa.account_lockout_threshold:
        # refused unchecked: nothing counts, so only checked answers ever reach the threshold (and
        # the check that reaches it writes the lock); the numbers still out keep the rest refused
        attempts.settle(release_keys=[*keys, *counted_keys, counter.key])
        raise _locked_error(timezone.now() + timedelta(seconds=_duration()))
    return Attempt(username, kind, number, keys, counted_keys, counted_numbers)


def ensure_unlocked(username: str) -> None:
    """Raise ``AccountLocked`` while ``username`` is locked (one cache read; the row when no marker)."""
    values = shared().get_many([_marker(username), RESTORED])
    if _marker(username) in values:
        raise _locked_error(_until(values[_marker(username)]))
    if (row := _held(username) if RESTORED in values else _restore(username)) is not None:
        raise _locked_error(row.locked_until)


def _restore(username: str) -> AccountLockout | None:
    """The markers were lost (new or flushed cache): ``username``'s active row, if any, read as
    before the markers existed. One request (``RESTORING``, retried after ``RESTORE_SECONDS`` if
    it dies) writes every active lock's marker back, in chunks, then sets ``RESTORED``."""
    now = timezone.now()
    row = AccountLockout.objects.filter(username=normalise(username), locked_until__gt=now).first()
    if shared().add(RESTORING, 1, timeout=RESTORE_SECONDS):
        for active in AccountLockout.objects.filter(locked_until__gt=now).iterator(chunk_size=1000):
            _mark(active)
        shared().set(RESTORED, 1, timeout=None)
        shared().delete(RESTORING)
    return row


def _held(username: str) -> AccountLockout | None:
    """``username``'s active row, its marker written back: the row is the lock (module docstring)."""
    row = AccountLockout.objects.filter(username=normalise(username), locked_until__gt=timezone.now()).first()
    if row is not None:
        _mark(row)
    return row


def _mark(row: AccountLockout) -> None:
    seconds = (row.locked_until - timezone.now()).total_seconds()
    if seconds > 0:
        shared().set(_marker(row.username), row.locked_until.timestamp(), timeout=math.ceil(seconds))


def _until(value: object) -> datetime:
    return datetime.fromtimestamp(float(value), tz=UTC)  # type: ignore[arg-type]


def lock(request: HttpRequest | None, username: str, failures: int = 0) -> AccountLockout:
    """Lock ``username``. The counters are left to expire: clearing them here would reopen the
    window to requests that passed ``ensure_unlocked`` just before the row was written."""
    until = timezone.now() + timedelta(seconds=_duration())
    row, _ = AccountLockout.objects.update_or_create(
        username=normalise(username), defaults={"locked_until": until, "failures": failures}
    )
    _mark(row)
    account_locked.send(sender=AccountLockout, username=row.username, until=until)
    audit.record("account_locked", request=request, username=row.username, failures=failures)
    return row


def succeeded(username: str, kind: Kind = Kind.PASSWORD) -> None:
    """A right password resets the password counter only; a completed MFA the factor counter."""
    attempts.settle(reset_keys=[_counter(username, kind)])


def failures(username: str, kind: Kind) -> int:
    """Checks of ``kind`` reserved and not given back in the current window."""
    return attempts.count(_counter(username, kind))


def unlock(username: str) -> bool:
    """Lift a lockout (admin action, ``authstate_mfa unlock``); ``True`` when one was active."""
    for kind in Kind:
        attempts.reset(_counter(username, kind))
    deleted, _ = AccountLockout.objects.filter(username=normalise(username)).delete()
    shared().delete(_marker(username))
    if deleted:
        audit.record("account_unlocked", username=normalise(username))
    return bool(deleted)


def _locked_error(until: datetime) -> AccountLocked:
    seconds = max(1, math.ceil((until - timezone.now()).total_seconds()))
    minutes = math.ceil(seconds / 60)
    message = ngettext(
        "This account is temporarily locked after repeated failures; try again in %(minutes)d minute.",
        "This account is temporarily locked after repeated failures; try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}
    return AccountLocked(message, retry_after=seconds)
