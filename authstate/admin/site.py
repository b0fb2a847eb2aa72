"""Keep ``/admin/login/`` from being a password-only side door.

Django's admin login checks a password and nothing else: no lockout, no throttle, no MFA, no login
record (so "log out everywhere" cannot end it). With authstate, the admin signs in through the
project's authstate login page instead, and so through the login pipeline (lockout, throttles,
MFA for enrolled users). Either use the site class::

    admin.site.__class__ = AuthStateAdminSite      # or AuthStateAdminSite() as your own site

or the one-liner, in the URLconf that mounts the admin::

    admin.site.login = login_through_authstate

Admin pages also ask for a login authstate recorded (``AuthStateAdminSite.has_permission``), so a
session started elsewhere does not reach them.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django.urls import reverse

from authstate.state._session import LOGIN_ID_KEY

__all__ = ["AuthStateAdminSite"]


def login_through_authstate(request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
    """A drop-in for ``AdminSite.login``: send the browser to ``LOGIN_URL``, then back to the admin."""
    target = request.GET.get(REDIRECT_FIELD_NAME) or reverse("admin:index")
    return redirect_to_login(target, login_url=resolve_url(settings.LOGIN_URL))


class AuthStateAdminSite(admin.AdminSite):
    """An ``AdminSite`` whose login is authstate's login page, so the admin gets the same
    lockout, throttles and MFA as every other sign-in."""

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        return login_through_authstate(request, extra_context)

    def has_permission(self, request: HttpRequest) -> bool:
        session = getattr(request, "session", None)
        return super().has_permission(request) and session is not None and bool(session.get(LOGIN_ID_KEY))
