"""The key set tokens are signed with when ``TOKEN_ISSUER=AUTHORIZATION_SERVER``."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from authstate._translation import gettext_lazy as _
from authstate.conf import auth_settings
from authstate.oauth2 import _keystore as keystore
from authstate.oauth2._keys import KeySet, development_key

__all__ = ["MISSING_KEY", "keyset"]


logger = logging.getLogger("authstate.oauth2")

MISSING_KEY = _(
    'TOKEN_ISSUER is AUTHORIZATION_SERVER but AUTHSTATE["OAUTH2"]["JWK_KEY_STORE_PATH"] is not set; '
    "create a key store with `manage.py authstate_keys generate --path <file>` and point the setting at it"
)


def keyset() -> KeySet:
    """Loaded once per settings load: the configured store, or in DEBUG a key derived from SECRET_KEY."""
    return auth_settings.derived("oauth2.keyset", _load)


def _load() -> KeySet:
    path = auth_settings.oauth2.jwk_key_store_path
    if path:
        return keystore.load(path)
    if not settings.DEBUG:
        raise ImproperlyConfigured(MISSING_KEY)
    logger.warning("authstate: no JWK_KEY_STORE_PATH; signing with a development key derived from SECRET_KEY")
    return KeySet(active=development_key())
