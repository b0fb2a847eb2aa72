"""CSRF for tokens that travel in cookies (``OAUTH2_CSRF``).

A cookie is sent by the browser on its own, so a token in a cookie is as exposed to cross-site
request forgery as a session. With ``OAUTH2_CSRF`` true, unsafe requests authenticated by a token
cookie (and refreshes that use the refresh cookie) must pass Django's CSRF check: the
``csrftoken`` cookie, readable by the page's JavaScript, echoed in the ``X-CSRFToken`` header.
Login responses set that cookie whenever tokens go into cookies.

With ``OAUTH2_CSRF`` false, the defence is ``SameSite=Strict`` (the default of
``COOKIE_SAME_SITE``): browsers do not attach the cookies to any request started by another
site, top-level navigations included. It does not cover: attackers on the same *site* (a sibling
subdomain of the same registrable domain, or an XSS anywhere on it), browsers without SameSite
support, ``COOKIE_SAME_SITE`` set to ``Lax``/``None``, or state-changing ``GET`` endpoints.
Requests with an ``Authorization`` header never need CSRF: a forged request cannot set one.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.middleware.csrf import get_token
from rest_framework.authentication import CSRFCheck

from authstate.conf import auth_settings
from authstate.exceptions import CsrfFailed
from authstate.tokens import _transports as transports

__all__ = ["check_access_cookie", "enforce", "offer_token", "required"]


def required() -> bool:
    return bool(auth_settings.oauth2_csrf) and transports.refresh_in_cookie()


def enforce(request: HttpRequest) -> None:
    """Django's own CSRF check (origin, referer, token), raising ``csrf_failed`` when it refuses."""
    check = CSRFCheck(lambda _request: None)  # type: ignore[arg-type]
    check.process_request(request)
    reason = check.process_view(request, None, (), {})  # type: ignore[arg-type]
    if reason:
        raise CsrfFailed()


def check_access_cookie(request: HttpRequest) -> None:
    """Called when the access token came from its cookie: the browser sends that unasked."""
    if required():
        enforce(request)


def offer_token(request: HttpRequest) -> None:
    """Make sure the response carries the ``csrftoken`` cookie the client has to echo."""
    if required():
        get_token(request)
