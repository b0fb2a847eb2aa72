"""``/api/password/change``, ``/api/password/reset`` and ``/api/password/reset/confirm``: parse,
call ``authstate.passwords``, answer."""

from __future__ import annotations

from typing import Any

from django.utils.decorators import method_decorator
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from authstate._typing import signed_in
from authstate.authentication import AccountAccess
from authstate.flows.rest._base import AuthStateAPIView, PublicAPIView
from authstate.passwords import _change as change
from authstate.passwords import _reset as reset
from authstate.state import LoginContext

__all__ = [
    "SECRETS",
    "PasswordChangeSerializer",
    "PasswordChangeView",
    "PasswordResetConfirmSerializer",
    "PasswordResetConfirmView",
    "PasswordResetSerializer",
    "PasswordResetView",
]


SECRETS = ("current_password", "new_password", "token", "code")


def _password() -> serializers.CharField:
    return serializers.CharField(max_length=4096, trim_whitespace=False, style={"input_type": "password"})


class PasswordChangeSerializer(serializers.Serializer[Any]):
    current_password = _password()
    new_password = _password()


class PasswordResetSerializer(serializers.Serializer[Any]):
    email = serializers.EmailField(max_length=254)


class PasswordResetConfirmSerializer(serializers.Serializer[Any]):
    uid = serializers.CharField(max_length=64)
    token = serializers.CharField(max_length=128)
    new_password = _password()
    factor = serializers.CharField(max_length=32, required=False, allow_blank=True)
    code = serializers.CharField(max_length=64, required=False, allow_blank=True)
    credential = serializers.JSONField(required=False)


@method_decorator(sensitive_post_parameters(*SECRETS), name="dispatch")
class PasswordChangeView(AuthStateAPIView):
    """``{"current_password", "new_password"}`` → ``200 PASSWORD_CHANGED`` (oauth2: new tokens)."""

    permission_classes = [AccountAccess]

    @sensitive_variables("serializer", "data")
    def post(self, request: Request) -> Any:
        serializer = PasswordChangeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        context = request.auth
        assert isinstance(context, LoginContext)
        completion = change.change_password(
            request._request,
            signed_in(request),
            context,
            current_password=data["current_password"],
            new_password=data["new_password"],
        )
        return completion.apply(Response(completion.body))


class PasswordResetView(PublicAPIView):
    """``{"email"}`` → ``202 RESET_REQUESTED``, whether or not the address is known."""

    def post(self, request: Request) -> Any:
        serializer = PasswordResetSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        reset.request_reset(request._request, serializer.validated_data["email"])
        return Response({"status": "RESET_REQUESTED"}, status=202)


@method_decorator(sensitive_post_parameters(*SECRETS), name="dispatch")
class PasswordResetConfirmView(PublicAPIView):
    """``{"uid", "token", "new_password"}`` (+ ``"factor"``, ``"code"``) → ``200 PASSWORD_RESET``;
    a ``factor`` without a code answers its challenge."""

    @sensitive_variables("serializer")
    def post(self, request: Request) -> Any:
        serializer = PasswordResetConfirmSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        challenge = reset.confirm_reset(request._request, serializer.validated_data)
        return Response(challenge or {"status": "PASSWORD_RESET"})
