"""Audit events for what the core signals: completed and failed primary logins."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from authstate import audit
from authstate.signals import login_failed, login_succeeded

__all__ = []


@receiver(login_succeeded, dispatch_uid="authstate.audit.login_succeeded")
def _login_succeeded(sender: Any, login: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit.record("login_succeeded", request=request, user=user, flow=login.flow, state=login.state)


@receiver(login_failed, dispatch_uid="authstate.audit.login_failed")
def _login_failed(sender: Any, request: Any, username: str, code: str, **kwargs: Any) -> None:
    audit.record("login_failed", request=request, username=username, reason=code)
