"""What a login records about the request that made it, and which client address made it."""

from __future__ import annotations

import ipaddress
import logging
import threading
from collections.abc import Iterable

from django.http import HttpRequest

from authstate.conf import auth_settings
from authstate.signals import audit_event

__all__ = [
    "DEVICE_ID_HEADER",
    "UNTRUSTED_FORWARDING",
    "Network",
    "client_ip",
    "device_id",
    "is_trusted",
    "parse_network",
    "trusted_networks",
    "user_agent",
]


DEVICE_ID_HEADER = "HTTP_X_DEVICE_ID"
#: Counted (``audit_event``) each time: X-Forwarded-For arrived while no proxy is trusted.
UNTRUSTED_FORWARDING = "forwarded_for_untrusted"
Network = ipaddress.IPv4Network | ipaddress.IPv6Network
logger = logging.getLogger("authstate.proxies")
_warned = threading.Event()


def parse_network(entry: str) -> Network | None:
    """``10.0.0.2``, ``172.28.0.0/16`` or ``fd00::/8`` as a network; ``None`` when it is neither."""
    try:
        return ipaddress.ip_network(entry.strip(), strict=False)
    except (ValueError, TypeError):
        return None


def trusted_networks() -> tuple[Network, ...]:
    """``TRUSTED_PROXIES`` parsed once per settings load (invalid entries: check ``authstate.E019``)."""
    return auth_settings.derived("request_info.trusted", _parse_trusted)


def _parse_trusted() -> tuple[Network, ...]:
    parsed = (parse_network(entry) for entry in auth_settings.trusted_proxies)
    return tuple(network for network in parsed if network is not None)


def is_trusted(address: str | None, networks: Iterable[Network]) -> bool:
    try:
        ip = ipaddress.ip_address((address or "").strip())
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_ip(request: HttpRequest) -> str | None:
    """The peer address, or the last untrusted hop of ``X-Forwarded-For`` behind trusted proxies."""
    remote = request.META.get("REMOTE_ADDR") or None
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    networks = trusted_networks()
    if forwarded and not networks:
        _note_untrusted_forwarding(remote)
    if not forwarded or not is_trusted(remote, networks):
        return remote
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not is_trusted(hop, networks):
            return str(hop)
    return remote


def _note_untrusted_forwarding(remote: str | None) -> None:
    """Evidently proxied, but no proxy trusted: every client shares the proxy's throttle counters."""
    audit_event.send(sender=client_ip, event=UNTRUSTED_FORWARDING, labels={})
    if not _warned.is_set():
        _warned.set()
        logger.warning(
            "X-Forwarded-For from %s ignored: TRUSTED_PROXIES is empty, so every client behind this proxy "
            "shares one address (and one login throttle). Set AUTHSTATE['TRUSTED_PROXIES'] to the proxy's "
            "address or network.",
            remote,
        )


def user_agent(request: HttpRequest) -> str:
    return str(request.META.get("HTTP_USER_AGENT", ""))[:300]


def device_id(request: HttpRequest, body_value: str | None = None) -> str:
    return (body_value or request.META.get(DEVICE_ID_HEADER, ""))[:128]
