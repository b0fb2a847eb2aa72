"""The authorization server's URL patterns, part of every registry's URLs (names in ``authstate:``)."""

from __future__ import annotations

from typing import Any

from django.urls import path

from authstate.conf import auth_settings
from authstate.oauth2 import _discovery as discovery
from authstate.oauth2 import _views as views

__all__ = ["patterns"]


def patterns() -> list[Any]:
    return [
        path(".well-known/openid-configuration", discovery.openid_configuration, name="openid-configuration"),
        path("oauth2/jwks", discovery.jwks, name="oauth2-jwks"),
        path(auth_settings.oauth2.token_endpoint.lstrip("/"), views.token, name="oauth2-token"),
        path("oauth2/revoke", views.revoke, name="oauth2-revoke"),
        path("oauth2/introspect", views.introspect, name="oauth2-introspect"),
        path("userinfo", views.userinfo, name="userinfo"),
    ]
