"""The audit trail and its counters, behind one function: ``record(event, ...)``.

* ``AUDIT_LOGGING_ENABLED``: an ``AuditEvent`` row and an INFO line on the ``authstate.audit``
  logger per event.
* ``DETAILED_LOGGING_ENABLED``: a DEBUG line with the event's detail (secrets never reach it:
  callers pass no codes, passwords or tokens, and ``SECRET_KEYS`` are dropped as a safety net).
* ``METRICS_ENABLED``: the in-process counter ``authstate.audit._metrics.COUNTERS[event]`` grows and
  the ``audit_event`` signal is sent (exporters such as a Prometheus view attach to it).

Inside ``batched()`` (a use-case that records several events, e.g. an MFA verify that ends in a
login), rows are kept and written with one ``bulk_create`` when it ends, also when it raises:
one INSERT per request instead of one per event, and a refusal is still on the trail.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.http import HttpRequest

from authstate._held import held
from authstate._typing import User
from authstate.audit import _metrics as metrics
from authstate.conf import auth_settings
from authstate.logins import _request_info as request_info

__all__ = ["SECRET_KEYS", "batched", "record"]


logger = logging.getLogger("authstate.audit")

_batch: ContextVar[list[Any] | None] = ContextVar("authstate_audit_batch", default=None)

SECRET_KEYS = frozenset({"code", "password", "token", "mfa_token", "secret", "credential", "codes"})


def record(
    event: str,
    *,
    request: HttpRequest | None = None,
    user: User | None = None,
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

    row = AuditEvent(
        event=event,
        user_id=user.pk if user is not None else None,
        username=username,
        flow=flow,
        factor=factor,
        ip_address=ip,
        detail=detail,
    )
    batch = _batch.get()
    if batch is None:
        row.save(force_insert=True)
    else:
        batch.append(row)


@contextmanager
def batched() -> Iterator[None]:
    """Write the events recorded inside with one INSERT at the end (nested: the outermost writes)."""
    with held(_batch, _insert):
        yield


def _insert(rows: list[Any]) -> None:
    if len(rows) == 1:
        rows[0].save(force_insert=True)  # one row: a plain INSERT, no transaction around it
    elif rows:
        from authstate.models import AuditEvent

        AuditEvent.objects.bulk_create(rows)
