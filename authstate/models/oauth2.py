"""The authorization server's clients and the single-use login tickets it exchanges for tokens."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.contrib.auth.hashers import check_password, is_password_usable, make_password
from django.db import models
from django.utils import timezone

from authstate.conf import auth_settings

__all__ = [
    "AUTHENTICATED_USER",
    "FAST_ALGORITHM",
    "GRANT_TYPES",
    "REFRESH_TOKEN",
    "LoginTicket",
    "LoginTicketQuerySet",
    "OAuth2Client",
    "default_grant_types",
    "default_redirect_uris",
    "hash_secret",
    "is_fast_hash",
    "secret_matches",
]


AUTHENTICATED_USER = "urn:ietf:params:oauth:grant-type:authenticated-user"
REFRESH_TOKEN = "refresh_token"
GRANT_TYPES = (AUTHENTICATED_USER, REFRESH_TOKEN)
#: ``hmac_sha256$<salt>$<hex digest>``: HMAC-SHA256 of the secret keyed by a random per-secret salt.
FAST_ALGORITHM = "hmac_sha256"


def hash_secret(secret: str, salt: str | None = None) -> str:
    """A fast keyed hash: client secrets are 256 random bits, so a slow hash buys nothing at rest.

    Keyed by a per-secret salt (not ``SECRET_KEY``), so rotating ``SECRET_KEY`` keeps clients working.
    """
    salt = salt or secrets.token_hex(16)
    digest = hmac.new(salt.encode(), secret.encode(), hashlib.sha256).hexdigest()
    return f"{FAST_ALGORITHM}${salt}${digest}"


def secret_matches(secret: str, stored: str) -> bool:
    """Constant-time for the fast form; the old password-hasher form (PBKDF2) is still accepted."""
    if not is_password_usable(stored):  # Django would run its slow hasher here, for timing's sake
        hash_secret(secret)
        return False
    algorithm, _, rest = stored.partition("$")
    if algorithm != FAST_ALGORITHM:
        return check_password(secret, stored)
    salt, _, _digest = rest.partition("$")
    return hmac.compare_digest(hash_secret(secret, salt).encode(), stored.encode())


def is_fast_hash(stored: str) -> bool:
    return stored.startswith(FAST_ALGORITHM + "$")


def default_grant_types() -> list[str]:
    return list(GRANT_TYPES)


def default_redirect_uris() -> list[str]:
    return []


class OAuth2Client(models.Model):
    """A client of the token endpoint. The secret is stored only as a keyed hash (``hash_secret``)."""

    client_id = models.CharField(max_length=100, unique=True)
    name = models.CharField(max_length=150, blank=True, default="")
    secret_hash = models.CharField(max_length=256, editable=False)
    grant_types = models.JSONField(default=default_grant_types)
    scopes = models.CharField(max_length=1000, default="read", help_text="Scopes the client may ask for.")
    default_scopes = models.CharField(max_length=1000, blank=True, default="", help_text="Granted when none asked.")
    redirect_uris = models.JSONField(default=default_redirect_uris, blank=True)
    access_token_validity_ms = models.PositiveBigIntegerField(
        null=True, blank=True, help_text="Shorter access-token validity for this client (ms)."
    )
    refresh_token_validity_ms = models.PositiveBigIntegerField(
        null=True, blank=True, help_text="Shorter refresh-token validity for this client (ms)."
    )
    is_active = models.BooleanField(default=True)
    managed_by_settings = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    secret_rotated_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = "OAuth2 client"
        ordering = ["client_id"]

    def __str__(self) -> str:
        return self.client_id

    def set_secret(self, secret: str | None) -> None:
        """``None`` stores an unusable hash: the client then cannot authenticate over HTTP."""
        self.secret_hash = make_password(None) if secret is None else hash_secret(secret)
        self.secret_rotated_at = timezone.now()

    def check_secret(self, secret: str) -> bool:
        """A match on the old PBKDF2 form is upgraded to the fast form (only now is the secret known)."""
        if not secret_matches(secret, self.secret_hash):
            return False
        if not is_fast_hash(self.secret_hash):
            self.secret_hash = hash_secret(secret)
            self.save(update_fields=["secret_hash"])
        return True

    def allows(self, grant_type: str) -> bool:
        return grant_type in self.grant_types

    @property
    def scope_list(self) -> list[str]:
        return self.scopes.split()

    @property
    def default_scope_list(self) -> list[str]:
        return self.default_scopes.split() or self.scope_list

    @property
    def access_validity(self) -> timedelta:
        """The client's override can only shorten ``ACCESS_TOKEN_VALIDITY`` (key retention relies on it)."""
        return _shorter(self.access_token_validity_ms, auth_settings.access_token_validity)

    @property
    def refresh_validity(self) -> timedelta:
        return _shorter(self.refresh_token_validity_ms, auth_settings.refresh_token_validity)


def _shorter(override_ms: int | None, default: timedelta) -> timedelta:
    """A client's override is stored in milliseconds, the unit of the setting it shortens."""
    return min(timedelta(milliseconds=override_ms), default) if override_ms else default


class LoginTicketQuerySet(models.QuerySet["LoginTicket"]):
    def stale(self) -> LoginTicketQuerySet:
        return self.filter(expires_at__lt=timezone.now() - timedelta(hours=1))


class LoginTicket(models.Model):
    """Proof that a login just completed, for one client, usable once. Only its SHA-256 is stored."""

    digest = models.CharField(primary_key=True, max_length=64)
    login = models.ForeignKey("authstate.Login", on_delete=models.CASCADE, related_name="oauth2_tickets")
    client = models.ForeignKey(OAuth2Client, on_delete=models.CASCADE, related_name="login_tickets")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    objects = LoginTicketQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["expires_at"], name="authstate_ticket_expiry")]

    def __str__(self) -> str:
        return f"ticket for {self.login_id} → {self.client_id}"
