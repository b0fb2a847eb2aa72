"""Signal receivers that turn authstate's events into counter increments.

Imported once from ``AuthStateConfig.ready``. Each receiver asks ``instruments()`` at call time,
so turning ``METRICS_ENABLED`` off (or not installing ``prometheus_client``) makes them no-ops
without reconnecting anything.
"""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from authstate import signals
from authstate.metrics.instruments import instruments


@receiver(signals.login_succeeded, dispatch_uid="authstate.metrics.login_succeeded")
def on_login_succeeded(sender: Any, login: Any, **kwargs: Any) -> None:
    if metrics := instruments():
        metrics.logins.labels(flow=login.flow, state=login.state).inc()


@receiver(signals.login_failed, dispatch_uid="authstate.metrics.login_failed")
def on_login_failed(sender: Any, code: str = "unknown", **kwargs: Any) -> None:
    if metrics := instruments():
        metrics.login_failures.labels(code=code).inc()


@receiver(signals.login_revoked, dispatch_uid="authstate.metrics.login_revoked")
def on_login_revoked(sender: Any, reason: str = "", **kwargs: Any) -> None:
    if metrics := instruments():
        metrics.revocations.labels(reason=reason or "unspecified").inc()
