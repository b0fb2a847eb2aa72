"""Keep the settings client in step with ``AUTHSTATE["OAUTH2"]`` after every ``migrate``."""

from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate
from django.dispatch import receiver

from authstate.models import OAuth2Client
from authstate.oauth2._clients import sync_settings_client

__all__ = []


@receiver(post_migrate)
def _sync_settings_client(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    """Runs on the default database only, and not after migrating authstate back to zero."""
    if sender.name != "authstate" or using != "default":
        return
    if OAuth2Client._meta.db_table in connections[using].introspection.table_names():
        sync_settings_client()
