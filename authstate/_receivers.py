"""Signal receivers that keep login state honest when users or login rows change.

A deactivated or deleted user loses every login; a new password ends every login but the one kept by
``authstate.logins._passwords.keeping``; any other change drops the cached user so the next
request reloads it. A deleted ``Login`` row ends its login at once. Revocation reaches every
instance that shares the cache.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver

from authstate.logins import _activity as activity
from authstate.logins import _records as records
from authstate.logins._passwords import kept_login
from authstate.models import Login

__all__ = []


@receiver(post_save, sender=get_user_model())
def _user_saved(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    if created:
        return
    if not instance.is_active:
        records.revoke_all(instance, "deactivated")
    elif getattr(instance, "_password", None) is not None:
        records.revoke_all(instance, "password_changed", keep=kept_login())
    login_ids = list(Login.objects.active().filter(user=instance).values_list("pk", flat=True))
    if login_ids:
        activity.forget_user(login_ids)


@receiver(pre_delete, sender=get_user_model())
def _user_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A deleted user's logins are marked revoked in the cache before their rows cascade away."""
    for login in Login.objects.active().filter(user=instance):
        activity.forget_revoked(login)


@receiver(post_delete, sender=Login)
def _login_deleted(sender: Any, instance: Login, **kwargs: Any) -> None:
    """Deleting an active row (admin, a queryset, a cascade) ends its login like a revocation.

    Rows that had already ended need nothing: their marker was written when they were revoked,
    a missing row reads as revoked, and the cleanup command deletes thousands of them.
    """
    if instance.is_active:
        records.forget_deleted(instance)
