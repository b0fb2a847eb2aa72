"""OpenID Connect standard claims of a user, released per granted scope."""

from __future__ import annotations

from typing import Any

from authstate._typing import User

__all__ = ["claims_for"]


def claims_for(user: User, scopes: list[str]) -> dict[str, Any]:
    claims: dict[str, Any] = {"sub": str(user.pk)}
    if "profile" in scopes:
        claims["preferred_username"] = user.get_username()
        full_name = user.get_full_name() if hasattr(user, "get_full_name") else ""
        if full_name:
            claims["name"] = full_name
        for claim, attribute in (("given_name", "first_name"), ("family_name", "last_name")):
            value = getattr(user, attribute, "")
            if value:
                claims[claim] = value
    if "email" in scopes:
        email = getattr(user, "email", "")
        if email:
            claims["email"] = email
    return claims
