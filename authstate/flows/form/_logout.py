"""The page a browser gets for ``GET /logout``: a confirmation with a POST form.

A GET must not end a login (a link or an image could sign anyone out), so the page asks and its
form posts to the same URL, which ends the login as ``POST /logout`` always has.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import ensure_csrf_cookie

__all__ = ["TEMPLATE", "confirmation"]


TEMPLATE = "authstate/logout.html"


@never_cache
@ensure_csrf_cookie
def confirmation(request: HttpRequest) -> HttpResponse:
    response = TemplateResponse(request, TEMPLATE, {"next": _safe_next(request)})
    response.render()
    return response


def _safe_next(request: HttpRequest) -> str:
    candidate = request.GET.get("next", "")
    allowed = url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return candidate if allowed else ""
