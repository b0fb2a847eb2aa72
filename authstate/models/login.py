"""The per-login record: one durable row for every completed login, whatever its state."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

__all__ = ["Login", "LoginQuerySet", "new_login_id"]


def new_login_id() -> str:
    """An unguessable id; it travels in the session and as the ``sid`` claim of tokens.

    Hex, so it never starts with ``-`` and command lines (``--id <value>``) take it as is.
    """
    return secrets.token_hex(16)


class LoginQuerySet(models.QuerySet["Login"]):
    def active(self) -> LoginQuerySet:
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class Login(models.Model):
    """A completed login (the seed's "authorization"): who, through which flow, into which state."""

    id = models.CharField(primary_key=True, max_length=32, default=new_login_id, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="authstate_logins")
    flow = models.CharField(max_length=64)
    state = models.CharField(max_length=16)
    device_id = models.CharField(max_length=128, blank=True, default="")
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True, default="")
    session_key = models.CharField(max_length=64, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.CharField(max_length=32, blank=True, default="")
    #: How the login was proven: RFC 8176 ``amr`` values, in the order they were used.
    amr = models.JSONField(default=list, blank=True)
    #: When the user last proved who they are (login, or step-up re-authentication).
    auth_time = models.DateTimeField(default=timezone.now)
    #: The login a client's grant was derived from: its tokens form their own family, ended with
    #: it (RFC 7009 revocation) without ending the parent, and ended whenever the parent ends.
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="derived_logins")
    #: The refresh-token family of a token login (``authstate.tokens._rotation``): each refresh token
    #: carries its generation (the ``gen`` claim) and rotation moves it on, so a token of an older
    #: generation is a replay. Only the generation and when it last changed are stored, never a
    #: token. Kept on the login's own row: a login has at most one family, and so its first
    #: generation is written with the login, and a rotation locks and updates one row.
    refresh_generation = models.PositiveIntegerField(default=0)
    refresh_rotated_at = models.DateTimeField(null=True, blank=True)
    refresh_expires_at = models.DateTimeField(
        null=True, blank=True, help_text="Expiry of the current refresh token; empty when the login has none."
    )

    objects = LoginQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["user", "revoked_at", "expires_at"], name="authstate_login_active")]
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} via {self.flow} ({self.state})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()
