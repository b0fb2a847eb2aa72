"""System checks of ``AUTHSTATE["PASSKEY"]`` (ids authstate.E050 to E052).

E050 passkeys enabled without the ``webauthn`` package; E051 an allowed origin that is not an
origin (``scheme://host[:port]``); E052 an allowed origin outside ``RP_ID`` (browsers would accept
the credential there, but the server never would).
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from django.core.checks import CheckMessage, Error, Tags, register

from authstate.conf import auth_settings

ORIGINS = 'AUTHSTATE["PASSKEY"]["ALLOWED_ORIGINS"]'


@register(Tags.security, "authstate")
def check_passkeys(app_configs: Iterable[Any] | None = None, **kwargs: Any) -> list[CheckMessage]:
    passkey = auth_settings.passkey
    if not passkey.enabled:
        return []
    errors = [_origin_error(origin, passkey.rp_id) for origin in passkey.allowed_origins]
    if importlib.util.find_spec("webauthn") is None:
        errors.append(
            Error(
                "Passkeys are enabled but the webauthn package is not installed",
                hint='pip install "django-authstate[passkey]", or set AUTHSTATE["PASSKEY"]["ENABLED"] = False.',
                id="authstate.E050",
            )
        )
    return [error for error in errors if error is not None]


def _origin_error(origin: str, rp_id: str | None) -> Error | None:
    parts = urlsplit(origin)
    if parts.scheme not in {"http", "https"} or not parts.hostname or parts.path or parts.query:
        return Error(
            f"{ORIGINS} has {origin!r}, which is not an origin", hint="Write scheme://host[:port].", id="authstate.E051"
        )
    host = parts.hostname
    if rp_id and host != rp_id and not host.endswith("." + rp_id):
        return Error(
            f"{ORIGINS} has {origin!r}, outside RP_ID {rp_id!r}",
            hint="An origin must be the RP id or one of its subdomains.",
            id="authstate.E052",
        )
    return None
