"""Start and end logins. Every completed login, session or token, goes through ``start``; every
client grant proven by one goes through ``derive``.

A *derived* login (``Login.parent``) holds the tokens a client obtained from the authorization
server on the strength of a completed login. It is its own token family: revoking it (RFC 7009)
leaves the parent alone, while ending the parent — by any path — ends every login derived from it.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from importlib import import_module
from typing import Any

from django.conf import settings
from django.db.models import F, Q
from django.http import HttpRequest
from django.utils import timezone

from authstate._typing import User
from authstate.logins import _activity as activity
from authstate.logins import _request_info as request_info
from authstate.models import Login, UserGeneration
from authstate.signals import login_revoked

__all__ = ["DERIVED_STATE", "derive", "forget_deleted", "revoke", "revoke_all", "revoke_by_id", "start"]


#: The state of a derived login: its tokens are bearer tokens, whatever the parent's state.
DERIVED_STATE = "oauth2"


def start(
    request: HttpRequest,
    user: User,
    *,
    flow: str,
    state: str,
    lifetime: timedelta,
    amr: list[str],
    device_id: str = "",
    session_key: str = "",
    refresh_expires_at: datetime | None = None,
) -> Login:
    """Record a completed login (a session login with its session's key, so revoking it ends
    the session; a token login with its first refresh token's expiry) and cache its activity
    entry."""
    login = _create(
        request,
        user=user,
        flow=flow,
        state=state,
        device_id=device_id,
        expires_at=_until(lifetime),
        amr=amr,
        session_key=session_key,
        refresh_expires_at=refresh_expires_at,
    )
    activity.remember_new(login)
    return login


def derive(parent: Login, request: HttpRequest, *, lifetime: timedelta, device_id: str = "") -> Login:
    """A login for one client grant proven by ``parent``: same user, flow and proof (``amr``,
    ``auth_time``), never outliving the parent (a grant cannot be worth more than its proof)."""
    login = _create(
        request,
        user=parent.user,
        flow=parent.flow,
        state=DERIVED_STATE,
        device_id=device_id or parent.device_id,
        expires_at=min(parent.expires_at, _until(lifetime)),
        amr=list(parent.amr),
        auth_time=parent.auth_time,
        parent=parent,
    )
    activity.remember_new(login)
    return login


def _create(request: HttpRequest, **fields: Any) -> Login:
    ip_address, user_agent = request_info.client_ip(request), request_info.user_agent(request)
    return Login.objects.create(ip_address=ip_address, user_agent=user_agent, **fields)


def _until(lifetime: timedelta) -> datetime:
    return timezone.now() + lifetime


def revoke(login: Login, reason: str) -> bool:
    """End one login, and every login derived from it, everywhere at once.

    Returns False when ``login`` itself had already ended (its derived logins are still swept,
    so none can outlive it). One UPDATE, then one SELECT for derived logins.
    """
    updated = Login.objects.filter(pk=login.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_reason=reason
    )
    activity.forget_revoked(login)
    _end_session(login)
    if updated:
        login_revoked.send(sender=Login, login=login, reason=reason)
    for derived in Login.objects.filter(parent_id=login.pk, revoked_at__isnull=True):
        revoke(derived, reason)
    return bool(updated)


def revoke_lines(lines: dict[str, list[Login]]) -> None:
    """End whole lines at once: ``reason: logins`` where the logins include every active login
    derived from them (``limits.settle`` read them with the rest). One UPDATE per reason.

    The revoked signal goes to every login listed: a login another request revoked in between
    (a race of milliseconds) is announced twice, never missed."""
    for reason, logins in lines.items():
        if not logins:
            continue
        Login.objects.filter(pk__in=[login.pk for login in logins], revoked_at__isnull=True).update(
            revoked_at=timezone.now(), revoked_reason=reason
        )
        for login in logins:
            activity.forget_revoked(login)
            _end_session(login)
            login_revoked.send(sender=Login, login=login, reason=reason)


def revoke_by_id(login_id: str, reason: str) -> bool:
    """Revoke by id, for callers that hold only the id (admin, tokens); ``False`` when unknown."""
    login = Login.objects.filter(pk=login_id).first()
    return revoke(login, reason) if login else False


def revoke_all(user: User, reason: str, *, keep: str | None = None) -> int:
    """End every active login of ``user`` except ``keep``; returns how many ended.

    ``keep`` spares its whole line: the logins derived from it, and the login it was derived
    from (ending that would end ``keep``). Parents go first, so a cascade is counted once.
    The user's generation moves on, so remembered devices and pending MFA attempts end too.
    """
    UserGeneration.objects.bump(user)
    logins = Login.objects.active().filter(user_id=user.pk).exclude(pk__in=_line_of(keep))
    ordered = list(logins.order_by(F("parent_id").asc(nulls_first=True)))
    return sum(revoke(login, reason) for login in ordered)


def _line_of(login_id: str | None) -> set[str]:
    if not login_id:
        return set()
    rows = Login.objects.filter(Q(pk=login_id) | Q(parent_id=login_id)).values_list("pk", "parent_id")
    return {login_id} | {pk for pk, _ in rows} | {parent for _, parent in rows if parent}


def forget_deleted(login: Login) -> None:
    """A deleted row can no longer be revoked: its login ends in the cache and its session goes."""
    activity.forget_revoked(login)
    _end_session(login)
    login_revoked.send(sender=Login, login=login, reason="deleted")


def _end_session(login: Login) -> None:
    """A session login ends by deleting its session, so no per-request check is needed."""
    if not login.session_key:
        return
    engine = import_module(settings.SESSION_ENGINE)
    engine.SessionStore().delete(login.session_key)
