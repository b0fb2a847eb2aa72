"""The HTML pages under ``/mfa/setup/`` for a signed-in user: manage factors, enroll TOTP (QR
code), email and SMS codes, and recovery codes (shown once). No JavaScript needed."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.decorators import method_decorator
from django.utils.safestring import mark_safe
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from authstate._http import status_for
from authstate._translation import gettext_lazy as _
from authstate._typing import signed_in
from authstate.decorators import login_state_required
from authstate.exceptions import AuthStateError
from authstate.flows.guards import factor_change_required
from authstate.mfa import _enrollment as enrollment
from authstate.mfa import _factors as factors
from authstate.state._session import context_from_session

__all__ = ["INDEX", "TOTP_KEY", "CodeSetupPage", "RecoveryCodesPage", "SetupIndexPage", "TotpSetupPage"]


INDEX = "authstate:mfa-setup-page"
TOTP_KEY = "authstate.mfa_totp_setup"
_guards: list[Any] = [never_cache, csrf_protect, login_state_required(states=("session",))]


def _status(error: AuthStateError | None) -> int:
    return status_for(error.code) if error else 200


@method_decorator(_guards, name="dispatch")
class SetupIndexPage(View):
    """Lists the user's factors, with a remove button each and links to add more."""

    def get(self, request: HttpRequest) -> HttpResponse:
        try:
            passkeys_url = reverse("authstate:passkeys-page")
        except NoReverseMatch:
            passkeys_url = ""
        context = {
            "devices": enrollment.listing(signed_in(request)),
            "enabled": [factor.name for factor in factors.enabled()],
            "passkeys_url": passkeys_url,
        }
        return render(request, "authstate/mfa/setup.html", context)

    @method_decorator(factor_change_required)
    def post(self, request: HttpRequest) -> HttpResponse:
        try:
            enrollment.remove(request, signed_in(request), request.POST.get("remove", ""))
            messages.success(request, _("The factor was removed."))
        except AuthStateError as error:
            messages.error(request, error.message)
        return HttpResponseRedirect(reverse(INDEX))


@method_decorator([*_guards, factor_change_required], name="dispatch")
class TotpSetupPage(View):
    """``GET`` a new secret with its QR code; ``POST code`` confirms it."""

    template_name = "authstate/mfa/setup_totp.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        setup = enrollment.begin(request, signed_in(request), "totp", {})
        request.session[TOTP_KEY] = setup
        return self.show(request, setup)

    def post(self, request: HttpRequest) -> HttpResponse:
        try:
            code = {"code": request.POST.get("code", "")}
            enrollment.confirm(request, signed_in(request), "totp", code, context=context_from_session(request))
        except AuthStateError as error:
            return self.show(request, request.session.get(TOTP_KEY, {}), error)
        request.session.pop(TOTP_KEY, None)
        messages.success(request, _("Your authenticator app is set up."))
        return HttpResponseRedirect(reverse(INDEX))

    def show(self, request: HttpRequest, setup: dict[str, Any], error: AuthStateError | None = None) -> HttpResponse:
        context = {**setup, "qr": mark_safe(setup.get("qr_svg", "")), "error": error}  # noqa: S308 (our own SVG)
        return render(request, self.template_name, context, status=_status(error))


@method_decorator(_guards, name="dispatch")
class CodeSetupPage(View):
    """Email or SMS: ``POST action=send`` (with ``phone_number`` for SMS), then ``action=confirm``."""

    factor = "email"
    template_name = "authstate/mfa/setup_code.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.show(request, {})

    @method_decorator(factor_change_required)
    def post(self, request: HttpRequest) -> HttpResponse:
        data = {key: request.POST.get(key, "") for key in ("phone_number", "code")}
        try:
            if request.POST.get("action") == "confirm":
                enrollment.confirm(
                    request, signed_in(request), self.factor, data, context=context_from_session(request)
                )
                messages.success(request, _("The factor is set up."))
                return HttpResponseRedirect(reverse(INDEX))
            sent = enrollment.begin(request, signed_in(request), self.factor, data)
        except AuthStateError as error:
            return self.show(request, {"sent": request.POST.get("action") == "confirm"}, error)
        return self.show(request, {"sent": True, **sent})

    def show(self, request: HttpRequest, extra: dict[str, Any], error: AuthStateError | None = None) -> HttpResponse:
        context = {"factor": self.factor, "error": error, **extra}
        return render(request, self.template_name, context, status=_status(error))


@method_decorator(_guards, name="dispatch")
class RecoveryCodesPage(View):
    """``POST`` makes a new set and shows it in that one response; it is never shown again."""

    template_name = "authstate/mfa/recovery_codes.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, {"codes": None})

    @method_decorator(factor_change_required)
    def post(self, request: HttpRequest) -> HttpResponse:
        codes = enrollment.begin(request, signed_in(request), "recovery", {})["codes"]
        return render(request, self.template_name, {"codes": codes, "codes_text": "".join(f"{c}\n" for c in codes)})
