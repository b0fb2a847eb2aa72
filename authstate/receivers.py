"""Signal receivers that keep cached login state honest when users change."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models.signals import post_save
from django.dispatch import receiver

from authstate.logins import activity
from authstate.models import Login


@receiver(post_save, sender=get_user_model())
def _drop_cached_user(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    """A saved user (renamed, deactivated, new password) must not be served from the cache."""
    if created:
        return
    login_ids = list(Login.objects.active().filter(user=instance).values_list("pk", flat=True))
    if login_ids:
        activity.forget_user(login_ids)
