"""Purging expired records: ``manage.py authstate_cleanup`` runs every step listed here.

Each step is an import string of a callable ``(now: datetime) -> int`` returning how many rows
it removed. Owners of other records (MFA, audit) add one line to ``STEPS``; steps are imported
only when the command runs, so this module depends on nothing it purges.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime

from django.utils.module_loading import import_string

from authstate.conf import auth_settings

__all__ = ["STEPS", "Step", "purge_audit_events", "purge_expired_lockouts", "purge_logins", "run"]


Step = Callable[[datetime], int]

STEPS: tuple[str, ...] = (
    "authstate._cleanup.purge_logins",
    "authstate._cleanup.purge_audit_events",
    "authstate._cleanup.purge_expired_lockouts",
)


def purge_logins(now: datetime) -> int:
    """Expired logins, and logins revoked longer ago than ``REVOKED_LOGIN_RETENTION``.

    A missing login reads as revoked everywhere (tokens, refresh, the cache fallback), so
    deleting a revoked record never brings its tokens back; refresh families go with it.
    """
    from authstate.models import Login

    revoked_before = now - auth_settings.revoked_login_retention
    expired = Login.objects.filter(expires_at__lte=now)
    revoked = Login.objects.filter(revoked_at__lte=revoked_before)
    _, per_model = (expired | revoked).delete()
    return per_model.get(Login._meta.label, 0)


def purge_audit_events(now: datetime) -> int:
    """Audit events older than ``AUDIT_RETENTION``."""
    from authstate.models import AuditEvent

    cutoff = now - auth_settings.audit_retention
    deleted, _ = AuditEvent.objects.filter(created_at__lt=cutoff).delete()
    return deleted


def purge_expired_lockouts(now: datetime) -> int:
    """Lockouts that have run out; the failure counters live in the cache and expire there."""
    from authstate.models import AccountLockout

    deleted, _ = AccountLockout.objects.filter(locked_until__lte=now).delete()
    return deleted


def run(now: datetime) -> Iterator[tuple[str, int]]:
    """Run every step, yielding ``(step name, rows removed)``."""
    for path in STEPS:
        step: Step = import_string(path)
        yield path.rsplit(".", 1)[-1], step(now)
