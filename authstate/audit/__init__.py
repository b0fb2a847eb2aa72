"""The audit trail and its counters, behind one function: ``record(event, ...)``.

* ``AUDIT_LOGGING_ENABLED``: an ``AuditEvent`` row and an INFO line on the ``authstate.audit``
  logger per event.
* ``DETAILED_LOGGING_ENABLED``: a DEBUG line with the event's detail (secrets never reach it:
  callers pass no codes, passwords or tokens, and ``SECRET_KEYS`` are dropped as a safety net).
* ``METRICS_ENABLED``: the in-process counter ``authstate.audit.metrics.COUNTERS[event]`` grows and
  the ``audit_event`` signal is sent (exporters such as a Prometheus view attach to it).
"""

from __future__ import annotations

import logging
from typing import Any

from django.http import HttpRequest

from authstate.audit import metrics
from authstate.conf import auth_settings
from authstate.logins import request_info
from authstate.typing import User

logger = logging.getLogger("authstate.audit")

SECRET_KEYS = frozenset({"code", "password", "token", "mfa_token", "secret", "credential", "codes"})


def record(
    event: str,
    *,
    request: HttpRequest | None = None,
    user: User = None,
    username: str = "",
    flow: str = "",
    factor: str = "",
    **detail: Any,
) -> None:
    mfa = auth_settings.mfa
    detail = {key: value for key, value in detail.items() if key not in SECRET_KEYS}
    username = username or (user.get_username() if user is not None else "")
    if mfa.metrics_enabled:
        metrics.count(event, factor=factor, flow=flow)
    if mfa.detailed_logging_enabled:
        logger.debug("%s user=%s flow=%s factor=%s detail=%s", event, username, flow, factor, detail)
    if not mfa.audit_logging_enabled:
        return
    ip = request_info.client_ip(request) if request is not None else None
    logger.info("%s user=%s flow=%s factor=%s ip=%s", event, username, flow, factor, ip)
    from authstate.models import AuditEvent

    AuditEvent.objects.create(
        event=event, user=user, username=username, flow=flow, factor=factor, ip_address=ip, detail=detail
    )
