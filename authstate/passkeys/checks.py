"""System checks of ``AUTHSTATE["PASSKEY"]`` (ids authstate.E050 to E052, and E082 with --deploy).

E050 passkeys enabled without the ``webauthn`` package; E051 an allowed origin that is not an
origin (``scheme://host[:port]``); E052 an allowed origin outside ``RP_ID`` (browsers would accept
the credential there, but the server never would). E082 (``check --deploy``, numbered with the
other deployment checks): ``RP_ID`` unset while ``ALLOWED_HOSTS`` admits any host. The RP id then
follows the request's ``Host`` header, so a reverse proxy on a domain of the attacker's can run
ceremonies for that domain against this server, register a passkey bound to it, and have its
later phished logins accepted: the phishing resistance passkeys exist for is gone.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register

from authstate.conf import auth_settings
from authstate.translation import gettext_lazy as _

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
                _("Passkeys are enabled but the webauthn package is not installed"),
                hint=_('pip install "django-authstate[passkey]", or set AUTHSTATE["PASSKEY"]["ENABLED"] = False.'),
                id="authstate.E050",
            )
        )
    return [error for error in errors if error is not None]


@register(Tags.security, "authstate", deploy=True)
def check_passkey_host(app_configs: Iterable[Any] | None = None, **kwargs: Any) -> list[CheckMessage]:
    passkey = auth_settings.passkey
    if not passkey.enabled or passkey.rp_id or "*" not in settings.ALLOWED_HOSTS:
        return []
    return [
        Error(
            _(
                'Passkeys are enabled without AUTHSTATE["PASSKEY"]["RP_ID"] while ALLOWED_HOSTS contains "*": '
                "the relying party id follows whatever Host header a request sends"
            ),
            hint=_(
                'Set AUTHSTATE["PASSKEY"]["RP_ID"] to your registrable domain (and ALLOWED_ORIGINS), '
                "or list your host names in ALLOWED_HOSTS instead of '*'."
            ),
            id="authstate.E082",
        )
    ]


def _origin_error(origin: str, rp_id: str | None) -> Error | None:
    parts = urlsplit(origin)
    if parts.scheme not in {"http", "https"} or not parts.hostname or parts.path or parts.query:
        return Error(
            _("%(setting)s has %(origin)r, which is not an origin") % {"setting": ORIGINS, "origin": origin},
            hint=_("Write scheme://host[:port]."),
            id="authstate.E051",
        )
    host = parts.hostname
    if rp_id and host != rp_id and not host.endswith("." + rp_id):
        return Error(
            _("%(setting)s has %(origin)r, outside RP_ID %(rp_id)r")
            % {"setting": ORIGINS, "origin": origin, "rp_id": rp_id},
            hint=_("An origin must be the RP id or one of its subdomains."),
            id="authstate.E052",
        )
    return None
