"""Scope resolution: what a client may have, never more (RFC 6749 §3.3)."""

from __future__ import annotations

from authstate.models import OAuth2Client
from authstate.oauth2._errors import InvalidScope

__all__ = ["narrow", "parse", "resolve"]


def parse(raw: str | None) -> list[str] | None:
    if raw is None or not raw.strip():
        return None
    return list(dict.fromkeys(raw.split()))


def resolve(client: OAuth2Client, requested: str | None) -> list[str]:
    """Requested ∩ allowed, where asking for anything not allowed is ``invalid_scope``, not a silent trim."""
    asked = parse(requested)
    allowed = client.scope_list
    if asked is None:
        return [scope for scope in client.default_scope_list if scope in allowed]
    return narrow(asked, allowed)


def narrow(asked: list[str], allowed: list[str]) -> list[str]:
    extra = [scope for scope in asked if scope not in allowed]
    if extra:
        raise InvalidScope(f"Scope not allowed: {' '.join(extra)}.")
    return asked
