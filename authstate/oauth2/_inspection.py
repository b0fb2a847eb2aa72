"""What a presented token is: for introspection (RFC 7662) and revocation (RFC 7009)."""

from __future__ import annotations

from typing import Any

from authstate.conf import auth_settings
from authstate.exceptions import InvalidToken
from authstate.logins import _activity as activity
from authstate.tokens._jwt import AuthStateToken
from authstate.tokens._verify import decode_access, decode_refresh

__all__ = ["ACCESS_HINT", "REFRESH_HINT", "decode_any", "introspect"]


ACCESS_HINT = "access_token"
REFRESH_HINT = "refresh_token"


def decode_any(raw: str, hint: str | None) -> tuple[str, AuthStateToken] | None:
    """The token and its kind, trying the hinted kind first; ``None`` when it is not a valid token."""
    order = [(REFRESH_HINT, decode_refresh), (ACCESS_HINT, decode_access)]
    if hint != REFRESH_HINT:
        order.reverse()
    for kind, decode in order:
        try:
            return kind, decode(raw)
        except InvalidToken:
            continue
    return None


def introspect(raw: str, hint: str | None) -> dict[str, Any]:
    found = decode_any(raw, hint)
    if found is None:
        return {"active": False}
    kind, token = found
    user = activity.active_user(token["sid"])
    if user is None:
        return {"active": False}
    return {"active": True, "token_type": "Bearer" if kind == ACCESS_HINT else REFRESH_HINT} | _claims(token, user)


def _claims(token: AuthStateToken, user: Any) -> dict[str, Any]:
    payload = token.payload
    fields = {
        "scope": " ".join(payload.get(auth_settings.scopes_claim) or []),
        "client_id": payload.get("client_id", auth_settings.oauth2.client_id),
        "username": user.get_username(),
    }
    for claim in ("sub", "aud", "iss", "exp", "iat", "jti", "sid", "device_id"):
        if claim in payload:
            fields[claim] = payload[claim]
    return fields
