"""Deployment checks, run by ``manage.py check --deploy`` (ids ``authstate.W07x``/``E07x``/``E08x``).

They look for settings that are fine on a laptop and wrong in production: cookies without the
Secure flag, the published client secret, per-process stores behind a load balancer, a guessable
metrics secret, and (``E080``/``E081``, in ``authstate.conf._published_secrets``) secrets this
repository publishes. Each message names the setting and the fix, never the value. ``E079`` (an unknown
``TOKEN_PERSISTENCE``) is a plain check, since the JS client refuses such a value everywhere.
``E082`` (passkeys following the ``Host`` header) lives with the passkey checks. ``W083``: Django
is told it runs behind a proxy (``SECURE_PROXY_SSL_HEADER``, ``USE_X_FORWARDED_HOST``) but
``TRUSTED_PROXIES`` is empty, so every client shares the proxy's address in the throttles.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register

from authstate._translation import gettext_lazy as _
from authstate.conf._published_secrets import placeholder_secrets, published_secret_key
from authstate.conf._settings import auth_settings
from authstate.conf.defaults import PUBLISHED_CLIENT_SECRET
from authstate.conf.enums import StorageType, TokenTransportType

__all__ = ["check_atomic_requests", "check_deployment", "check_token_persistence"]


PERSISTENCE_MODES = ("memory", "sessionStorage", "localStorage")
PER_PROCESS_CACHES = ("django.core.cache.backends.locmem.LocMemCache", "django.core.cache.backends.dummy.DummyCache")
MIN_METRICS_SECRET = 32


@register(Tags.security, "authstate", deploy=True)
def check_deployment(app_configs: Iterable[Any] | None = None, **kwargs: Any) -> list[CheckMessage]:
    return [
        *_cookies(),
        *_client_secret(),
        *_per_process_state(),
        *_metrics(),
        *_issuer(),
        *_persistence_risk(),
        *published_secret_key(),
        *placeholder_secrets(),
        *_untrusted_proxy(),
    ]


@register(Tags.security, "authstate")
def check_token_persistence(app_configs: Iterable[Any] | None = None, **kwargs: Any) -> list[CheckMessage]:
    if auth_settings.token_persistence in PERSISTENCE_MODES:
        return []
    return [
        Error(
            _('AUTHSTATE["TOKEN_PERSISTENCE"] is %(value)r') % {"value": auth_settings.token_persistence},
            hint=_("Use one of %(modes)s.") % {"modes": ", ".join(PERSISTENCE_MODES)},
            id="authstate.E079",
        )
    ]


@register(Tags.database, "authstate")
def check_atomic_requests(app_configs: Iterable[Any] | None = None, **kwargs: Any) -> list[CheckMessage]:
    """A login reads the user's other logins again once its own row is in; inside a request-wide
    transaction parallel logins cannot see each other's rows, so the limit could be passed."""
    atomic = sorted(alias for alias, config in settings.DATABASES.items() if config.get("ATOMIC_REQUESTS"))
    if not atomic:
        return []
    return [
        Warning(
            _("ATOMIC_REQUESTS is on for %(aliases)s: parallel logins cannot see each other")
            % {"aliases": ", ".join(atomic)},
            hint=_(
                "MAX_CONCURRENT_LOGINS and ALLOW_MULTIPLE_LOGINS=False rely on each login seeing the others "
                "once committed; turn ATOMIC_REQUESTS off."
            ),
            id="authstate.W084",
        )
    ]


def _cookies() -> list[CheckMessage]:
    if auth_settings.cookie_secure:
        return []
    return [
        Warning(
            _('AUTHSTATE["COOKIE_SECURE"] is False: token and MFA cookies are sent over plain HTTP'),
            hint=_("Serve over HTTPS and set COOKIE_SECURE to True (the default)."),
            id="authstate.W070",
        )
    ]


def _client_secret() -> list[CheckMessage]:
    """With DEBUG off, ``authstate.E012`` already refuses the secret; this catches a deploy that
    still runs with DEBUG on, where the published secret would be accepted."""
    if auth_settings.oauth2.client_secret != PUBLISHED_CLIENT_SECRET or not settings.DEBUG:
        return []
    return [
        Error(
            _('AUTHSTATE["OAUTH2"]["CLIENT_SECRET"] is the secret published in the documentation'),
            hint=_("It is accepted only because DEBUG is on; set a long random secret of your own."),
            id="authstate.E071",
        )
    ]


def _per_process_state() -> list[CheckMessage]:
    messages: list[CheckMessage] = []
    if _memory_mfa_store():
        messages.append(
            Warning(
                _("The memory MFA store keeps pending MFA logins inside one process"),
                hint=_(
                    "With several instances or gunicorn workers, a login started on one fails on "
                    'another: use "redis" (AUTHSTATE["MFA"]["SESSION_STORAGE_TYPE"]) or sticky sessions.'
                ),
                id="authstate.W072",
            )
        )
    if _sessions_per_process():
        messages.append(
            Warning(
                _("Sessions are kept in a per-process cache (LocMemCache)"),
                hint=_(
                    "Session logins and the http-session MFA store are not shared between instances; "
                    "use the database, Redis, or cached_db sessions on a shared cache."
                ),
                id="authstate.W073",
            )
        )
    if _backend(auth_settings.cache_alias) in PER_PROCESS_CACHES:
        messages.append(
            Warning(
                _('AUTHSTATE["CACHE_ALIAS"] (%(alias)r) is a per-process cache') % {"alias": auth_settings.cache_alias},
                hint=_(
                    "Logout and revocation reach other instances only through the database fallback, "
                    "and login activity is not shared; point CACHE_ALIAS at Redis or Memcached."
                ),
                id="authstate.W074",
            )
        )
    return messages


def _memory_mfa_store() -> bool:
    mfa = auth_settings.mfa
    if mfa.auto_select_repository:
        return mfa.memory.enabled and StorageType.MEMORY.value in mfa.repository_priority[:1]
    return StorageType.MEMORY.value in (mfa.session_storage_type, mfa.fallback_repository_type)


def _sessions_per_process() -> bool:
    """Cache-only sessions on a per-process cache (``cached_db`` falls back to the database)."""
    cache_only = settings.SESSION_ENGINE == "django.contrib.sessions.backends.cache"
    return cache_only and _backend(settings.SESSION_CACHE_ALIAS) in PER_PROCESS_CACHES


def _backend(alias: str) -> str:
    return str(settings.CACHES.get(alias, {}).get("BACKEND", ""))


def _metrics() -> list[CheckMessage]:
    metrics = auth_settings.metrics
    if not metrics.endpoint_enabled:
        return []
    if metrics.bearer_token is not None and len(metrics.bearer_token) < MIN_METRICS_SECRET:
        return [
            Warning(
                _('AUTHSTATE["METRICS"]["BEARER_TOKEN"] is short enough to guess'),
                hint=_("Use at least %(length)s random characters (secrets.token_urlsafe(32)).")
                % {"length": MIN_METRICS_SECRET},
                id="authstate.W075",
            )
        ]
    if metrics.bearer_token is None and not metrics.allow_staff:
        return [
            Error(
                _("The metrics endpoint is on but admits nobody"),
                hint=_('Set AUTHSTATE["METRICS"]["BEARER_TOKEN"] or ALLOW_STAFF.'),
                id="authstate.E075",
            )
        ]
    return []


def _issuer() -> list[CheckMessage]:
    issuer = auth_settings.oauth2.issuer_uri
    if issuer.startswith("https://"):
        return []
    return [
        Warning(
            _('AUTHSTATE["OAUTH2"]["ISSUER_URI"] is %(issuer)r, not an https:// URL') % {"issuer": issuer},
            hint=_("The issuer is the `iss` claim relying parties check; publish the public HTTPS origin."),
            id="authstate.W076",
        )
    ]


def _persistence_risk() -> list[CheckMessage]:
    messages: list[CheckMessage] = []
    if auth_settings.token_persistence == "localStorage":
        messages.append(
            Warning(
                _('AUTHSTATE["TOKEN_PERSISTENCE"] is "localStorage"'),
                hint=_(
                    "Any script injected into the page can read it; prefer memory, or the "
                    "HEADER_COOKIE transport, which keeps the refresh token in an HttpOnly cookie."
                ),
                id="authstate.W077",
            )
        )
    cookies = auth_settings.token_transport_type in (TokenTransportType.COOKIE, TokenTransportType.HEADER_COOKIE)
    if cookies and not auth_settings.oauth2_csrf and auth_settings.cookie_same_site.value == "None":
        messages.append(
            Warning(
                _("Tokens travel in SameSite=None cookies without CSRF protection"),
                hint=_('Set AUTHSTATE["OAUTH2_CSRF"] to True or COOKIE_SAME_SITE to "Strict" or "Lax".'),
                id="authstate.W078",
            )
        )
    return messages


def _untrusted_proxy() -> list[CheckMessage]:
    proxied = [name for name in ("SECURE_PROXY_SSL_HEADER", "USE_X_FORWARDED_HOST") if getattr(settings, name, None)]
    if not proxied or auth_settings.trusted_proxies:
        return []
    return [
        Warning(
            _('%(settings)s say requests come through a proxy, but AUTHSTATE["TRUSTED_PROXIES"] is empty')
            % {"settings": " and ".join(proxied)},
            hint=_(
                "Every client then has the proxy's address: one client's failures throttle everyone. "
                "Set TRUSTED_PROXIES to the proxies' addresses or network (172.28.0.0/16)."
            ),
            id="authstate.W083",
        )
    ]
