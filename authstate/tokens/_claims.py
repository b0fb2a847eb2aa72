"""What an access token says about its user and login."""

from __future__ import annotations

from typing import Any

from authstate._typing import User
from authstate.conf import auth_settings
from authstate.models import Login

__all__ = ["login_claims", "roles"]


def roles(user: User) -> list[str]:
    names = list(user.groups.values_list("name", flat=True)) if hasattr(user, "groups") else []
    if getattr(user, "is_staff", False):
        names.append("staff")
    if getattr(user, "is_superuser", False):
        names.append("superuser")
    return sorted(names)


def login_claims(login: Login, *, scopes: list[str] | None = None) -> dict[str, Any]:
    claims: dict[str, Any] = {
        "sub": str(login.user.pk),
        "sid": login.pk,
        "flow": login.flow,
        "amr": list(login.amr),
        "auth_time": int(login.auth_time.timestamp()),
        auth_settings.roles_claim: roles(login.user),
        auth_settings.scopes_claim: scopes if scopes is not None else auth_settings.oauth2.scope.split(),
    }
    if login.device_id:
        claims["device_id"] = login.device_id
    return claims
