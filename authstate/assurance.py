"""How strongly and how recently a login was proven, and the rules that ask for more.

RFC 8176 ``amr`` values and ``auth_time`` travel with every login (the ``Login`` row, the
session, the access token's claims), so these checks read no row. The refusals have stable
codes: ``mfa_required`` (the action needs a login that passed MFA), ``reauthentication_required``
(the proof is older than the action allows; step up at ``/api/reauthenticate``) and
``insufficient_scope`` (a client's token without the account scope).
"""

from __future__ import annotations

from authstate import _clock as clock
from authstate.conf import auth_settings
from authstate.exceptions import InsufficientScope, ReauthenticationRequired, StrongerLoginRequired
from authstate.state._base import LoginContext

__all__ = [
    "GRANT_TYPE_CLAIM",
    "HARDWARE_KEY",
    "MULTI_FACTOR",
    "OTP",
    "PASSWORD",
    "SMS",
    "SOFTWARE_KEY",
    "USER_VERIFIED",
    "auth_age",
    "is_client_grant",
    "require",
    "require_account_scope",
    "with_methods",
]


PASSWORD = "pwd"
OTP = "otp"
SMS = "sms"
HARDWARE_KEY = "hwk"
SOFTWARE_KEY = "swk"
USER_VERIFIED = "user"
MULTI_FACTOR = "mfa"

#: Claim of access tokens minted by the token endpoint for a client (Auth0's name for it).
GRANT_TYPE_CLAIM = "gty"


def with_methods(amr: list[str] | tuple[str, ...], methods: list[str] | tuple[str, ...]) -> list[str]:
    """``amr`` plus ``methods`` (each once, in order); ``mfa`` once two distinct methods were used.

    ``user`` (the authenticator verified its user: PIN or biometric) counts as a method of its
    own, so a user-verified passkey is multi-factor by itself, as WebAuthn intends.
    """
    values = [value for value in amr if value != MULTI_FACTOR]
    values += [method for method in methods if method not in values and method != MULTI_FACTOR]
    if len(values) >= 2 or MULTI_FACTOR in amr:
        values.append(MULTI_FACTOR)
    return values


def auth_age(context: LoginContext) -> float | None:
    """Seconds since the user last proved who they are; ``None`` when nobody recorded it."""
    return None if context.auth_time is None else clock.now() - context.auth_time


def require(context: LoginContext, *, mfa: bool = False, max_age: float | None = None) -> None:
    """Refuse unless the login passed MFA (``mfa``) and was proven at most ``max_age`` seconds ago."""
    if mfa and MULTI_FACTOR not in context.amr:
        raise StrongerLoginRequired()
    if max_age is not None:
        age = auth_age(context)
        if age is None or age > max_age:
            raise ReauthenticationRequired()


def is_client_grant(context: LoginContext) -> bool:
    """Whether a client obtained this token from the token endpoint (not a flow's own login)."""
    token = context.token
    return token is not None and bool(token.get(GRANT_TYPE_CLAIM))


def require_account_scope(context: LoginContext) -> None:
    """A client's token reaches the account endpoints only with ``OAUTH2.ACCOUNT_SCOPE``."""
    if not is_client_grant(context):
        return
    scopes = context.token.get(auth_settings.scopes_claim) or []
    if auth_settings.oauth2.account_scope not in scopes:
        raise InsufficientScope()
