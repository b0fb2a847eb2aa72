"""System checks of ``AUTHSTATE["PASSKEY"]`` (ids authstate.I050, E050 to E052, E082 with --deploy).

Passkeys are on by default, yet ``webauthn`` is an optional extra: without it a plain install
switches passkeys off by itself (no URLs, no factor) and I050 says so, an info that ``check``
prints but that fails nothing. E050 only when a project sets ``ENABLED`` to ``True`` itself
and the package is missing: it asked for passkeys and would not get them. E051 an allowed origin that is not an
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
from django.core.checks import CheckMessage, Error, Info, Tags, register

from authstate._translation import gettext_lazy as _
from authstate.conf import auth_settings

__all__ = ["ORIGINS", "check_passkey_host", "check_passkeys"]


ORIGINS = 'AUTHSTATE["PASSKEY"]["ALLOWED_ORIGINS"]'


@register(Tags.security, "authstate")
def check_passkeys(app_configs: Iterable[Any] | None = None, **kwargs: Any) -> list[CheckMessage]:
    passkey = auth_settings.passkey
    if not passkey.enabled:
        return []
    errors: list[CheckMessage | None] = [_origin_error(origin, passkey.rp_id) for origin in passkey.allowed_origins]
    if importlib.util.find_spec("webauthn") is None:
        errors.append(_missing_webauthn())
    return [error for error in errors if error is not None]


def _missing_webauthn() -> CheckMessage:
    if _enabled_explicitly():
        return Error(
            _("Passkeys are enabled but the webauthn package is not installed"),
            hint=_('pip install "django-authstate[passkey]", or set AUTHSTATE["PASSKEY"]["ENABLED"] = False.'),
            id="authstate.E050",
        )
    return Info(
        _("Passkeys are off: the webauthn package is not installed"),
        hint=_(
            'pip install "django-authstate[passkey]" to offer them, or set AUTHSTATE["PASSKEY"]["ENABLED"] '
            "= False to silence this."
        ),
        id="authstate.I050",
    )


def _enabled_explicitly() -> bool:
    """Whether the project's own ``AUTHSTATE`` sets ``PASSKEY.ENABLED`` (not the default)."""
    block = (getattr(settings, "AUTHSTATE", None) or {}).get("PASSKEY")
    return isinstance(block, dict) and "ENABLED" in block


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
