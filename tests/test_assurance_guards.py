"""``FlowRequired`` and ``login_state_required`` with ``mfa=True`` and ``max_age=``."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from authstate.assurance import with_methods
from authstate.authentication import FlowRequired, SessionAuthentication, TokenAuthentication
from authstate.decorators import login_state_required
from authstate.exceptions import InvalidToken, LoginRevoked
from authstate.flows.rest.errors import exception_handler
from tests.conftest import bearer


class Sensitive(APIView):
    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [FlowRequired.of(mfa=True, max_age=300)]

    def get_exception_handler(self) -> Any:
        return exception_handler

    def get(self, request: Any) -> Response:
        return Response({"ok": True})


@login_state_required(mfa=True)
def plain_view(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


@login_state_required(max_age=60)
def recent_view(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


def test_amr_gains_mfa_once_two_distinct_methods_were_used() -> None:
    assert with_methods(["pwd"], ["pwd"]) == ["pwd"]
    assert with_methods(["pwd"], ["otp"]) == ["pwd", "otp", "mfa"]
    assert with_methods(["pwd", "otp", "mfa"], ["otp"]) == ["pwd", "otp", "mfa"]
    assert with_methods([], ["hwk", "user"]) == ["hwk", "user", "mfa"]
    assert with_methods([], ["hwk"]) == ["hwk"]


def test_flow_required_mfa_refuses_a_password_only_token(rest_login: Any) -> None:
    request = APIRequestFactory().get("/", **bearer(rest_login()["access_token"]))
    response = Sensitive.as_view()(request)
    assert response.status_code == 403
    assert response.data["error"]["code"] == "mfa_required"


def test_login_state_required_mfa_answers_tokens_in_json(rest_login: Any) -> None:
    request = RequestFactory().get("/", **bearer(rest_login()["access_token"]))
    response = plain_view(request)
    assert response.status_code == 403 and b"mfa_required" in response.content


def test_login_state_required_max_age(rest_login: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    headers = bearer(rest_login()["access_token"])
    assert recent_view(RequestFactory().get("/", **headers)).status_code == 200
    now = time.time() + 61
    monkeypatch.setattr("authstate._clock.now", lambda: now)
    response = recent_view(RequestFactory().get("/", **headers))
    assert response.status_code == 403 and b"reauthentication_required" in response.content


@login_state_required(flows=("mfa",))
def mfa_flow_view(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


@login_state_required
def bare_view(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


def test_a_flow_restricted_view_sends_the_user_to_that_flows_login(client: Any, user: Any) -> None:
    """``LOGIN_URL`` is the form flow's page: sending a form-flow user there would loop."""
    from django.test import Client

    from tests.conftest import PASSWORD

    browser = Client()
    browser.post("/login", {"username": "alice", "password": PASSWORD})
    request = RequestFactory().get("/somewhere")
    request.session = browser.session
    request.user = user
    assert mfa_flow_view(request)["Location"] == "/mfa/login?next=/somewhere"


def test_the_decorator_works_without_parentheses(rest_login: Any) -> None:
    assert bare_view(RequestFactory().get("/", **bearer(rest_login()["access_token"]))).status_code == 200
    anonymous = RequestFactory().get("/x")
    from django.contrib.auth.models import AnonymousUser

    anonymous.user = AnonymousUser()
    assert bare_view(anonymous)["Location"].startswith("/login?next=")


class StaffTokensOnly(TokenAuthentication):
    """A project's subclass overriding one step, as with SimpleJWT."""

    def get_user(self, token: Any) -> Any:
        user = super().get_user(token)
        if not user.is_staff:
            from rest_framework.exceptions import AuthenticationFailed

            raise AuthenticationFailed("staff only")
        return user


class StaffView(APIView):
    authentication_classes = [StaffTokensOnly]
    permission_classes = [FlowRequired]

    def get(self, request: Any) -> Response:
        return Response({"who": request.user.get_username(), "login": request.auth.login_id})


def test_token_authentication_has_simplejwts_override_points(rest_login: Any, user: Any) -> None:
    token = rest_login()["access_token"]
    assert StaffView.as_view()(APIRequestFactory().get("/", **bearer(token))).status_code == 401
    user.is_staff = True
    user.save()  # drops the cached user; the login survives (no password change)
    token = rest_login()["access_token"]
    answer = StaffView.as_view()(APIRequestFactory().get("/", **bearer(token)))
    assert answer.status_code == 200 and answer.data["who"] == "alice"


class ApiKeyHeader(TokenAuthentication):
    """A project that sends its access tokens in ``X-Api-Token`` (``TOKEN_PREFIX`` still applies)."""

    def get_header(self, request: Any) -> str | None:
        return request.META.get("HTTP_X_API_TOKEN") or None


class ApiKeyView(StaffView):
    authentication_classes = [ApiKeyHeader]


def test_get_header_chooses_the_header_and_keeps_every_check(rest_login: Any, api: Any) -> None:
    token = rest_login()["access_token"]
    view = ApiKeyView.as_view()
    answer = view(APIRequestFactory().get("/", HTTP_X_API_TOKEN=f"Bearer {token}"))
    assert answer.status_code == 200 and answer.data["who"] == "alice"
    assert view(APIRequestFactory().get("/", **bearer(token))).status_code == 401  # Authorization is not read
    assert view(APIRequestFactory().get("/", HTTP_X_API_TOKEN=token)).status_code == 401  # no TOKEN_PREFIX
    # A plain APIView lets authstate's errors through to the project's handler: as raised here.
    with pytest.raises(InvalidToken):
        view(APIRequestFactory().get("/", HTTP_X_API_TOKEN=f"Bearer {token}x"))
    assert api.post("/logout", **bearer(token)).status_code == 200
    with pytest.raises(LoginRevoked):
        view(APIRequestFactory().get("/", HTTP_X_API_TOKEN=f"Bearer {token}"))
