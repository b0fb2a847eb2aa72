"""``MFA.HTTP_SESSION``, ``MFA.REDIS``, ``MFA.MEMORY``: where pending MFA attempts may live."""

from __future__ import annotations

from datetime import timedelta

from authstate.conf._schema import MINUTES, option, settings_group
from authstate.conf.enums import SameSite

__all__ = ["HttpSessionStoreSettings", "MemoryStoreSettings", "RedisStoreSettings"]


@settings_group
class HttpSessionStoreSettings:
    enabled: bool = option("ENABLED", True, "Allow the http-session MFA store.")
    session_attribute_name: str = option(
        "SESSION_ATTRIBUTE_NAME", "MFA_SESSION_ID", "Session key holding the MFA record."
    )


@settings_group
class RedisStoreSettings:
    key_prefix: str = option("KEY_PREFIX", "mfa:session:", "Prefix of MFA record keys.")
    cookie_name: str = option("COOKIE_NAME", "MFA_SID", "Cookie carrying the MFA record id for HTML flows.")
    same_site: SameSite = option("SAME_SITE", SameSite.STRICT, "SameSite of the MFA cookie.")
    enabled: bool = option("ENABLED", True, "Allow the redis MFA store.", spring=False)
    cache_alias: str = option("CACHE_ALIAS", "default", "Django cache alias (django-redis) used.", spring=False)


@settings_group
class MemoryStoreSettings:
    cleanup_interval: timedelta = option("CLEANUP_INTERVAL_MINUTES", 5, "Expired-record sweep interval.", unit=MINUTES)
    max_sessions: int = option("MAX_SESSIONS", 10000, "Most pending MFA records held; oldest evicted.")
    enabled: bool = option("ENABLED", True, "Allow the memory MFA store.", spring=False)
