"""What a login records about the request that made it."""

from __future__ import annotations

from django.http import HttpRequest

from authstate.conf import auth_settings

DEVICE_ID_HEADER = "HTTP_X_DEVICE_ID"


def client_ip(request: HttpRequest) -> str | None:
    """The peer address, or the last untrusted hop of ``X-Forwarded-For`` behind trusted proxies."""
    remote = request.META.get("REMOTE_ADDR") or None
    trusted = set(auth_settings.trusted_proxies)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if not trusted or remote not in trusted or not forwarded:
        return remote
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    for hop in reversed(hops):
        if hop not in trusted:
            return hop
    return remote


def user_agent(request: HttpRequest) -> str:
    return request.META.get("HTTP_USER_AGENT", "")[:300]


def device_id(request: HttpRequest, body_value: str | None = None) -> str:
    return (body_value or request.META.get(DEVICE_ID_HEADER, ""))[:128]
