"""The SimpleJWT ``TokenBackend`` authstate signs and verifies with.

Built from ``AUTHSTATE`` (not ``SIMPLE_JWT``) and cached until settings reload. With
``TOKEN_ISSUER=INTERNAL`` tokens are HS256 with Django's ``SECRET_KEY``; the authorization server
plugs asymmetric keys in through ``authstate.tokens.keys``.
"""

from __future__ import annotations

from django.conf import settings
from rest_framework_simplejwt.backends import TokenBackend

from authstate.conf import auth_settings


def token_backend() -> TokenBackend:
    return auth_settings.derived("token_backend", _build)


def _build() -> TokenBackend:
    return TokenBackend(
        algorithm="HS256",
        signing_key=settings.SECRET_KEY,
        issuer=auth_settings.oauth2.issuer_uri,
        leeway=0,
    )
