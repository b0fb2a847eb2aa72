"""Admin for MFA: email/SMS devices, recovery codes (hashes only), lockouts (unlock), audit events."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import ngettext

from authstate import _lockout as lockout
from authstate._translation import gettext_lazy as _
from authstate.models import AccountLockout, AuditEvent, MessageDevice, RecoveryCode

__all__ = ["AccountLockoutAdmin", "AuditEventAdmin", "MessageDeviceAdmin", "RecoveryCodeAdmin", "unlock_accounts"]


@admin.register(MessageDevice)
class MessageDeviceAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["user", "kind", "masked", "confirmed", "created_at", "last_used_at"]
    list_filter = ["kind", "confirmed"]
    search_fields = ["user__username", "destination"]
    list_select_related = ["user"]


@admin.register(RecoveryCode)
class RecoveryCodeAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Read-only: only hashes are stored; new codes come from the user or ``authstate_mfa``."""

    list_display = ["user", "created_at", "used_at"]
    list_filter = ["used_at"]
    search_fields = ["user__username"]
    exclude = ["code_hash"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.action(description=_("Unlock selected accounts"))
def unlock_accounts(
    model_admin: admin.ModelAdmin[AccountLockout], request: HttpRequest, queryset: QuerySet[AccountLockout]
) -> None:
    unlocked = sum(lockout.unlock(row.username) for row in queryset)
    message = ngettext("%(count)d account unlocked.", "%(count)d accounts unlocked.", unlocked) % {"count": unlocked}
    model_admin.message_user(request, message, messages.SUCCESS)


@admin.register(AccountLockout)
class AccountLockoutAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["username", "locked_until", "failures", "is_active", "created_at"]
    search_fields = ["username"]
    actions = [unlock_accounts]
    readonly_fields = ["username", "failures", "created_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.display(boolean=True, description=_("locked now"))
    def is_active(self, obj: AccountLockout) -> bool:
        return obj.is_active


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """The audit trail is evidence: nobody adds, edits or deletes it here."""

    list_display = ["created_at", "event", "username", "flow", "factor", "ip_address"]
    list_filter = ["event", "factor", "flow", "created_at"]
    search_fields = ["username", "ip_address"]
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in AuditEvent._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
