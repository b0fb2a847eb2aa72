"""Clickjacking defence that travels with authstate's views instead of relying on the project.

A login or MFA page inside an attacker's frame can be overlaid and clicked through; Django's
``XFrameOptionsMiddleware`` prevents it only when the project installs it. Every authstate view
therefore answers ``X-Frame-Options: DENY`` and CSP ``frame-ancestors 'none'`` itself, unless the
view opted out with Django's ``xframe_options_exempt`` or already set its own value.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpResponseBase

__all__ = ["CSP", "FRAME_ANCESTORS", "deny_framing"]


CSP = "Content-Security-Policy"
FRAME_ANCESTORS = "frame-ancestors 'none'"


def deny_framing(view: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        response = view(*args, **kwargs)
        if isinstance(response, HttpResponseBase) and not getattr(response, "xframe_options_exempt", False):
            _add_headers(response)
        return response

    return wrapped


def _add_headers(response: HttpResponseBase) -> None:
    if response.get("X-Frame-Options") is None:
        response["X-Frame-Options"] = "DENY"
    policy = response.get(CSP, "")
    if "frame-ancestors" not in policy:
        response[CSP] = f"{policy}; {FRAME_ANCESTORS}" if policy else FRAME_ANCESTORS
