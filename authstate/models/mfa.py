"""MFA rows: message-delivered factors, recovery codes and account lockouts.

TOTP devices are django-otp's ``TOTPDevice`` (its ``last_t`` replay guard); these tables hold what
django-otp has no fitting model for: email and SMS destinations (one table, ``kind`` tells them
apart), recovery codes stored only as keyed hashes, and account lockouts.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

__all__ = ["AccountLockout", "MessageDevice", "RecoveryCode"]


class MessageDevice(models.Model):
    """An email address or phone number that receives one-time codes."""

    EMAIL = "email"
    SMS = "sms"
    KINDS = [(EMAIL, "Email"), (SMS, "SMS")]

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="authstate_message_devices"
    )
    kind = models.CharField(max_length=8, choices=KINDS)
    destination = models.CharField(max_length=254)
    confirmed = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.masked}"

    @property
    def masked(self) -> str:
        """Enough of the destination to recognise it, not enough to learn it."""
        local, at, domain = self.destination.partition("@")
        if at:
            return f"{local[:1]}***@{domain}"
        return f"***{self.destination[-2:]}"


class RecoveryCode(models.Model):
    """One single-use recovery code, kept as an HMAC of the code (the code itself is shown once)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="authstate_recovery_codes"
    )
    code_hash = models.CharField(max_length=64, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"recovery code #{self.pk} of {self.user}"


class AccountLockout(models.Model):
    """A username locked after repeated password or code failures, until ``locked_until``.

    Keyed by the normalised username, not the user, so an unknown username locks exactly like a
    known one and the answer never tells them apart.
    """

    username = models.CharField(max_length=150, unique=True)
    locked_until = models.DateTimeField()
    failures = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-locked_until"]

    def __str__(self) -> str:
        return f"{self.username} locked until {self.locked_until:%Y-%m-%d %H:%M:%S}"

    @property
    def is_active(self) -> bool:
        return self.locked_until > timezone.now()
