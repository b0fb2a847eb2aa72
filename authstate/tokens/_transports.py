"""Where tokens travel (``TOKEN_TRANSPORT_TYPE``): response bodies, headers, cookies.

=============  ============  =============
transport      access token  refresh token
=============  ============  =============
HEADER         body/header   body/header
HEADER_COOKIE  body/header   cookie
COOKIE         cookie        cookie
=============  ============  =============

Cookies are HttpOnly, ``Secure`` per ``COOKIE_SECURE``, SameSite per ``COOKIE_SAME_SITE``, with a
Max-Age equal to the token's validity. The access cookie is sent everywhere (``/``); the refresh
cookie only to the refresh and logout URLs (``REFRESH_COOKIE_PATHS``), so ordinary requests never
carry the long-lived token. A cookie has one path, so the refresh cookie is set once per path.
An ``Authorization`` header wins over an access cookie when both arrive.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from authstate.conf import auth_settings
from authstate.conf.enums import TokenTransportType
from authstate.tokens._issue import TokenPair

__all__ = [
    "REFRESH_COOKIE_URL_NAMES",
    "REFRESH_HEADER",
    "access_cookie",
    "access_in_cookie",
    "body_for",
    "clear_cookies",
    "read_access",
    "read_refresh",
    "refresh_cookie_paths",
    "refresh_in_cookie",
    "set_cookies",
    "token_in_header",
]


REFRESH_HEADER = "HTTP_X_REFRESH_TOKEN"
#: URL names whose paths receive the refresh cookie when ``REFRESH_COOKIE_PATHS`` is empty.
REFRESH_COOKIE_URL_NAMES = ("authstate:refresh", "authstate:logout")


def _transport() -> TokenTransportType:
    transport: TokenTransportType = auth_settings.token_transport_type
    return transport


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
        _set(response, auth_settings.access_cookie_name, str(pair.access), "/", _max_age(pair.access))
    if refresh_in_cookie() and pair.refresh is not None:
        for path in refresh_cookie_paths():
            _set(response, auth_settings.refresh_cookie_name, str(pair.refresh), path, _max_age(pair.refresh))


def clear_cookies(response: HttpResponse) -> None:
    """Expire the transport's cookies at every path they were set on (browsers match name and path)."""
    if access_in_cookie():
        _set(response, auth_settings.access_cookie_name, "", "/", 0)
    if refresh_in_cookie():
        for path in refresh_cookie_paths():
            _set(response, auth_settings.refresh_cookie_name, "", path, 0)


def refresh_cookie_paths() -> list[str]:
    configured = list(auth_settings.refresh_cookie_paths)
    return configured or list(dict.fromkeys(_reversed_or_root(name) for name in REFRESH_COOKIE_URL_NAMES))


def _reversed_or_root(name: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:
        return "/"


def _max_age(token: Any) -> int:
    """The token's life as of its issue (``exp - iat``), so the cookie dies with the token."""
    issued_at = token.get("iat", timezone.now().timestamp())
    return max(0, int(token["exp"] - issued_at))


def _set(response: HttpResponse, name: str, value: str, path: str, max_age: int) -> None:
    """Set a cookie; a second path for the same name gets its own ``Set-Cookie`` header."""
    key = name if name not in response.cookies or response.cookies[name]["path"] == path else f"{name}|{path}"
    scratch = HttpResponse()
    scratch.set_cookie(
        name,
        value,
        max_age=max_age,
        path=path,
        secure=auth_settings.cookie_secure,
        httponly=True,
        samesite=auth_settings.cookie_same_site.value,
    )
    response.cookies[key] = scratch.cookies[name]


def read_access(request: HttpRequest) -> str | None:
    """The raw access token: the ``Authorization`` header wins over the cookie."""
    header = request.META.get("HTTP_AUTHORIZATION", "")
    return token_in_header(header) if header else access_cookie(request)


def token_in_header(header: str) -> str | None:
    """The token of an ``Authorization``-style value: ``TOKEN_PREFIX`` then the token, else none."""
    prefix = auth_settings.token_prefix
    if not header.startswith(prefix):
        return None
    return header[len(prefix) :].strip() or None


def access_cookie(request: HttpRequest) -> str | None:
    """The access cookie's token when the transport uses cookies."""
    if access_in_cookie():
        return request.COOKIES.get(auth_settings.access_cookie_name) or None
    return None


def read_refresh(request: HttpRequest, body_value: str | None) -> tuple[str | None, bool]:
    """The raw refresh token and whether it came from the cookie: body, then header, then cookie."""
    explicit = body_value or request.META.get(REFRESH_HEADER)
    if explicit:
        return explicit, False
    if refresh_in_cookie():
        return request.COOKIES.get(auth_settings.refresh_cookie_name) or None, True
    return None, False
