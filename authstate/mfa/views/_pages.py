"""The HTML pages of a login in progress: choose a factor, enter the code, resend, cancel.

They work without JavaScript (passkeys excepted: the browser's WebAuthn API needs a script). The
``mfa_token`` travels as the session attribute or ``MFA_SID`` cookie (``authstate.mfa._carrier``);
the views only parse forms, call ``authstate.mfa._service`` and render or redirect.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render, resolve_url
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from authstate._http import status_for
from authstate.exceptions import AuthStateError, MfaExpired, MfaLocked
from authstate.flows.form._handoff import CHALLENGE_KEY, NEXT_KEY
from authstate.flows.form._redirects import safe_next
from authstate.mfa import _carrier as carrier
from authstate.mfa import _service as service
from authstate.state import Completion

__all__ = ["ENDED", "CancelPage", "ChooseFactorPage", "MfaPage", "ResendCodePage", "VerifyCodePage"]


ENDED = (MfaExpired, MfaLocked)


class MfaPage(View):
    """Shared rendering: the page's template with the attempt's public state, or the "ended" page."""

    template_name = ""

    def show(self, request: HttpRequest, error: AuthStateError | None = None, **extra: Any) -> HttpResponse:
        try:
            state = service.public_state(carrier.from_page(request))
        except AuthStateError as ended:
            return self.ended(request, ended)
        context = {**state, "error": error, "challenge": request.session.get(CHALLENGE_KEY, {}), **extra}
        return render(request, self.template_name, context, status=status_for(error.code) if error else 200)

    def ended(self, request: HttpRequest, error: AuthStateError) -> HttpResponse:
        context = {"error": error, "login_url": resolve_url(settings.LOGIN_URL)}
        response = render(request, "authstate/mfa/ended.html", context, status=status_for(error.code))
        carrier.detach(request, response)
        return response

    def select(self, request: HttpRequest, factor: str) -> HttpResponse:
        try:
            answer = service.select(request, carrier.from_page(request), factor)
        except ENDED as error:
            return self.ended(request, error)
        except AuthStateError as error:
            return self.show(request, error)
        request.session[CHALLENGE_KEY] = answer
        return HttpResponseRedirect(reverse("authstate:mfa-verify-page"))


@method_decorator([csrf_protect, never_cache], name="dispatch")
class ChooseFactorPage(MfaPage):
    template_name = "authstate/mfa/choose.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.show(request)

    def post(self, request: HttpRequest) -> HttpResponse:
        return self.select(request, request.POST.get("factor", ""))


@method_decorator([csrf_protect, never_cache], name="dispatch")
class VerifyCodePage(MfaPage):
    template_name = "authstate/mfa/verify.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.show(request, resent="resent" in request.GET)

    def post(self, request: HttpRequest) -> HttpResponse:
        payload = {"code": request.POST.get("code", ""), "credential": _credential(request.POST.get("credential"))}
        factor = request.POST.get("factor", "")
        remember = request.POST.get("remember_device") in ("on", "true", "1")
        try:
            result = service.verify(request, carrier.from_page(request), factor, payload, remember=remember)
        except ENDED as error:
            return self.ended(request, error)
        except AuthStateError as error:
            return self.show(request, error)
        if isinstance(result, Completion):
            request.session.pop(CHALLENGE_KEY, None)
            target = safe_next(request, request.session.pop(NEXT_KEY, ""))
            return result.apply(HttpResponseRedirect(target))
        return HttpResponseRedirect(reverse("authstate:mfa-choose-page"))


@method_decorator([csrf_protect, never_cache], name="dispatch")
class ResendCodePage(MfaPage):
    """Sends a new code for the current factor (subject to the resend interval)."""

    template_name = "authstate/mfa/verify.html"

    def post(self, request: HttpRequest) -> HttpResponse:
        response = self.select(request, request.POST.get("factor", ""))
        if response.status_code == 302:
            return HttpResponseRedirect(reverse("authstate:mfa-verify-page") + "?resent=1")
        return response


@method_decorator([csrf_protect, never_cache], name="dispatch")
class CancelPage(MfaPage):
    def post(self, request: HttpRequest) -> HttpResponse:
        try:
            service.cancel(request, carrier.from_page(request))
        except AuthStateError:
            pass  # already over: leaving is what the user wants either way
        response = HttpResponseRedirect(resolve_url(settings.LOGIN_URL))
        carrier.detach(request, response)
        return response


def _credential(raw: str | None) -> Any:
    """The passkey script posts ``credential.toJSON()`` as a JSON string."""
    try:
        return json.loads(raw) if raw else None
    except (ValueError, RecursionError):
        return None
