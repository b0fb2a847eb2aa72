"""The HTML login page. It parses the form, calls the shared use-case and renders or redirects."""

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
from authstate.exceptions import AuthStateError
from authstate.flows._flow import Flow
from authstate.flows.form._forms import LoginForm
from authstate.flows.form._handoff import for_browser
from authstate.flows.form._redirects import safe_next
from authstate.logins import _request_info as request_info
from authstate.logins import _signed_out as signed_out
from authstate.pipeline import _login as pipeline

__all__ = ["LoginPageView"]


@method_decorator([sensitive_post_parameters("password"), csrf_protect, never_cache], name="dispatch")
class LoginPageView(View):
    flow: Flow | None = None
    template_name = "authstate/login.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.render(request, LoginForm(initial={"next": request.GET.get("next", "")}))

    def post(self, request: HttpRequest) -> HttpResponse:
        assert self.flow is not None
        form = LoginForm(request.POST)
        if not form.is_valid():
            return self.render(request, form, status=400)
        try:
            completion = pipeline.primary_login(
                request,
                self.flow,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
                device_id=request_info.device_id(request),
            )
        except AuthStateError as error:
            form.add_error(None, error.message)
            response = self.render(request, form, status=status_for(error.code))
            if "retry_after" in error.extra:  # throttled or locked: tell browsers and proxies too
                response["Retry-After"] = str(int(error.extra["retry_after"]))
            return response
        completion = for_browser(request, completion, form.cleaned_data["next"])
        target = completion.body.get("redirect") or safe_next(request, form.cleaned_data["next"])
        return completion.apply(HttpResponseRedirect(target))

    def render(self, request: HttpRequest, form: LoginForm, status: int = 200) -> HttpResponse:
        assert self.flow is not None
        template = self.flow.options.get("template_name", self.template_name)
        context: dict[str, Any] = {"form": form, "flow": self.flow, "signed_out_notice": signed_out.notice(request)}
        response = render(request, template, context, status=status)
        if context["signed_out_notice"]:
            signed_out.shown(request, response)
        return response
