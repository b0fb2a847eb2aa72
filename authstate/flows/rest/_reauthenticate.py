"""``POST /api/reauthenticate``: step up without logging out (``authstate.mfa._stepup``)."""

from __future__ import annotations

from typing import Any

from django.utils.decorators import method_decorator
from django.views.decorators.debug import sensitive_post_parameters
from rest_framework.request import Request
from rest_framework.response import Response

from authstate._typing import signed_in
from authstate.authentication import AccountAccess
from authstate.flows.rest._base import AuthStateAPIView
from authstate.mfa import _stepup as stepup
from authstate.state import LoginContext, state_for

__all__ = ["ReauthenticateView"]


@method_decorator(sensitive_post_parameters("password", "code"), name="dispatch")
class ReauthenticateView(AuthStateAPIView):
    """``{"password"}`` or ``{"factor", "code" | "credential"}`` (a ``factor`` alone asks for a
    challenge) → ``200`` with the renewed ``amr``/``auth_time`` (oauth2: a fresh access token)."""

    permission_classes = [AccountAccess]

    def post(self, request: Request) -> Response:
        data: dict[str, Any] = request.data if isinstance(request.data, dict) else {}
        context = request.auth
        assert isinstance(context, LoginContext)
        result = stepup.reauthenticate(request._request, signed_in(request), context, data)
        if isinstance(result, dict):
            return Response(result)
        completion = state_for(context.state).reassure(request._request, context, result)
        body = {**completion.body, "amr": list(result.amr), "auth_time": int(result.auth_time.timestamp())}
        return completion.apply(Response(body))  # type: ignore[return-value]
