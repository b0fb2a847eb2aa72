"""Issue the token pair of a login."""

from __future__ import annotations

from dataclasses import dataclass

from authstate.conf import auth_settings
from authstate.models import Login
from authstate.tokens.claims import login_claims
from authstate.tokens.jwt import AccessToken, RefreshToken


@dataclass(frozen=True)
class TokenPair:
    access: AccessToken
    refresh: RefreshToken | None

    def body(self) -> dict[str, object]:
        """The OAuth 2.0 token response fields (API.md), before the transport trims them."""
        data: dict[str, object] = {
            "access_token": str(self.access),
            "token_type": auth_settings.token_prefix.strip(),
            "expires_in": auth_settings.access_token_validity // 1000,
        }
        if self.refresh is not None:
            data["refresh_token"] = str(self.refresh)
            data["refresh_expires_in"] = auth_settings.refresh_token_validity // 1000
        return data


def access_for(login: Login) -> AccessToken:
    token = AccessToken()
    for claim, value in login_claims(login).items():
        token[claim] = value
    return token


def refresh_for(login: Login) -> RefreshToken | None:
    if not auth_settings.enable_refresh_token:
        return None
    token = RefreshToken()
    token["sub"] = str(login.user.pk)
    token["sid"] = login.pk
    return token


def issue_pair(login: Login) -> TokenPair:
    return TokenPair(access=access_for(login), refresh=refresh_for(login))
