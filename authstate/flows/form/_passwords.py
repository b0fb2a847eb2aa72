"""The password pages: change (signed in), reset request, and the reset link's page.

Each parses the form, calls ``authstate.passwords`` and renders; a stale login on the change
page goes through the step-up page and comes back (``step_up_redirect``).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render, resolve_url
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters

from authstate._http import status_for
from authstate._translation import gettext_lazy as _
from authstate._typing import User, signed_in
from authstate.decorators import login_state_required, step_up_redirect
from authstate.exceptions import AuthStateError, InvalidRequest, ReauthenticationRequired
from authstate.passwords import _change as change
from authstate.passwords import _links as links
from authstate.passwords import _reset as reset
from authstate.passwords import _second_factor as second_factor
from authstate.state import LoginContext

__all__ = ["PAGE_FACTORS", "SECRETS", "PasswordChangePage", "PasswordResetConfirmPage", "PasswordResetPage"]


#: Factors the reset page can verify without JavaScript.
PAGE_FACTORS = ("totp", "email", "sms", "recovery")
SECRETS = ("current_password", "new_password", "code")

_page = [sensitive_post_parameters(*SECRETS), never_cache, csrf_protect]


@method_decorator([*_page, login_state_required(states=("session",))], name="dispatch")
class PasswordChangePage(View):
    template_name = "authstate/password/change.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        try:
            change.require_recent_login(_context(request))
        except AuthStateError as error:
            return step_up_redirect(request, error)
        return self.show(request, {"done": request.GET.get("done") == "1"})

    def post(self, request: HttpRequest) -> HttpResponse:
        try:
            change.change_password(
                request,
                signed_in(request),
                _context(request),
                current_password=request.POST.get("current_password", ""),
                new_password=request.POST.get("new_password", ""),
            )
        except ReauthenticationRequired as error:
            return step_up_redirect(request, error)
        except AuthStateError as error:
            return self.show(request, {"error": error}, status_for(error.code))
        return HttpResponseRedirect(reverse("authstate:password-change-page") + "?done=1")

    def show(self, request: HttpRequest, extra: dict[str, Any], status: int = 200) -> HttpResponse:
        return render(request, self.template_name, extra, status=status)


@method_decorator(_page, name="dispatch")
class PasswordResetPage(View):
    template_name = "authstate/password/reset.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, {"login_url": _login_url()})

    def post(self, request: HttpRequest) -> HttpResponse:
        email = request.POST.get("email", "").strip()[:254]
        try:
            if not email:
                raise InvalidRequest(_("Enter your e-mail address."))
            reset.request_reset(request, email)
        except AuthStateError as error:
            context = {"error": error, "email": email, "login_url": _login_url()}
            response = render(request, self.template_name, context, status=status_for(error.code))
            if "retry_after" in error.extra:
                response["Retry-After"] = str(int(error.extra["retry_after"]))
            return response
        return render(request, self.template_name, {"sent": True, "login_url": _login_url()})


@method_decorator(_page, name="dispatch")
class PasswordResetConfirmPage(View):
    """The link's page. ``Referrer-Policy: same-origin`` keeps the token out of other sites' logs;
    ``no-referrer`` would also make browsers post ``Origin: null``, which Django's CSRF refuses."""

    template_name = "authstate/password/reset_confirm.html"

    def get(self, request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
        try:
            user = reset.linked_user(uidb64, token)
        except AuthStateError as error:
            return self.show(request, None, {"invalid": True, "error": error}, 400)
        return self.show(request, user, {})

    def post(self, request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
        payload = {"uid": uidb64, "token": token, **_fields(request)}
        try:
            challenge = reset.confirm_reset(request, payload)
        except AuthStateError as error:
            invalid = error.code == "invalid_reset_link"
            user = None if invalid else links.user_for(uidb64)
            return self.show(request, user, {"error": error, "invalid": invalid}, status_for(error.code))
        if challenge is not None:
            return self.show(request, links.user_for(uidb64), {"challenge": challenge})
        return self.show(request, None, {"done": True})

    def show(self, request: HttpRequest, user: User | None, extra: dict[str, Any], status: int = 200) -> HttpResponse:
        mine: list[str] = []
        if user is not None and second_factor.required(user):
            mine = [f.name for f in second_factor.eligible(user) if f.name in PAGE_FACTORS and f.is_available()]
        factor = request.POST.get("factor") or (mine[0] if mine else "")
        context = {"factors": mine, "factor": factor, "needs_factor": bool(mine), "login_url": _login_url(), **extra}
        response = render(request, self.template_name, context, status=status)
        response["Referrer-Policy"] = "same-origin"
        return response


def _login_url() -> str:
    return str(resolve_url(settings.LOGIN_URL))


def _context(request: HttpRequest) -> LoginContext:
    context = getattr(request, "auth", None)
    assert isinstance(context, LoginContext)
    return context


def _fields(request: HttpRequest) -> dict[str, str]:
    fields = {"new_password": request.POST.get("new_password", "")}
    if request.POST.get("factor"):
        fields["factor"] = request.POST["factor"]
        if request.POST.get("action") != "send":
            fields["code"] = request.POST.get("code", "")
    return fields
