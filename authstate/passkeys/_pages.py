"""The passkeys page under ``/mfa/setup/passkeys``: list, add (via ``passkey.js``), rename, delete."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect, ensure_csrf_cookie

from authstate._translation import gettext_lazy as _
from authstate._typing import signed_in
from authstate.conf import auth_settings
from authstate.decorators import login_state_required
from authstate.exceptions import AuthStateError
from authstate.flows.guards import factor_change_required
from authstate.passkeys import _service as service
from authstate.passkeys._forms import RenameForm

__all__ = ["PAGE", "DeletePasskeyView", "PasskeysPageView", "RenamePasskeyView"]


PAGE = "authstate:passkeys-page"
_guards: list[Any] = [never_cache, csrf_protect, login_state_required(states=("session",))]


@method_decorator([*_guards, ensure_csrf_cookie], name="dispatch")
class PasskeysPageView(View):
    template_name = "authstate/passkeys/manage.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        if not auth_settings.passkey.enabled:
            raise Http404(_("Passkeys are not enabled."))
        context = {"passkeys": service.of_user(signed_in(request)), "rename_form": RenameForm()}
        return render(request, self.template_name, context)


@method_decorator(_guards, name="dispatch")
class RenamePasskeyView(View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        form = RenameForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Give the passkey a name of at most 64 characters."))
            return HttpResponseRedirect(reverse(PAGE))
        try:
            service.rename(signed_in(request), pk, form.cleaned_data["name"])
        except AuthStateError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Passkey renamed."))
        return HttpResponseRedirect(reverse(PAGE))


@method_decorator([*_guards, factor_change_required], name="dispatch")
class DeletePasskeyView(View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        try:
            service.delete(request, signed_in(request), pk)
        except AuthStateError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Passkey removed."))
        return HttpResponseRedirect(reverse(PAGE))
