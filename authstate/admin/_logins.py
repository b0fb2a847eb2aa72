"""Admin for login records: filter by state, flow, user, activity and revocation; revoke in bulk.

Deleting rows here (or anywhere) ends their logins too: ``authstate._receivers`` marks a deleted
active login revoked in the cache and drops its session, so "Delete selected" is as final as
"Revoke selected logins" — revoking keeps the record for the audit trail.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import ngettext

from authstate._translation import gettext_lazy as _
from authstate.logins import _records as records
from authstate.models import Login

__all__ = ["ActiveFilter", "LoginAdmin", "revoke_logins"]


class ActiveFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("active", _("Active")), ("revoked", _("Revoked")), ("expired", _("Expired"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Login]) -> QuerySet[Login]:
        if self.value() == "active":
            return queryset.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())
        if self.value() == "revoked":
            return queryset.filter(revoked_at__isnull=False)
        if self.value() == "expired":
            return queryset.filter(revoked_at__isnull=True, expires_at__lte=timezone.now())
        return queryset


@admin.action(description=_("Revoke selected logins"))
def revoke_logins(model_admin: admin.ModelAdmin[Login], request: HttpRequest, queryset: QuerySet[Login]) -> None:
    """Ends them on every instance at once, with the logins derived from them."""
    revoked = sum(records.revoke(login, "admin") for login in queryset)
    message = ngettext("%(count)d login revoked.", "%(count)d logins revoked.", revoked) % {"count": revoked}
    model_admin.message_user(request, message, messages.SUCCESS)


@admin.register(Login)
class LoginAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["id", "user", "flow", "state", "device_id", "ip_address", "created_at", "last_seen_at"]
    list_display += ["expires_at", "revoked_at", "revoked_reason"]
    list_filter = [ActiveFilter, "state", "flow", "revoked_reason", "created_at"]
    search_fields = ["id", "user__username", "device_id", "ip_address", "user_agent"]
    list_select_related = ["user"]
    date_hierarchy = "created_at"
    actions = [revoke_logins]
    readonly_fields = [field.name for field in Login._meta.fields]
    exclude = ["session_key"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
