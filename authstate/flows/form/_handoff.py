"""A login answer made fit for a browser: where an HTML login goes when MFA interrupts it.

The MFA service answers the same ``MfaRequired`` to every transport. A browser cannot hold the
``mfa_token`` itself, so the HTML login views (the login page, passwordless passkey login) hand
the answer here: the token rides the session attribute or the ``MFA_SID`` cookie
(``authstate.mfa._carrier``), the login form's ``next`` and any challenge already sent wait in the
session for the MFA pages, and ``body["redirect"]`` names the page to show next.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import NoReverseMatch, reverse

from authstate.mfa import _carrier as carrier
from authstate.mfa._answers import MfaRequired
from authstate.state._base import Answer

__all__ = ["CHALLENGE_KEY", "NEXT_KEY", "for_browser", "page_url"]


#: Session keys of HTML flows: the login form's ``next``, and the last challenge's public data.
NEXT_KEY = "authstate.mfa_next"
CHALLENGE_KEY = "authstate.mfa_challenge"


def for_browser(request: HttpRequest, answer: Answer, next_url: str) -> Answer:
    """``answer`` itself when the login completed; for ``MfaRequired``, ready for a browser."""
    if not isinstance(answer, MfaRequired):
        return answer
    page = "authstate:mfa-verify-page" if answer.factor else "authstate:mfa-choose-page"
    request.session[NEXT_KEY] = next_url
    request.session[CHALLENGE_KEY] = answer.body.get("challenge", {})
    answer.body["redirect"] = page_url(page)
    token, max_age = answer.token, answer.max_age

    def attach(response: HttpResponse) -> None:
        carrier.attach(request, response, token, max_age)

    answer.response_hooks.append(attach)
    return answer


def page_url(name: str) -> str:
    """The MFA page's path, or ``/`` for a project that mounts the API without the pages."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return "/"
