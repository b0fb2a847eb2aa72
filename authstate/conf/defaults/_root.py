"""The top of ``spring.auth.*``: state, tokens and cookies, then authstate's additions and the blocks."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from authstate.conf._schema import MS, group, option, settings_group
from authstate.conf.defaults._limits import MetricsSettings, ThrottleSettings
from authstate.conf.defaults._mfa import MfaSettings
from authstate.conf.defaults._oauth2 import OAuth2Settings
from authstate.conf.defaults._passkey import PasskeySettings
from authstate.conf.defaults._password import PasswordSettings
from authstate.conf.enums import FactorSelectionType, SameSite, StateType, TokenIssuer, TokenTransportType

__all__ = ["RootSettings"]


@settings_group
class RootSettings:
    state_type: StateType = option("STATE_TYPE", StateType.OAUTH2, "State kept after login when a flow names none.")
    token_transport_type: TokenTransportType = option(
        "TOKEN_TRANSPORT_TYPE", TokenTransportType.HEADER, "Token transport."
    )
    token_issuer: TokenIssuer = option("TOKEN_ISSUER", TokenIssuer.INTERNAL, "Who signs tokens.")
    factor_selection_type: FactorSelectionType = option(
        "FACTOR_SELECTION_TYPE", FactorSelectionType.SELECT, "MFA factor selection."
    )
    access_token_validity: timedelta = option(
        "ACCESS_TOKEN_VALIDITY", 3600000, "Access token validity period.", unit=MS
    )
    refresh_token_validity: timedelta = option(
        "REFRESH_TOKEN_VALIDITY", 604800000, "Refresh token validity period.", unit=MS
    )
    refresh_rotate_threshold: timedelta = option(
        "REFRESH_ROTATE_THRESHOLD", 43200000, "Rotate refresh tokens with less life left.", unit=MS
    )
    enable_refresh_token: bool = option("ENABLE_REFRESH_TOKEN", True, "Issue refresh tokens.")
    allow_multiple_logins: bool = option("ALLOW_MULTIPLE_LOGINS", False, "Allow concurrent logins of one user.")
    max_concurrent_logins: int = option("MAX_CONCURRENT_LOGINS", 3, "Maximum concurrent logins of one user.")
    cookie_secure: bool = option("COOKIE_SECURE", True, "Secure flag of token cookies.")
    token_persistence: str = option(
        "TOKEN_PERSISTENCE", "memory", "Token persistence offered to pages and the JS client."
    )
    token_prefix: str = option("TOKEN_PREFIX", "Bearer ", "Authorization header prefix.")
    roles_claim: str = option("ROLES_CLAIM", "roles", "JWT roles claim.")
    scopes_claim: str = option("SCOPES_CLAIM", "scopes", "JWT scopes claim.")
    oauth2_csrf: bool = option("OAUTH2_CSRF", False, "Require CSRF tokens when tokens travel in cookies.")
    access_cookie_name: str = option(
        "ACCESS_COOKIE_NAME", "authstate_access", "Cookie carrying the access token.", spring=False
    )
    refresh_cookie_name: str = option(
        "REFRESH_COOKIE_NAME", "authstate_refresh", "Cookie carrying the refresh token.", spring=False
    )
    cookie_same_site: SameSite = option("COOKIE_SAME_SITE", SameSite.STRICT, "SameSite of token cookies.", spring=False)
    cache_alias: str = option(
        "CACHE_ALIAS", "default", "Django cache holding login activity and revocations.", spring=False
    )
    refresh_cookie_paths: tuple[str, ...] = option(
        "REFRESH_COOKIE_PATHS",
        [],
        "Paths the refresh cookie is sent to; empty means authstate's refresh and logout URLs.",
        spring=False,
    )
    refresh_reuse_grace: timedelta = option(
        "REFRESH_REUSE_GRACE",
        10000,
        "How long a just-rotated refresh token is still accepted (two tabs refreshing at once).",
        unit=MS,
        spring=False,
    )
    max_logins_prevents_login: bool = option(
        "MAX_LOGINS_PREVENTS_LOGIN",
        False,
        "At the login limit, refuse the new login instead of ending the oldest.",
        spring=False,
    )
    revoked_login_retention: timedelta = option(
        "REVOKED_LOGIN_RETENTION",
        86400000,
        "How long `authstate_cleanup` keeps revoked login records (expired ones go at once).",
        unit=MS,
        spring=False,
    )
    audit_retention: timedelta = option(
        "AUDIT_RETENTION",
        7776000000,
        "How long `authstate_cleanup` keeps audit events (90 days).",
        unit=MS,
        spring=False,
    )
    last_seen_interval: timedelta = option(
        "LAST_SEEN_INTERVAL", 60000, "How often a token login's last-seen time is written.", unit=MS, spring=False
    )
    flows: tuple[dict[str, Any], ...] = option(
        "FLOWS",
        [],
        "Flows mounted by include('authstate.urls'), as the registry DSL declares them (API.md).",
        spring=False,
    )
    local_activity_cache_size: int = option(
        "LOCAL_ACTIVITY_CACHE_SIZE",
        10000,
        "Login activity entries each process keeps in memory, invalidated through Redis pub/sub "
        "(django-redis caches only; 0 reads Redis on every request).",
        spring=False,
    )
    login_stages: tuple[str, ...] = option(
        "LOGIN_STAGES",
        ["authstate.mfa.stages.MfaStage"],
        "Stages every login passes after the password, in order (import paths).",
        spring=False,
    )
    trusted_proxies: tuple[str, ...] = option(
        "TRUSTED_PROXIES",
        [],
        "Proxy addresses or CIDR networks (172.28.0.0/16) whose X-Forwarded-For is believed for the client IP.",
        spring=False,
    )
    oauth2: OAuth2Settings = group("OAUTH2", "The built-in authorization server and its default client.")
    mfa: MfaSettings = group("MFA", "Multi-factor authentication.")
    metrics: MetricsSettings = group(
        "METRICS", "authstate's Prometheus endpoint (counting itself follows MFA.METRICS_ENABLED).", spring=False
    )
    passkey: PasskeySettings = group(
        "PASSKEY", "Passkeys (WebAuthn): as a second factor and as a passwordless primary login.", spring=False
    )
    throttle: ThrottleSettings = group(
        "THROTTLE",
        "Failed primary logins counted per client IP and per username; over the limit: 429 + Retry-After.",
        spring=False,
    )
    password: PasswordSettings = group(
        "PASSWORD",
        "Password change and reset (the pages and endpoints a registry mounts with `.passwords()`).",
        spring=False,
    )
