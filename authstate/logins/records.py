"""Start and end logins. Every completed login, session or token, goes through ``start``."""

from __future__ import annotations

from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from authstate.logins import activity, request_info
from authstate.models import Login
from authstate.signals import login_revoked
from authstate.typing import User


def start(
    request: HttpRequest,
    user: User,
    *,
    flow: str,
    state: str,
    lifetime: timedelta,
    amr: list[str],
    device_id: str = "",
) -> Login:
    login = Login.objects.create(
        user=user,
        flow=flow,
        state=state,
        amr=amr,
        device_id=device_id,
        ip_address=request_info.client_ip(request),
        user_agent=request_info.user_agent(request),
        expires_at=timezone.now() + lifetime,
    )
    activity.remember(login)
    return login


def revoke(login: Login, reason: str) -> bool:
    """End one login everywhere at once; returns False when it had already ended."""
    with transaction.atomic():
        updated = Login.objects.filter(pk=login.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now(), revoked_reason=reason
        )
    activity.forget_revoked(login)
    _end_session(login)
    if updated:
        login_revoked.send(sender=Login, login=login, reason=reason)
    return bool(updated)


def revoke_by_id(login_id: str, reason: str) -> bool:
    login = Login.objects.filter(pk=login_id).first()
    return revoke(login, reason) if login else False


def revoke_all(user: User, reason: str, *, keep: str | None = None) -> int:
    """End every active login of ``user`` (except ``keep``); returns how many ended."""
    logins = list(Login.objects.active().filter(user=user).exclude(pk=keep or ""))
    return sum(revoke(login, reason) for login in logins)


def _end_session(login: Login) -> None:
    """A session login ends by deleting its session, so no per-request check is needed."""
    if not login.session_key:
        return
    engine = import_module(settings.SESSION_ENGINE)
    engine.SessionStore().delete(login.session_key)
