"""Issue the token pair of a login."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from authstate.conf import auth_settings
from authstate.models import Login
from authstate.tokens._claims import login_claims
from authstate.tokens._jwt import AccessToken, RefreshToken

__all__ = ["GENERATION_CLAIM", "TokenPair", "access_for", "first_refresh_expiry", "issue_pair", "refresh_for"]


#: The refresh-token claim holding its generation within the login's family.
GENERATION_CLAIM = "gen"


@dataclass(frozen=True)
class TokenPair:
    access: AccessToken
    refresh: RefreshToken | None

    def body(self) -> dict[str, object]:
        """The OAuth 2.0 token response fields (API.md), before the transport trims them."""
        data: dict[str, object] = {
            "access_token": str(self.access),
            "token_type": auth_settings.token_prefix.strip(),
            "expires_in": int(auth_settings.access_token_validity.total_seconds()),
        }
        if self.refresh is not None:
            data["refresh_token"] = str(self.refresh)
            data["refresh_expires_in"] = int(auth_settings.refresh_token_validity.total_seconds())
        return data


def access_for(login: Login) -> AccessToken:
    """An access token for a login: its claims come from the login record, so a refresh or
    step-up issues the same ``sid``, ``amr`` and ``auth_time`` as the login did."""
    token = AccessToken()
    for claim, value in login_claims(login).items():
        token[claim] = value
    return token


def refresh_for(login: Login, *, generation: int = 0) -> RefreshToken | None:
    """A refresh token of ``generation`` of the login's family (see ``authstate.tokens._rotation``)."""
    if not auth_settings.enable_refresh_token:
        return None
    token = RefreshToken()
    token["sub"] = str(login.user.pk)
    token["sid"] = login.pk
    token[GENERATION_CLAIM] = generation
    return token


def first_refresh_expiry() -> datetime | None:
    """When a new login's first refresh token expires, recorded with the login's row (whole
    seconds, like the token's ``exp``); ``None`` without refresh tokens."""
    if not auth_settings.enable_refresh_token:
        return None
    return (timezone.now() + auth_settings.refresh_token_validity).replace(microsecond=0)


def issue_pair(login: Login, access: AccessToken | None = None) -> TokenPair:
    """The first pair of a login: generation 0 of its refresh family, which the login's row
    already holds (started with ``first_refresh_expiry``, so issuing writes nothing); a login
    started without one gets no refresh token.

    ``access`` is an access token minted elsewhere (the authorization server's grant); by
    default the flow's own is issued.
    """
    refresh = refresh_for(login) if login.refresh_expires_at is not None else None
    if refresh is not None and login.refresh_expires_at is not None:
        refresh["exp"] = int(login.refresh_expires_at.timestamp())
    return TokenPair(access=access or access_for(login), refresh=refresh)
