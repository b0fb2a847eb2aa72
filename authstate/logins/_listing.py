"""A user's own logins: list them, end one, end all. Shared by the JSON API, the HTML page and
the management command, so the rules (only your own, only active ones) live once.

Only the logins a user made are listed. Logins derived from them for a client's grant are part
of their parent (ending the parent here ends them); a client ends its own through RFC 7009.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from authstate._translation import gettext_lazy as _
from authstate._typing import User
from authstate.logins import _records as records
from authstate.models import Login

__all__ = ["active_logins", "describe", "device_name", "logout_all", "own_login", "page_row", "revoke_own"]


def active_logins(user: User) -> QuerySet[Login]:
    """The user's own logins, most recently used first; logins derived from one (client tokens issued
    from it) are part of it, so each sign-in shows once."""
    return Login.objects.active().filter(user_id=user.pk, parent__isnull=True).order_by("-last_seen_at", "-created_at")


def describe(login: Login, *, current: str | None = None) -> dict[str, Any]:
    """What a user may see about one of their logins (never the session key)."""
    return {
        "id": login.pk,
        "flow": login.flow,
        "state": login.state,
        "device_id": login.device_id or None,
        "ip_address": login.ip_address,
        "user_agent": login.user_agent,
        "device": device_name(login.user_agent),
        "created_at": login.created_at.isoformat(),
        "last_seen_at": login.last_seen_at.isoformat(),
        "expires_at": login.expires_at.isoformat(),
        "current": login.pk == current,
    }


def page_row(login: Login, *, current: str | None = None) -> dict[str, Any]:
    """``describe()`` plus the datetimes a page formats itself (human times, ``<time datetime>``)."""
    times = {"created": login.created_at, "last_seen": login.last_seen_at, "expires": login.expires_at}
    return {**describe(login, current=current), **times}


def device_name(user_agent: str) -> str | None:
    """ "Firefox on Windows", "Mobile Safari on iOS" (``ua-parser``); None when nothing is known."""
    browser, system = _families(user_agent)
    if browser and system:
        return str(_("%(browser)s on %(system)s")) % {"browser": browser, "system": system}
    return browser or system


@lru_cache(maxsize=512)
def _families(user_agent: str) -> tuple[str | None, str | None]:
    if not user_agent:
        return None, None
    from ua_parser import parse  # loads its regexes on first use, not at import

    parsed = parse(user_agent)
    browser = parsed.user_agent.family if parsed.user_agent and parsed.user_agent.family != "Other" else None
    system = parsed.os.family if parsed.os and parsed.os.family != "Other" else None
    return browser, system


def own_login(user: User, login_id: str) -> Login:
    """One of ``user``'s active logins; 404 for anyone else's, so ids cannot be probed."""
    login = active_logins(user).filter(pk=login_id).first()
    if login is None:
        raise Http404(_("No such login."))
    return login


def revoke_own(user: User, login_id: str) -> Login:
    """End one of the user's logins; another user's id is ``not_found``, never a way to end theirs."""
    login = own_login(user, login_id)
    records.revoke(login, "user")
    return login


def logout_all(user: User, *, keep: str | None = None) -> int:
    """End every login of the user (but ``keep``): what to do after a lost device. Returns how many."""
    return records.revoke_all(user, "logout_all", keep=keep)
