"""``METRICS`` and ``THROTTLE``: the Prometheus endpoint and the primary-login throttles."""

from __future__ import annotations

from datetime import timedelta

from authstate.conf._schema import MS, option, settings_group

__all__ = ["MetricsSettings", "ThrottleSettings"]


@settings_group
class MetricsSettings:
    endpoint_enabled: bool = option(
        "ENDPOINT_ENABLED", False, "Serve the metrics URL; it answers 404 while off.", spring=False
    )
    bearer_token: str | None = option(
        "BEARER_TOKEN", None, "Secret a scraper sends as `Authorization: Bearer <token>`.", spring=False, secret=True
    )
    allow_staff: bool = option(
        "ALLOW_STAFF", True, "Also admit logged-in staff users (to look in a browser).", spring=False
    )


@settings_group
class ThrottleSettings:
    enabled: bool = option("ENABLED", True, "Throttle primary logins.", spring=False)
    ip_failures: int = option(
        "IP_FAILURES", 50, "Failed logins from one client IP per window before 429 (0 = no IP limit).", spring=False
    )
    account_failures: int = option(
        "ACCOUNT_FAILURES",
        20,
        "Failed logins of one username per window before 429 (0 = no limit); a backstop to lockout.",
        spring=False,
    )
    window: timedelta = option("WINDOW", 300000, "Length of one counting window.", unit=MS, spring=False)
