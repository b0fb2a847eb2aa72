"""System checks for token transports, rotation and login limits (ids authstate.E03x).

E030 SameSite=None token cookies without ``COOKIE_SECURE`` (browsers drop them), E031 token
cookies open to cross-site requests (SameSite not Strict) with ``OAUTH2_CSRF`` off, E032 a
refresh-cookie path that is not absolute, E033 a reuse grace window outside 0..5 minutes.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.checks import CheckMessage, Error, Tags, register

from authstate._translation import gettext_lazy as _
from authstate.conf import auth_settings
from authstate.conf.enums import SameSite
from authstate.tokens import _transports as transports

__all__ = ["MAX_GRACE_MS", "check_tokens"]


MAX_GRACE_MS = 300_000


@register(Tags.security, "authstate")
def check_tokens(app_configs: Iterable[Any] | None = None, **kwargs: Any) -> list[CheckMessage]:
    if auth_settings.problems:
        return []  # parse errors are reported by authstate.conf._checks first
    return [*_cookie_errors(), *_rotation_errors()]


def _cookie_errors() -> list[CheckMessage]:
    if not transports.refresh_in_cookie():
        return []
    errors: list[CheckMessage] = []
    same_site = auth_settings.cookie_same_site
    if same_site is SameSite.NONE and not auth_settings.cookie_secure:
        errors.append(
            Error(
                _('AUTHSTATE["COOKIE_SAME_SITE"] is None but COOKIE_SECURE is false'),
                hint=_("Browsers refuse SameSite=None cookies without Secure; set COOKIE_SECURE to true."),
                id="authstate.E030",
            )
        )
    if same_site is not SameSite.STRICT and not auth_settings.oauth2_csrf:
        errors.append(
            Error(
                _('Token cookies use SameSite=%(same_site)s and AUTHSTATE["OAUTH2_CSRF"] is false')
                % {"same_site": same_site.value},
                hint=_("Set OAUTH2_CSRF to true, or keep COOKIE_SAME_SITE at Strict."),
                id="authstate.E031",
            )
        )
    errors += [
        Error(_("Refresh cookie path %(path)r must start with '/'") % {"path": path}, id="authstate.E032")
        for path in auth_settings.refresh_cookie_paths
        if not str(path).startswith("/")
    ]
    return errors


def _rotation_errors() -> list[CheckMessage]:
    grace = auth_settings.as_dict()["refresh_reuse_grace"]  # as written, in milliseconds
    if 0 <= grace <= MAX_GRACE_MS:
        return []
    return [
        Error(
            _('AUTHSTATE["REFRESH_REUSE_GRACE"] is %(grace)s, outside 0..%(max)s')
            % {"grace": grace, "max": MAX_GRACE_MS},
            hint=_("A long grace window lets a stolen, already-rotated refresh token be used unnoticed."),
            id="authstate.E033",
        )
    ]
