"""A registered passkey (WebAuthn credential): what is needed to verify it, and how it is used."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

__all__ = ["Passkey"]


class Passkey(models.Model):
    """One credential of one user.

    ``credential_id`` is the base64url id the authenticator chose (unique per relying party);
    ``user_handle`` is the opaque WebAuthn user id given at registration, so a discoverable login
    (no username typed) can be matched to its user and cross-checked.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="authstate_passkeys")
    name = models.CharField(max_length=64)
    credential_id = models.CharField(max_length=1400, unique=True)
    public_key = models.BinaryField()
    sign_count = models.PositiveBigIntegerField(default=0)
    transports = models.JSONField(default=list, blank=True)
    user_handle = models.CharField(max_length=128)
    aaguid = models.CharField(max_length=36, blank=True, default="")
    discoverable = models.BooleanField(default=False)
    backed_up = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)

    #: Set by a verified assertion (not stored): whether the authenticator verified its user.
    user_verified = False

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.user})"
