"""Account lockout: repeated password or code failures lock a username for a while.

``ACCOUNT_LOCKOUT_THRESHOLD`` consecutive failures (wrong password on any flow, wrong MFA code on
any factor) lock the username for ``ACCOUNT_LOCKOUT_DURATION_MS``: every login answers
``423 account_locked`` with ``retry_after`` until then, even with the right password. The counter
lives in the default cache (shared by instances) and expires after the same duration; a completed
login resets it. Unknown usernames are counted and locked exactly like known ones.
"""

from __future__ import annotations

import hashlib
import math
from datetime import timedelta

from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone

from authstate import audit
from authstate.conf import auth_settings
from authstate.exceptions import AccountLocked
from authstate.models import AccountLockout
from authstate.signals import account_locked


def normalise(username: str) -> str:
    return username.strip().casefold()[:150]


def _counter(username: str) -> str:
    return "authstate:lockout:" + hashlib.sha256(normalise(username).encode()).hexdigest()


def ensure_unlocked(username: str) -> None:
    row = AccountLockout.objects.filter(username=normalise(username), locked_until__gt=timezone.now()).first()
    if row is not None:
        raise _locked_error(row)


def failed(request: HttpRequest | None, username: str) -> None:
    """Count one failure; raise ``AccountLocked`` when this one reaches the threshold."""
    mfa = auth_settings.mfa
    key, duration = _counter(username), mfa.account_lockout_duration_ms / 1000
    cache.add(key, 0, timeout=duration)
    failures = cache.incr(key)
    if failures >= mfa.account_lockout_threshold:
        raise _locked_error(lock(request, username, failures))


def lock(request: HttpRequest | None, username: str, failures: int = 0) -> AccountLockout:
    until = timezone.now() + timedelta(milliseconds=auth_settings.mfa.account_lockout_duration_ms)
    row, _ = AccountLockout.objects.update_or_create(
        username=normalise(username), defaults={"locked_until": until, "failures": failures}
    )
    cache.delete(_counter(username))
    account_locked.send(sender=AccountLockout, username=row.username, until=until)
    audit.record("account_locked", request=request, username=row.username, failures=failures)
    return row


def succeeded(username: str) -> None:
    cache.delete(_counter(username))


def unlock(username: str) -> bool:
    """Lift a lockout (admin action, ``authstate_mfa unlock``); ``True`` when one was active."""
    cache.delete(_counter(username))
    deleted, _ = AccountLockout.objects.filter(username=normalise(username)).delete()
    if deleted:
        audit.record("account_unlocked", username=normalise(username))
    return bool(deleted)


def _locked_error(row: AccountLockout) -> AccountLocked:
    seconds = max(1, math.ceil((row.locked_until - timezone.now()).total_seconds()))
    minutes = math.ceil(seconds / 60)
    message = f"This account is temporarily locked after repeated failures; try again in {minutes} minute(s)."
    return AccountLocked(message, retry_after=seconds)
