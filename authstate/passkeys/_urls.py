"""URL patterns of passkeys: JSON enrollment API, the passkeys page, passwordless login per form flow."""

from __future__ import annotations

import importlib.util
from typing import Any

from django.http import HttpRequest, HttpResponseBase
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from authstate.flows._flow import Flow, FlowKind, Flows

__all__ = ["patterns_for"]


def patterns_for(registry: Flows) -> list[Any]:
    """Nothing when the optional ``webauthn`` package is missing (check E050 says so)."""
    if importlib.util.find_spec("webauthn") is None:
        return []
    from authstate.passkeys import _api as api
    from authstate.passkeys import _pages as pages

    patterns = [
        path("api/mfa/passkeys/options", api.RegistrationOptionsView.as_view(), name="passkeys-options"),
        path("api/mfa/passkeys", api.PasskeyListView.as_view(), name="passkeys"),
        path("api/mfa/passkeys/<int:pk>", api.PasskeyDetailView.as_view(), name="passkey"),
        path("mfa/setup/passkeys", pages.PasskeysPageView.as_view(), name="passkeys-page"),
        path("mfa/setup/passkeys/<int:pk>/rename", pages.RenamePasskeyView.as_view(), name="passkey-rename"),
        path("mfa/setup/passkeys/<int:pk>/delete", pages.DeletePasskeyView.as_view(), name="passkey-delete"),
    ]
    for flow in registry.flows:
        if flow.kind is FlowKind.FORM:
            patterns += _passwordless(flow)
    return patterns


def _passwordless(flow: Flow) -> list[Any]:
    """``GET <login>/webauthn`` the page, ``POST`` the assertion; ``POST <login>/webauthn/options``."""
    from authstate.passkeys import _login as login

    base = flow.url.strip("/") + "/webauthn"
    options = login.PasswordlessOptionsView.as_view(flow=flow)
    return [
        path(base, _page_or_login(flow), name=f"passkey-login-{flow.name}"),
        path(f"{base}/options", options, name=f"passkey-login-options-{flow.name}"),
    ]


def _page_or_login(flow: Flow) -> Any:
    from authstate.passkeys import _login as login

    page = login.PasswordlessPageView.as_view(flow=flow)
    verify = login.PasswordlessLoginView.as_view(flow=flow)

    @csrf_exempt  # the POST branch is a DRF view that enforces CSRF itself
    def view(request: HttpRequest) -> HttpResponseBase:
        return verify(request) if request.method == "POST" else page(request)

    return view
