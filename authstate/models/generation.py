"""A per-user generation that "log out everywhere" and a new password bump.

Whatever a user's past logins left behind outside a login row — a remembered device, a pending
MFA attempt — carries the generation it was issued under and stops counting once it moves on.
A user with no row is at generation 0; only the number and when it last moved are stored.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F
from django.utils import timezone

__all__ = ["UserGeneration", "UserGenerationManager"]


class UserGenerationManager(models.Manager["UserGeneration"]):
    def current(self, user: Any) -> int:
        value = self.filter(user_id=user.pk).values_list("value", flat=True).first()
        return int(value or 0)

    def bump(self, user: Any) -> None:
        """Move ``user`` to the next generation (atomic: concurrent bumps both count)."""
        row, created = self.get_or_create(user_id=user.pk, defaults={"value": 1})
        if not created:
            self.filter(pk=row.pk).update(value=F("value") + 1, changed_at=timezone.now())


class UserGeneration(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, primary_key=True, on_delete=models.CASCADE, related_name="authstate_generation"
    )
    value = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(default=timezone.now)

    objects = UserGenerationManager()

    def __str__(self) -> str:
        return f"{self.user_id} generation {self.value}"
