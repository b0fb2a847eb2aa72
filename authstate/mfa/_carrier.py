"""How the ``mfa_token`` travels.

* JSON clients: the ``mfa_token`` body field, or the ``X-MFA-Token`` header.
* HTML pages: with the http-session store, the visitor's session under
  ``HTTP_SESSION.SESSION_ATTRIBUTE_NAME``; with the redis or memory store, an HttpOnly cookie named
  ``REDIS.COOKIE_NAME`` with SameSite ``REDIS.SAME_SITE`` (the seed's ``MFA_SID``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest, HttpResponse

from authstate.conf import auth_settings
from authstate.conf.enums import StorageType
from authstate.mfa.stores import chosen_type

__all__ = ["HEADER", "attach", "detach", "from_json", "from_page"]


HEADER = "HTTP_X_MFA_TOKEN"


def from_json(request: HttpRequest, data: Mapping[str, Any]) -> Any:
    return data.get("mfa_token") or request.META.get(HEADER)


def _in_session() -> bool:
    return chosen_type() == StorageType.HTTP_SESSION


def from_page(request: HttpRequest) -> str | None:
    if _in_session():
        return request.session.get(auth_settings.mfa.http_session.session_attribute_name)
    return request.COOKIES.get(auth_settings.mfa.redis.cookie_name)


def attach(request: HttpRequest, response: HttpResponse, token: str, max_age: int) -> None:
    if _in_session():
        request.session[auth_settings.mfa.http_session.session_attribute_name] = token
        return
    response.set_cookie(
        auth_settings.mfa.redis.cookie_name,
        token,
        max_age=max_age,
        httponly=True,
        secure=auth_settings.cookie_secure,
        samesite=auth_settings.mfa.redis.same_site.value,
    )


def detach(request: HttpRequest, response: HttpResponse) -> None:
    if hasattr(request, "session"):
        request.session.pop(auth_settings.mfa.http_session.session_attribute_name, None)
    if auth_settings.mfa.redis.cookie_name in request.COOKIES:
        response.delete_cookie(auth_settings.mfa.redis.cookie_name)
