"""``/reauthenticate?next=``: the step-up page (password, or a code of a second factor)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters

from authstate._http import status_for
from authstate._typing import signed_in
from authstate.decorators import login_state_required
from authstate.exceptions import AuthStateError
from authstate.flows.form._redirects import safe_next
from authstate.mfa import _factors as factors
from authstate.mfa import _stepup as stepup
from authstate.state._session import context_from_session

__all__ = ["PAGE_FACTORS", "ReauthenticatePage"]


#: Factors the page can verify without JavaScript.
PAGE_FACTORS = ("totp", "email", "sms", "recovery")


_guards: list[Any] = [
    sensitive_post_parameters("password", "code"),
    never_cache,
    csrf_protect,
    login_state_required(states=("session",)),
]


@method_decorator(_guards, name="dispatch")
class ReauthenticatePage(View):
    template_name = "authstate/reauthenticate.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.show(request, {})

    def post(self, request: HttpRequest) -> HttpResponse:
        payload = _payload(request)
        try:
            result = stepup.reauthenticate(request, signed_in(request), context_from_session(request), payload)
        except AuthStateError as error:
            return self.show(request, {"error": error, "factor": payload.get("factor")}, status_for(error.code))
        if isinstance(result, dict):
            return self.show(request, {"challenge": result, "factor": result["factor"]})
        return HttpResponseRedirect(safe_next(request, request.POST.get("next")))

    def show(self, request: HttpRequest, extra: dict[str, Any], status: int = 200) -> HttpResponse:
        mine = [name for name in factors.split(signed_in(request))[0] if name in PAGE_FACTORS]
        nxt = request.POST.get("next") or request.GET.get("next", "")
        context = {"factors": mine, "next": nxt, "reason": request.GET.get("reason", ""), **extra}
        return render(request, self.template_name, context, status=status)


def _payload(request: HttpRequest) -> dict[str, Any]:
    if request.POST.get("method") == "password":
        return {"password": request.POST.get("password", "")}
    payload = {"factor": request.POST.get("factor", "")}
    if request.POST.get("action") != "send":
        payload["code"] = request.POST.get("code", "")
    return payload
