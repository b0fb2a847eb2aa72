"""Admin for passkeys: see and revoke a user's credentials; keys and counters are read-only."""

from __future__ import annotations

from django.contrib import admin

from authstate.models import Passkey

__all__ = ["PasskeyAdmin"]


@admin.register(Passkey)
class PasskeyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "user", "discoverable", "backed_up", "sign_count", "created_at", "last_used_at"]
    list_filter = ["discoverable", "backed_up"]
    search_fields = ["name", "user__username", "credential_id"]
    raw_id_fields = ["user"]
    readonly_fields = [
        "credential_id",
        "public_key",
        "sign_count",
        "user_handle",
        "aaguid",
        "transports",
        "discoverable",
        "backed_up",
        "created_at",
        "last_used_at",
    ]
