"""Deployment checks ``E080``/``E081``: secrets this repository publishes, used as real ones.

The demo's ``SECRET_KEY`` and the placeholders of ``.env.example`` are public: anyone could
forge the HS256 tokens, cookies and CSRF tokens ``SECRET_KEY`` signs, or reach Redis and the
database with them. ``authstate.conf._deploy_checks`` runs these with ``check --deploy``; each
message names the setting, never the value.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import CheckMessage, Error
from django.core.exceptions import ImproperlyConfigured

from authstate._translation import gettext_lazy as _
from authstate.conf._properties import rows
from authstate.conf._schema import authstate_path
from authstate.conf._settings import auth_settings

__all__ = ["PLACEHOLDER_MARK", "PUBLISHED_SECRETS", "is_placeholder", "placeholder_secrets", "published_secret_key"]


#: Secrets published in this repository: the demo's fallback ``SECRET_KEY`` and every value of
#: ``.env.example`` meant to be replaced (tests keep this list in step with both files).
PUBLISHED_SECRETS = frozenset(
    {
        "demo-only-insecure-secret-key-change-me-0123456789abcdef",
        "change-me-to-50-random-characters-shared-by-every-instance",
        "change-me-oauth2-client-secret",
        "change-me-redis-password",
        "change-me-postgres-password",
        "change-me-postgres-app-password",
    }
)
#: Every placeholder of ``.env.example`` says so; one edited but still saying so is one too.
PLACEHOLDER_MARK = "change-me"


def is_placeholder(value: Any) -> bool:
    """True for a secret this repository publishes, or any value still marked ``change-me``."""
    return isinstance(value, str) and (value in PUBLISHED_SECRETS or PLACEHOLDER_MARK in value.lower())


def published_secret_key() -> list[CheckMessage]:
    """Fallbacks count too: Django still accepts what they sign."""
    try:
        keys = [("SECRET_KEY", settings.SECRET_KEY)]
    except ImproperlyConfigured:  # unset: Django's own security.W009 reports it
        keys = []
    keys += [(f"SECRET_KEY_FALLBACKS[{i}]", key) for i, key in enumerate(getattr(settings, "SECRET_KEY_FALLBACKS", []))]
    return [
        Error(
            _("%(setting)s is a published value (the demo's key or a .env.example placeholder)") % {"setting": name},
            hint=_(
                "Anyone can read it, so anyone can forge the HS256 tokens, cookies and CSRF tokens it signs. "
                "Set DJANGO_SECRET_KEY (SECRET_KEY) to 50 random characters "
                "(django.core.management.utils.get_random_secret_key()), the same on every instance."
            ),
            id="authstate.E080",
        )
        for name, key in keys
        if is_placeholder(key)
    ]


def placeholder_secrets() -> list[CheckMessage]:
    return [
        Error(
            _("%(setting)s is a placeholder secret published in .env.example") % {"setting": where},
            hint=_(
                "Replace every change-me value of .env.example with a random secret of your own "
                "(python -c 'import secrets; print(secrets.token_urlsafe(32))')."
            ),
            id="authstate.E081",
        )
        for where, value in _secrets()
        if is_placeholder(value)
    ]


def _secrets() -> Iterator[tuple[str, Any]]:
    """Where a deployment keeps secrets: AUTHSTATE's secret options, cache and database passwords."""
    for path, option, value in rows(auth_settings.as_dict()):
        if option.secret:
            yield authstate_path(path), value
    for alias, cache in settings.CACHES.items():
        yield from _cache_secrets(alias, cache)
    for alias, database in settings.DATABASES.items():
        yield f'DATABASES["{alias}"]["PASSWORD"]', database.get("PASSWORD")


def _cache_secrets(alias: str, cache: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    """The password of each ``redis://:password@host`` location (a list, or ``,``/``;``-separated)."""
    locations = cache.get("LOCATION") or []
    joined = ",".join([locations] if isinstance(locations, str) else [str(each) for each in locations])
    for url in joined.replace(";", ",").split(","):
        yield f'CACHES["{alias}"]["LOCATION"] (its password)', _password(url.strip())
    yield f'CACHES["{alias}"]["OPTIONS"]["PASSWORD"]', (cache.get("OPTIONS") or {}).get("PASSWORD")


def _password(url: str) -> str | None:
    try:
        return urlsplit(url).password
    except ValueError:  # not a URL (a socket path, host:port): no password in it
        return None
