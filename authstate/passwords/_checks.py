"""E090: the reset pages are mounted but ``PASSWORD.RESET_BASE_URL`` is unset (or not absolute).

Reset links are built only from that setting, never from the request's ``Host``; without it no
reset e-mail can be sent, so the check says so before a user finds out.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from django.core.checks import CheckMessage, Error, Tags, register
from django.urls import NoReverseMatch, reverse

from authstate._translation import gettext_lazy as _
from authstate.conf import auth_settings

__all__ = ["check_reset_base_url"]


@register(Tags.security, "authstate")
def check_reset_base_url(app_configs: Iterable[Any] | None = None, **kwargs: Any) -> list[CheckMessage]:
    if not _reset_mounted():
        return []
    base = auth_settings.password.reset_base_url or ""
    parts = urlsplit(base)
    if parts.scheme in ("http", "https") and parts.netloc:
        return []
    return [
        Error(
            _('AUTHSTATE["PASSWORD"]["RESET_BASE_URL"] must be an absolute http(s) URL while password reset is on'),
            hint=_("Set it to the site users open, e.g. https://accounts.example.com; the Host header is never used."),
            id="authstate.E090",
        )
    ]


def _reset_mounted() -> bool:
    try:
        reverse("authstate:password-reset")
    except NoReverseMatch:
        return False
    return True
