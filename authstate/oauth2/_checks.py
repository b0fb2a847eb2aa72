"""System checks of the authorization server (ids ``authstate.E06x``).

E060: ``TOKEN_ISSUER=AUTHORIZATION_SERVER`` with ``DEBUG=False`` and no key store — refusing to
start beats signing with a key that differs per instance and dies on restart. E061: the key store
is set but cannot be read.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register
from django.core.exceptions import ImproperlyConfigured

from authstate._translation import gettext_lazy as _
from authstate.conf import auth_settings
from authstate.conf.enums import TokenIssuer
from authstate.oauth2 import _keystore as keystore
from authstate.oauth2._signing import MISSING_KEY

__all__ = ["check_signing_keys"]


@register(Tags.security, "authstate")
def check_signing_keys(app_configs: Iterable[Any] | None = None, **kwargs: Any) -> list[CheckMessage]:
    if auth_settings.problems:
        return []
    path = auth_settings.oauth2.jwk_key_store_path
    if path:
        return _readable(path)
    if auth_settings.token_issuer is TokenIssuer.AUTHORIZATION_SERVER and not settings.DEBUG:
        hint = _("Tokens must be signed with the same key on every instance.")
        return [Error(MISSING_KEY, hint=hint, id="authstate.E060")]
    return []


def _readable(path: str) -> list[CheckMessage]:
    try:
        keystore.load(path)
    except ImproperlyConfigured as exc:
        return [Error(f'AUTHSTATE["OAUTH2"]["JWK_KEY_STORE_PATH"]: {exc}', id="authstate.E061")]
    return []
