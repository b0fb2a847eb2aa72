"""System checks for ``AUTHSTATE``: parse problems and contradictions between settings.

Ids: E001 unknown key, E002 wrong type, E003 bad enum value, E010 challenge outlives the MFA
session, E011 a Redis store without django-redis, E012 the published client secret outside
DEBUG, E013 a value outside its sensible range, E014 a ``TRUSTED_PROXIES`` entry that is neither an
address nor a CIDR network, E020 the flow registry cannot be loaded.
"""

from __future__ import annotations

import importlib.util
import ipaddress
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register

from authstate.conf.defaults import PUBLISHED_CLIENT_SECRET
from authstate.conf.enums import StorageType
from authstate.conf.settings import auth_settings
from authstate.translation import gettext_lazy as _


@register(Tags.security, "authstate")
def check_settings(app_configs: Iterable[Any] | None = None, **kwargs: Any) -> list[CheckMessage]:
    auth_settings.reload()
    errors: list[CheckMessage] = [
        Error(f"{p.path} {p.message}", hint=p.hint or None, id=p.id) for p in auth_settings.problems
    ]
    errors += _contradictions()
    errors += _ranges()
    errors += _trusted_proxies()
    return errors


def _trusted_proxies() -> list[CheckMessage]:
    return [
        Error(
            _('AUTHSTATE["TRUSTED_PROXIES"] has %(entry)r, which is neither an IP address nor a network')
            % {"entry": entry},
            hint=_("Use addresses (10.0.0.2) or CIDR networks (172.28.0.0/16, fd00::/8)."),
            id="authstate.E014",
        )
        for entry in auth_settings.trusted_proxies
        if not _is_network(entry)
    ]


def _is_network(entry: object) -> bool:
    try:
        ipaddress.ip_network(str(entry).strip(), strict=False)
    except ValueError:
        return False
    return isinstance(entry, str)


def _contradictions() -> list[CheckMessage]:
    mfa = auth_settings.mfa
    errors: list[CheckMessage] = []
    if mfa.challenge_timeout_ms > mfa.session_timeout_ms:
        errors.append(
            Error(
                _('AUTHSTATE["MFA"]["CHALLENGE_TIMEOUT_MS"] is longer than SESSION_TIMEOUT_MS'),
                hint=_("A challenge cannot outlive the MFA session it belongs to; shorten it."),
                id="authstate.E010",
            )
        )
    if _uses_redis_store() and importlib.util.find_spec("django_redis") is None:
        errors.append(
            Error(
                _("The redis MFA store is configured but django-redis is not installed"),
                hint=_('pip install "django-authstate[redis]"'),
                id="authstate.E011",
            )
        )
    if auth_settings.oauth2.client_secret == PUBLISHED_CLIENT_SECRET and not settings.DEBUG:
        errors.append(
            Error(
                _('AUTHSTATE["OAUTH2"]["CLIENT_SECRET"] is the publicly documented default'),
                hint=_("Set a secret of your own; the published one is accepted only with DEBUG=True."),
                id="authstate.E012",
            )
        )
    return errors


def _uses_redis_store() -> bool:
    mfa = auth_settings.mfa
    if mfa.auto_select_repository:
        return False
    return StorageType.REDIS in (mfa.session_storage_type, mfa.fallback_repository_type)


def _ranges() -> list[CheckMessage]:
    mfa = auth_settings.mfa
    bounds = [
        ('AUTHSTATE["MFA"]["OTP_TOKEN_LENGTH"]', mfa.otp_token_length, 4, 10),
        ('AUTHSTATE["MAX_CONCURRENT_LOGINS"]', auth_settings.max_concurrent_logins, 1, 10_000),
        ('AUTHSTATE["MFA"]["MAX_RETRY_ATTEMPTS"]', mfa.max_retry_attempts, 1, 1_000),
        ('AUTHSTATE["ACCESS_TOKEN_VALIDITY"]', auth_settings.access_token_validity, 1_000, 10**12),
    ]
    return [
        Error(
            _("%(name)s is %(value)s, outside %(low)s..%(high)s")
            % {"name": name, "value": value, "low": low, "high": high},
            id="authstate.E013",
        )
        for name, value, low, high in bounds
        if not low <= value <= high
    ]
