"""Passwordless login with a discoverable passkey, for a form flow: ``<login page>/webauthn``.

The page runs ``passkey.js``; it fetches options (``POST …/webauthn/options``), lets the browser
find a passkey, and posts ``{"credential"}`` back. Success ends in the flow's state exactly like
the password form (through the login pipeline; a user-verified passkey is multi-factor). Both
POSTs require the CSRF token (login CSRF). Failed assertions are throttled per client IP
(``authstate.passkeys._throttle``).
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import ensure_csrf_cookie
from rest_framework.authentication import SessionAuthentication
from rest_framework.request import Request
from rest_framework.response import Response

from authstate import _lockout as lockout
from authstate._translation import gettext_lazy as _
from authstate.conf import auth_settings
from authstate.exceptions import FlowUnavailable
from authstate.flows._flow import Flow
from authstate.flows.form._handoff import for_browser
from authstate.flows.form._redirects import safe_next
from authstate.flows.rest._base import PublicAPIView
from authstate.logins import _request_info as request_info
from authstate.passkeys import _payload as payload
from authstate.passkeys import _service as service
from authstate.passkeys import _throttle as throttle
from authstate.pipeline import _login as login
from authstate.pipeline._attempt import LoginAttempt

__all__ = ["PasswordlessAPIView", "PasswordlessLoginView", "PasswordlessOptionsView", "PasswordlessPageView"]


def _check_enabled() -> None:
    if not (auth_settings.passkey.enabled and auth_settings.passkey.passwordless_enabled):
        raise FlowUnavailable(_("Passkey sign-in is not available."))


class _CsrfChecked(SessionAuthentication):
    """DRF's CSRF check alone, for anonymous endpoints that start a session."""

    def check(self, request: Request) -> None:
        self.enforce_csrf(request)


class PasswordlessAPIView(PublicAPIView):
    flow: Flow | None = None

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        _check_enabled()
        _CsrfChecked().check(request)


class PasswordlessOptionsView(PasswordlessAPIView):
    def post(self, request: Request) -> Response:
        assert self.flow is not None
        return Response({"options": service.login_options(request._request, self.flow.name)})


class PasswordlessLoginView(PasswordlessAPIView):
    def post(self, request: Request) -> Any:
        assert self.flow is not None
        django_request = request._request
        credential = payload.credential(request.data)
        place = throttle.reserve(django_request)  # before the assertion is checked (429 past the limit)
        passkey = service.passwordless_key(django_request, self.flow.name, credential)
        throttle.release(place)
        user = passkey.user
        lockout.ensure_unlocked(user.get_username())  # a locked account stays locked, passkey or not
        device_id = request_info.device_id(django_request)
        attempt = LoginAttempt(django_request, user, self.flow, device_id=device_id)
        attempt.proved(*service.passkey_methods(passkey))
        data = request.data if isinstance(request.data, dict) else {}
        completion = for_browser(django_request, login.proceed(attempt), str(data.get("next") or ""))
        target = completion.body.get("redirect") or safe_next(django_request, data.get("next"))
        return completion.apply(Response({**completion.body, "redirect": target}))


@method_decorator([never_cache, ensure_csrf_cookie], name="dispatch")
class PasswordlessPageView(View):
    flow: Flow | None = None
    template_name = "authstate/passkeys/login.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        assert self.flow is not None
        try:
            _check_enabled()
        except FlowUnavailable as error:
            raise Http404(error.message) from error
        context = {
            "flow": self.flow,
            "next": request.GET.get("next", ""),
            "options_url": reverse(f"authstate:passkey-login-options-{self.flow.name}"),
            "verify_url": reverse(f"authstate:passkey-login-{self.flow.name}"),
        }
        return render(request, self.template_name, context)
