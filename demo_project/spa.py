"""The demo's single-page app: a static page driven by ``authstate.js`` against the JSON flows.

The page gets its configuration (URLs, transport, ``TOKEN_PERSISTENCE``) from the server, so
changing ``AUTHSTATE`` changes how the browser keeps tokens without touching the script. The
``?flow=`` query picks a JSON flow (``api-mfa`` by default).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.csrf import ensure_csrf_cookie

from authstate.conf import auth_settings

FLOW_URLS = {"api-mfa": "authstate:login-api-mfa", "rest": "authstate:login-rest"}


@ensure_csrf_cookie
def spa(request: HttpRequest) -> HttpResponse:
    flow = request.GET.get("flow", "api-mfa")
    return render(request, "demo/spa.html", {"config": client_config(FLOW_URLS.get(flow, FLOW_URLS["api-mfa"]))})


def client_config(login_url_name: str) -> dict[str, Any]:
    """The options of ``AuthState.createClient``, from the URLconf and the settings."""
    return {
        "loginUrl": reverse(login_url_name),
        "refreshUrl": reverse("authstate:refresh"),
        "logoutUrl": reverse("authstate:logout"),
        "selectUrl": reverse("authstate:mfa-select"),
        "verifyUrl": reverse("authstate:mfa-verify"),
        "cancelUrl": reverse("authstate:mfa-cancel"),
        "persistence": auth_settings.token_persistence,
        "transport": auth_settings.token_transport_type.value,
        "tokenPrefix": auth_settings.token_prefix,
    }
