"""System checks for ``AUTHSTATE``: parse problems and contradictions between settings.

Ids: E001 unknown key, E002 wrong type, E003 bad enum value, E010 challenge outlives the MFA
session, E011 a Redis store without django-redis, E012 the published client secret outside
DEBUG, E013 a value outside its sensible range, E014 refresh tokens outlived by access tokens,
W015 a rotate threshold that rotates every refresh, E016 django-otp apps missing, E017 the
redis MFA store without a django-redis cache under its alias, W018 a duration under one second
(the unit is milliseconds), E019 a ``TRUSTED_PROXIES`` entry that is neither an address nor a CIDR network,
E021 (``authstate.flows._checks``) a flow of ``FLOWS`` that does not build.
"""

from __future__ import annotations

import importlib.util
import ipaddress
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register

from authstate._translation import gettext_lazy as _
from authstate.conf._schema import authstate_path, walk
from authstate.conf._settings import auth_settings
from authstate.conf.defaults import MS, PUBLISHED_CLIENT_SECRET, ROOT
from authstate.conf.enums import StorageType

__all__ = ["DURATION_WORDS", "OTP_APPS", "check_settings"]


#: What the MFA pages and factors need installed (TOTP devices, the OTP middleware's models).
OTP_APPS = ("django_otp", "django_otp.plugins.otp_totp")
#: Millisecond options that are lifetimes, where a value under 1000 is almost surely seconds.
DURATION_WORDS = ("VALIDITY", "TIMEOUT", "DURATION", "AGE", "INTERVAL", "TTL", "RETENTION", "WINDOW", "GRACE")


@register(Tags.security, "authstate")
def check_settings(app_configs: Iterable[Any] | None = None, **kwargs: Any) -> list[CheckMessage]:
    auth_settings.reload()
    errors: list[CheckMessage] = [
        Error(f"{p.path} {p.message}", hint=p.hint or None, id=p.id) for p in auth_settings.problems
    ]
    errors += _contradictions()
    errors += _ranges()
    errors += _token_lifetimes()
    errors += _installed()
    errors += _milliseconds()
    errors += _trusted_proxies()
    return errors


def _token_lifetimes() -> list[CheckMessage]:
    """Compared and reported as written, in milliseconds."""
    values = auth_settings.as_dict()
    access, refresh = values["access_token_validity"], values["refresh_token_validity"]
    found: list[CheckMessage] = []
    if auth_settings.enable_refresh_token and refresh < access:
        found.append(
            Error(
                _(
                    'AUTHSTATE["REFRESH_TOKEN_VALIDITY"] (%(refresh)s ms) is shorter than '
                    "ACCESS_TOKEN_VALIDITY (%(access)s ms)"
                )
                % {"refresh": refresh, "access": access},
                hint=_(
                    "A refresh token must outlive the access tokens it renews; lengthen it or shorten the access token."
                ),
                id="authstate.E014",
            )
        )
    if auth_settings.enable_refresh_token and values["refresh_rotate_threshold"] >= refresh:
        found.append(
            Warning(
                _('AUTHSTATE["REFRESH_ROTATE_THRESHOLD"] is not shorter than REFRESH_TOKEN_VALIDITY'),
                hint=_("Every refresh would rotate the refresh token; set a threshold below the validity."),
                id="authstate.W015",
            )
        )
    return found


def _installed() -> list[CheckMessage]:
    found: list[CheckMessage] = []
    missing = [app for app in OTP_APPS if app not in settings.INSTALLED_APPS]
    if missing:
        found.append(
            Error(
                _("%(apps)s missing from INSTALLED_APPS: the MFA pages would fail with a server error")
                % {"apps": ", ".join(missing)},
                hint=_('Add them before "authstate" in INSTALLED_APPS, then run migrate.'),
                id="authstate.E016",
            )
        )
    alias = auth_settings.mfa.redis.cache_alias
    backend = str(settings.CACHES.get(alias, {}).get("BACKEND", ""))
    if _uses_redis_store() and not backend.startswith("django_redis."):
        found.append(
            Error(
                _('AUTHSTATE["MFA"] stores records in Redis, but the cache "%(alias)s" is not a django-redis cache')
                % {"alias": alias},
                hint=_('Point MFA.REDIS.CACHE_ALIAS at a "django_redis.cache.RedisCache" entry of CACHES.'),
                id="authstate.E017",
            )
        )
    return found


def _milliseconds() -> list[CheckMessage]:
    """``ACCESS_TOKEN_VALIDITY=900`` is 0.9 s: durations are milliseconds, as in spring.auth.*."""
    values = auth_settings.as_dict()
    found: list[CheckMessage] = []
    for path, option in walk(ROOT):
        value = _lookup(values, path)
        if option.unit == MS and any(word in option.key for word in DURATION_WORDS) and 0 < value < 1000:
            found.append(
                Warning(
                    _("%(name)s is %(value)s ms, under one second") % {"name": authstate_path(path), "value": value},
                    hint=_(
                        "Durations are milliseconds, as in spring.auth.*: %(value)s is under one second; "
                        "did you mean %(ms)s?"
                    )
                    % {"value": value, "ms": value * 1000},
                    id="authstate.W018",
                )
            )
    return found


def _lookup(values: dict[str, Any], path: tuple[str, ...]) -> Any:
    for part in path:
        values = values[part.lower()]
    return values


def _trusted_proxies() -> list[CheckMessage]:
    return [
        Error(
            _('AUTHSTATE["TRUSTED_PROXIES"] has %(entry)r, which is neither an IP address nor a network')
            % {"entry": entry},
            hint=_("Use addresses (10.0.0.2) or CIDR networks (172.28.0.0/16, fd00::/8)."),
            id="authstate.E019",
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
    if mfa.challenge_timeout > mfa.session_timeout:
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
    return StorageType.REDIS.value in (mfa.session_storage_type, mfa.fallback_repository_type)


def _ranges() -> list[CheckMessage]:
    mfa = auth_settings.mfa
    bounds = [
        ('AUTHSTATE["MFA"]["OTP_TOKEN_LENGTH"]', mfa.otp_token_length, 4, 10),
        ('AUTHSTATE["MAX_CONCURRENT_LOGINS"]', auth_settings.max_concurrent_logins, 1, 10_000),
        ('AUTHSTATE["MFA"]["MAX_RETRY_ATTEMPTS"]', mfa.max_retry_attempts, 1, 1_000),
        ('AUTHSTATE["ACCESS_TOKEN_VALIDITY"]', auth_settings.as_dict()["access_token_validity"], 1_000, 10**12),
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
