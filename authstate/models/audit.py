"""The audit trail: one row per security-relevant event (``AUDIT_LOGGING_ENABLED``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

__all__ = ["AuditEvent"]


class AuditEvent(models.Model):
    """What happened, to whom, from where. ``detail`` never holds secrets (codes, passwords, tokens)."""

    event = models.CharField(max_length=48, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    username = models.CharField(max_length=150, blank=True, default="")
    flow = models.CharField(max_length=64, blank=True, default="")
    factor = models.CharField(max_length=16, blank=True, default="")
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.event} {self.username}"
