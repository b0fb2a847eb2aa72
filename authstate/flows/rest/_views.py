"""JSON login, logout and "who am I" views."""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from django.http import HttpResponseRedirect
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from rest_framework.exceptions import MethodNotAllowed, ParseError
from rest_framework.request import Request
from rest_framework.response import Response

from authstate.authentication import ExpiredTokenTolerantAuthentication, FlowRequired, SessionAuthentication
from authstate.exceptions import AuthStateError
from authstate.flows._flow import Flow
from authstate.flows.form import _logout as logout_page
from authstate.flows.rest._base import AuthStateAPIView, FormOrJSONAPIView, PublicAPIView
from authstate.flows.rest._serializers import LoginSerializer
from authstate.logins import _records as records
from authstate.logins import _request_info as request_info
from authstate.pipeline import _login as pipeline
from authstate.state import LoginContext, state_for
from authstate.tokens import _csrf as csrf
from authstate.tokens import _transports as transports
from authstate.tokens._verify import decode_refresh

__all__ = ["LoginView", "LogoutView", "MeView", "instance_name", "wants_json"]


@method_decorator(sensitive_post_parameters("password"), name="dispatch")
class LoginView(PublicAPIView):
    """``POST {"username", "password"}`` → tokens, a session, or ``MFA_REQUIRED``."""

    flow: Flow | None = None

    @sensitive_variables("serializer", "data")
    def post(self, request: Request) -> Any:
        assert self.flow is not None
        serializer = LoginSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        completion = pipeline.primary_login(
            request._request,
            self.flow,
            username=data["username"],
            password=data["password"],
            device_id=request_info.device_id(request._request, data.get("device_id")),
        )
        return completion.apply(Response(completion.body))


class LogoutView(FormOrJSONAPIView):
    """End the caller's login in whichever state it has; JSON for API callers, a redirect for pages.

    An expired access token does not stop a logout: the refresh token (body, header or cookie)
    still names the login, so it is revoked and the token cookies are cleared all the same.
    """

    authentication_classes = [ExpiredTokenTolerantAuthentication, SessionAuthentication]

    def get(self, request: Request) -> Any:
        """Browsers get a confirmation page whose form posts here; API callers keep ``405``."""
        if wants_json(request):
            raise MethodNotAllowed("GET")
        return logout_page.confirmation(request._request)

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        if request.method == "GET" and not wants_json(request):
            return  # a browser's HTML page that only asks: no JSON negotiation, no authentication
        super().initial(request, *args, **kwargs)

    def post(self, request: Request) -> Any:
        response = Response({"status": "LOGGED_OUT"}) if wants_json(request) else _redirect_after_logout(request)
        context = request.auth
        if isinstance(context, LoginContext):
            state_for(context.state).end(request._request, context, response)
        else:
            _end_by_refresh_token(request, response)
        return response


def _body(request: Request) -> dict[str, Any]:
    """The parsed body, or nothing: logout must not fail on a body it does not need."""
    try:
        data = request.data
    except ParseError:
        return {}
    return data if isinstance(data, dict) else {}


def _end_by_refresh_token(request: Request, response: Any) -> None:
    data = _body(request)
    body_value = data.get("refresh_token") if isinstance(data.get("refresh_token"), str) else None
    raw, from_cookie = transports.read_refresh(request._request, body_value)
    if raw is None:
        return
    if from_cookie and csrf.required():
        csrf.enforce(request._request)
    try:
        login_id = decode_refresh(raw)["sid"]
    except AuthStateError:
        login_id = None
    if login_id:
        records.revoke_by_id(login_id, "logout")
    transports.clear_cookies(response)


class MeView(AuthStateAPIView):
    """The caller's username, state, flow, login id, how and when it was proven, and which instance answered."""

    permission_classes = [FlowRequired]

    def get(self, request: Request) -> Response:
        context = request.auth
        assert isinstance(context, LoginContext)
        return Response(
            {
                "username": request.user.get_username(),
                "state": context.state,
                "flow": context.flow,
                "login_id": context.login_id,
                "instance": instance_name(request),
                "amr": list(context.amr),
                "auth_time": context.auth_time,
            }
        )


def wants_json(request: Request) -> bool:
    if request.META.get("HTTP_AUTHORIZATION"):
        return True
    accept = request.META.get("HTTP_ACCEPT", "")
    return "application/json" in accept or request.content_type.startswith("application/json")


def _redirect_after_logout(request: Request) -> HttpResponseRedirect:
    data = _body(request)
    target = data.get("next") or request.query_params.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = settings.LOGOUT_REDIRECT_URL or "/"
    return HttpResponseRedirect(target)


def instance_name(request: Request) -> str:
    """``INSTANCE_NAME`` from the environment, else the host:port this process serves on."""
    return os.environ.get("INSTANCE_NAME") or f"{request.META.get('SERVER_NAME')}:{request.META.get('SERVER_PORT')}"
