"""Token classes: SimpleJWT's, with lifetimes and signing taken from ``AUTHSTATE``."""

from __future__ import annotations

from datetime import timedelta

from rest_framework_simplejwt.backends import TokenBackend
from rest_framework_simplejwt.tokens import Token

from authstate.conf import auth_settings
from authstate.tokens._backend import token_backend

__all__ = ["AccessToken", "AuthStateToken", "RefreshToken"]


class AuthStateToken(Token):
    def get_token_backend(self) -> TokenBackend:
        return token_backend()


class AccessToken(AuthStateToken):
    token_type = "access"

    @property
    def lifetime(self) -> timedelta:  # type: ignore[override]
        return auth_settings.access_token_validity


class RefreshToken(AuthStateToken):
    token_type = "refresh"

    @property
    def lifetime(self) -> timedelta:  # type: ignore[override]
        return auth_settings.refresh_token_validity
