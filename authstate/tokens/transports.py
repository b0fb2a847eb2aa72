"""Where tokens travel (``TOKEN_TRANSPORT_TYPE``): response bodies, headers, cookies.

=============  ============  =============
transport      access token  refresh token
=============  ============  =============
HEADER         body/header   body/header
HEADER_COOKIE  body/header   cookie
COOKIE         cookie        cookie
=============  ============  =============
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse

from authstate.conf import auth_settings
from authstate.conf.enums import TokenTransportType
from authstate.tokens.issue import TokenPair

REFRESH_HEADER = "HTTP_X_REFRESH_TOKEN"


def _transport() -> TokenTransportType:
    return auth_settings.token_transport_type


def access_in_cookie() -> bool:
    return _transport() is TokenTransportType.COOKIE


def refresh_in_cookie() -> bool:
    return _transport() is not TokenTransportType.HEADER


def body_for(pair: TokenPair) -> dict[str, Any]:
    body = pair.body()
    if refresh_in_cookie():
        body.pop("refresh_token", None)
    if access_in_cookie():
        body.pop("access_token", None)
    return body


def set_cookies(response: HttpResponse, pair: TokenPair) -> None:
    if access_in_cookie():
        _set(response, auth_settings.access_cookie_name, str(pair.access), auth_settings.access_token_validity)
    if refresh_in_cookie() and pair.refresh is not None:
        _set(response, auth_settings.refresh_cookie_name, str(pair.refresh), auth_settings.refresh_token_validity)


def clear_cookies(response: HttpResponse) -> None:
    for name in (auth_settings.access_cookie_name, auth_settings.refresh_cookie_name):
        response.delete_cookie(name, samesite=auth_settings.cookie_same_site.value)


def _set(response: HttpResponse, name: str, value: str, validity_ms: int) -> None:
    response.set_cookie(
        name,
        value,
        max_age=validity_ms // 1000,
        secure=auth_settings.cookie_secure,
        httponly=True,
        samesite=auth_settings.cookie_same_site.value,
    )


def read_access(request: HttpRequest) -> str | None:
    """The raw access token: the ``Authorization`` header wins over the cookie."""
    header = request.META.get("HTTP_AUTHORIZATION", "")
    prefix = auth_settings.token_prefix
    if header:
        if not header.startswith(prefix):
            return None
        return header[len(prefix) :].strip() or None
    if access_in_cookie():
        return request.COOKIES.get(auth_settings.access_cookie_name) or None
    return None


def read_refresh(request: HttpRequest, body_value: str | None) -> str | None:
    return (
        body_value
        or request.META.get(REFRESH_HEADER)
        or (request.COOKIES.get(auth_settings.refresh_cookie_name) if refresh_in_cookie() else None)
        or None
    )
