"""The bodies MFA answers with, and ``MfaRequired``: ``begin``'s result, shaped like a ``Completion``.

The core views call ``.apply(response)`` and read ``.body`` without knowing whether the login
completed or needs MFA. For an HTML flow the body also carries ``redirect`` (the next MFA page)
and ``apply`` attaches the ``mfa_token`` to the browser (session attribute or cookie).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import NoReverseMatch, reverse

from authstate.conf import auth_settings
from authstate.factors.base import Factor
from authstate.mfa import carrier, clock
from authstate.mfa.pending import Pending

__all__ = ["CHALLENGE_KEY", "NEXT_KEY", "MfaRequired", "challenge_body", "page_url"]


#: Session keys of HTML flows: the login form's ``next``, and the last challenge's public data.
NEXT_KEY = "authstate.mfa_next"
CHALLENGE_KEY = "authstate.mfa_challenge"


@dataclass
class MfaRequired:
    body: dict[str, Any]
    response_hooks: list[Callable[[HttpResponse], None]] = field(default_factory=list)
    login: None = None

    def apply(self, response: HttpResponse) -> HttpResponse:
        for hook in self.response_hooks:
            hook(response)
        return response

    @classmethod
    def for_flow(cls, request: HttpRequest, pending: Pending, body: dict[str, Any]) -> MfaRequired:
        if pending.json:
            return cls(body)
        page = "authstate:mfa-verify-page" if pending.factor else "authstate:mfa-choose-page"
        body = {**body, "redirect": page_url(page)}
        request.session[NEXT_KEY] = request.POST.get("next", "")
        request.session[CHALLENGE_KEY] = body.get("challenge", {})
        token, max_age = pending.token, pending.expires_in()
        return cls(body, [lambda response: carrier.attach(request, response, token, max_age)])


def page_url(name: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:
        return "/"


def challenge_body(pending: Pending, factor: Factor, status: str, data: dict[str, Any]) -> dict[str, Any]:
    """``{"status", "factor", "expires_in", ...factor data}``; ``expires_in`` is the time left to
    answer: the challenge timeout, bounded by the record's life and, for sent codes, their validity."""
    mfa = auth_settings.mfa
    left = [pending.challenged_at + mfa.challenge_timeout_ms / 1000 - clock.now(), float(pending.expires_in())]
    if factor.delivers:
        left.append(float(mfa.otp_token_validity_seconds))
    return {"status": status, "factor": factor.name, "expires_in": max(0, int(min(left))), **data}
