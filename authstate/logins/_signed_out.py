"""Why a browser's session login ended, told once on the next request.

Ending a session login deletes its session, so the browser's next request carries a session
cookie that names nothing. To still say *why* (signed out because you signed in elsewhere), the
middleware keeps a signed ``authstate_login`` cookie with the id of the browser's login; when the
session is gone but that cookie is there, one primary-key read finds the login's revoked reason.
The reason then travels as ``request.authstate_revoked_reason`` (JSON answers ``login_revoked``)
and as a short-lived signed notice cookie that the login page shows once.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

from authstate._translation import gettext_lazy as _
from authstate.models import Login

__all__ = [
    "DEFAULT_MESSAGE",
    "LOGIN_COOKIE",
    "MESSAGES",
    "NOTICE_COOKIE",
    "NOTICE_MAX_AGE",
    "REQUEST_ATTR",
    "SALT",
    "SILENT",
    "forget_login",
    "notice",
    "reason_of",
    "remember_login",
    "remembered_login",
    "shown",
    "tell",
]


LOGIN_COOKIE = "authstate_login"
NOTICE_COOKIE = "authstate_signed_out"
SALT = "authstate.signed-out"
NOTICE_MAX_AGE = 600
REQUEST_ATTR = "authstate_revoked_reason"
#: Reasons the user caused here: no notice (they know), but JSON still answers ``login_revoked``.
SILENT = frozenset({"logout"})
MESSAGES = {
    "evicted": _("You were signed out because you signed in elsewhere. Sign in again to continue here."),
}
DEFAULT_MESSAGE = _("Your sign-in has ended. Sign in again to continue.")


def reason_of(login_id: str) -> str | None:
    """The revoked reason of ``login_id``; None when it was not revoked (expired, unknown)."""
    found = Login.objects.filter(pk=login_id, revoked_at__isnull=False).values_list("revoked_reason", flat=True)
    return next(iter(found), None)


def remembered_login(request: HttpRequest) -> str | None:
    """The login id of the signed ``authstate_login`` cookie, if any and untampered."""
    value = request.get_signed_cookie(LOGIN_COOKIE, default=None, salt=SALT)
    return value or None


def names(request: HttpRequest, login_id: str) -> bool:
    """Whether the ``authstate_login`` cookie already carries ``login_id`` (signed values read
    ``<value>:<timestamp>:<signature>``). Only decides whether to set it again, so no signature is
    checked: a live session's request need not pay for one."""
    return request.COOKIES.get(LOGIN_COOKIE, "").startswith(f"{login_id}:")


def remember_login(response: HttpResponseBase, login_id: str) -> None:
    response.set_signed_cookie(LOGIN_COOKIE, login_id, salt=SALT, **_cookie_flags())


def forget_login(response: HttpResponseBase) -> None:
    response.delete_cookie(LOGIN_COOKIE, path=settings.SESSION_COOKIE_PATH, domain=settings.SESSION_COOKIE_DOMAIN)


def tell(response: HttpResponseBase, reason: str) -> None:
    """Carry ``reason`` to the login page (unless the user ended the login themselves)."""
    if reason not in SILENT:
        response.set_signed_cookie(NOTICE_COOKIE, reason, salt=SALT, max_age=NOTICE_MAX_AGE, **_cookie_flags())


def notice(request: HttpRequest) -> str | None:
    """The message to show once on the login page, or None."""
    reason = getattr(request, REQUEST_ATTR, None)
    if reason is None:
        reason = request.get_signed_cookie(NOTICE_COOKIE, default=None, salt=SALT, max_age=NOTICE_MAX_AGE)
    if not reason or reason in SILENT:
        return None
    return str(MESSAGES.get(reason, DEFAULT_MESSAGE))


def shown(request: HttpRequest, response: HttpResponseBase) -> None:
    """The notice was shown: drop it, and do not let the middleware set it again."""
    request.authstate_notice_shown = True  # type: ignore[attr-defined]
    if NOTICE_COOKIE in request.COOKIES:
        response.delete_cookie(NOTICE_COOKIE, path=settings.SESSION_COOKIE_PATH, domain=settings.SESSION_COOKIE_DOMAIN)


def _cookie_flags() -> dict[str, object]:
    return {
        "httponly": True,
        "secure": settings.SESSION_COOKIE_SECURE,
        "samesite": settings.SESSION_COOKIE_SAMESITE or "Lax",
        "path": settings.SESSION_COOKIE_PATH,
        "domain": settings.SESSION_COOKIE_DOMAIN,
    }
