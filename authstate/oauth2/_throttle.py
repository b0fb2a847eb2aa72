"""Client authentication failures counted per client id and per client IP; over the limit: 429.

The same windows and limits as the login throttle (``THROTTLE.WINDOW``, ``IP_FAILURES`` per client
IP, ``ACCOUNT_FAILURES`` per client id), on keys of their own. Each secret check first reserves its
place in both windows (``authstate._attempts``), so a flood of parallel guesses gets at most the
limit checked; a successful authentication gives its places back, so only failures count.
Unknown client ids are counted like known ones.
"""

from __future__ import annotations

from django.http import HttpRequest

from authstate import _throttling as throttling
from authstate._throttling import Reservation
from authstate.conf import auth_settings
from authstate.logins import _request_info as request_info
from authstate.oauth2._errors import TooManyRequests

__all__ = ["PREFIX", "reserve"]


PREFIX = "authstate:throttle:oauth2:"


def reserve(request: HttpRequest, client_id: str) -> Reservation:
    """Hold this attempt's places, or raise ``TooManyRequests`` (holding nothing)."""
    if not auth_settings.throttle.enabled:
        return Reservation()
    settings = auth_settings.throttle
    ip = request_info.client_ip(request) or "unknown"
    limits = {
        f"{PREFIX}ip:{throttling.window_key(ip)}": settings.ip_failures,
        f"{PREFIX}client:{throttling.window_key(client_id[:200])}": settings.account_failures,
    }
    return throttling.reserve_places(limits, TooManyRequests)
