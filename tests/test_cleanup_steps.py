"""authstate_cleanup purges old audit events and expired lockouts, and keeps the rest."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

from django.core.management import call_command
from django.utils import timezone

from authstate.models import AccountLockout, AuditEvent


def test_cleanup_purges_old_audit_events_and_expired_lockouts(db: Any, settings: Any) -> None:
    settings.AUTHSTATE = {"AUDIT_RETENTION": 86400000}
    now = timezone.now()
    old = AuditEvent.objects.create(event="login_succeeded", created_at=now - timedelta(days=2))
    recent = AuditEvent.objects.create(event="login_succeeded", created_at=now - timedelta(hours=1))
    AccountLockout.objects.create(username="gone", locked_until=now - timedelta(minutes=1))
    active = AccountLockout.objects.create(username="still", locked_until=now + timedelta(minutes=5))
    call_command("authstate_cleanup", stdout=io.StringIO())
    assert list(AuditEvent.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not AuditEvent.objects.filter(pk=old.pk).exists()
    assert list(AccountLockout.objects.values_list("pk", flat=True)) == [active.pk]
