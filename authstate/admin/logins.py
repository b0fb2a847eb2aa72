"""Admin for login records: filter by state, flow, user, activity and revocation; revoke in bulk."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from authstate.logins import records
from authstate.models import Login


class ActiveFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "status"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("active", "Active"), ("revoked", "Revoked"), ("expired", "Expired")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Login]) -> QuerySet[Login]:
        if self.value() == "active":
            return queryset.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())
        if self.value() == "revoked":
            return queryset.filter(revoked_at__isnull=False)
        if self.value() == "expired":
            return queryset.filter(revoked_at__isnull=True, expires_at__lte=timezone.now())
        return queryset


@admin.action(description="Revoke selected logins (ends them on every instance)")
def revoke_logins(model_admin: admin.ModelAdmin[Login], request: HttpRequest, queryset: QuerySet[Login]) -> None:
    revoked = sum(records.revoke(login, "admin") for login in queryset)
    model_admin.message_user(request, f"{revoked} login(s) revoked.", messages.SUCCESS)


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
