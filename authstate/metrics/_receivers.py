"""Signal receivers that turn authstate's events into counter increments.

Imported once from ``AuthStateConfig.ready``. Each receiver asks ``instruments()`` at call time,
so turning ``METRICS_ENABLED`` off (or not installing ``prometheus_client``) makes them no-ops
without reconnecting anything.
"""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from authstate import signals
from authstate.metrics import _labels as labels
from authstate.metrics._instruments import instruments

__all__ = [
    "LOCKOUT_EVENTS",
    "PASSWORD_EVENTS",
    "on_audit_event",
    "on_login_failed",
    "on_login_revoked",
    "on_login_succeeded",
    "on_mfa_challenged",
    "on_mfa_failed",
    "on_mfa_verified",
]


#: Audit events that are lockouts, and the ``kind`` label each gets.
LOCKOUT_EVENTS = {"account_locked": "account", "mfa_locked": "mfa"}
#: Audit events of the password flows, and their ``step`` and ``outcome`` labels.
PASSWORD_EVENTS = {
    "password_changed": ("change", "success"),
    "password_change_failed": ("change", "failure"),
    "password_reset_requested": ("reset_request", "accepted"),
    "password_reset_throttled": ("reset_request", "throttled"),
    "password_reset_completed": ("reset_confirm", "success"),
    "password_reset_failed": ("reset_confirm", "failure"),
}


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


@receiver(signals.mfa_challenged, dispatch_uid="authstate.metrics.mfa_challenged")
def on_mfa_challenged(sender: Any, factor: str = "", status: str = "", **kwargs: Any) -> None:
    if metrics := instruments():
        metrics.mfa_steps.labels(
            step="challenge", factor=labels.factor(factor), outcome=status.lower() or "issued"
        ).inc()


@receiver(signals.mfa_factor_verified, dispatch_uid="authstate.metrics.mfa_factor_verified")
def on_mfa_verified(sender: Any, factor: str = "", **kwargs: Any) -> None:
    if metrics := instruments():
        metrics.mfa_steps.labels(step="verify", factor=labels.factor(factor), outcome="success").inc()


@receiver(signals.mfa_failed, dispatch_uid="authstate.metrics.mfa_failed")
def on_mfa_failed(sender: Any, factor: str = "", **kwargs: Any) -> None:
    if metrics := instruments():
        metrics.mfa_steps.labels(step="verify", factor=labels.factor(factor), outcome="failure").inc()


@receiver(signals.audit_event, dispatch_uid="authstate.metrics.audit_event")
def on_audit_event(sender: Any, event: str = "", **kwargs: Any) -> None:
    """Lockouts (of accounts, of MFA logins) and the steps of password changes and resets."""
    if event in LOCKOUT_EVENTS and (metrics := instruments()):
        metrics.lockouts.labels(kind=LOCKOUT_EVENTS[event]).inc()
    if event in PASSWORD_EVENTS and (metrics := instruments()):
        step, outcome = PASSWORD_EVENTS[event]
        metrics.passwords.labels(step=step, outcome=outcome).inc()
