"""Refresh-token families: which generation of a login's refresh token is current.

A login has one family. Each refresh token carries its generation (the ``gen`` claim); rotation
bumps the generation, so a token of an older generation is a replay. Only the generation and
when it last changed are stored, never a token.
"""

from __future__ import annotations

from django.db import models

from authstate.models.login import Login

__all__ = ["RefreshFamily"]


class RefreshFamily(models.Model):
    """The rotation state of one login's refresh tokens."""

    login = models.OneToOneField(Login, primary_key=True, on_delete=models.CASCADE, related_name="refresh_family")
    generation = models.PositiveIntegerField(default=0)
    rotated_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(help_text="Expiry of the current generation's refresh token.")

    def __str__(self) -> str:
        return f"{self.login_id} generation {self.generation}"
