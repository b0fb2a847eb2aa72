"""The peers authstate is measured against, on the same server and the same view base.

Every "me" view answers the body of ``GET /api/me``; only authentication differs. The floor view
authenticates nobody, so its time is what the server, middleware and rendering cost alone.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate
from rest_framework import authentication
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.tokens import RefreshToken

from authstate.exceptions import InvalidCredentials
from authstate.flows.rest._base import AuthStateAPIView, PublicAPIView
from authstate.flows.rest._serializers import LoginSerializer
from authstate.flows.rest._views import instance_name


def me_body(request: Request, *, state: str, flow: str | None, login_id: str | None) -> dict[str, Any]:
    return {
        "username": request.user.get_username(),
        "state": state,
        "flow": flow,
        "login_id": login_id,
        "instance": instance_name(request),
    }


class FloorView(AuthStateAPIView):
    """No authentication at all: the cost of the stack the other views share."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]

    def get(self, request: Request) -> Response:
        body = {"username": "", "state": "none", "flow": None, "login_id": None, "instance": instance_name(request)}
        return Response(body)


class SimpleJWTMeView(AuthStateAPIView):
    """SimpleJWT's own ``JWTAuthentication``: signature and expiry, then the user from the database."""

    authentication_classes = [JWTAuthentication]
    permission_classes = [IsAuthenticated]

    def get(self, request: Request) -> Response:
        return Response(me_body(request, state="oauth2", flow=None, login_id=request.auth.get("jti")))


class DRFSessionMeView(AuthStateAPIView):
    """DRF's ``SessionAuthentication`` on the same Django session."""

    authentication_classes = [authentication.SessionAuthentication]
    permission_classes = [IsAuthenticated]

    def get(self, request: Request) -> Response:
        return Response(me_body(request, state="session", flow=None, login_id=None))


class PlainSessionMeView(APIView):
    """DRF's ``SessionAuthentication`` on DRF's own ``APIView``: the plain-stack session peer."""

    authentication_classes = [authentication.SessionAuthentication]
    permission_classes = [IsAuthenticated]

    def get(self, request: Request) -> Response:
        return Response(me_body(request, state="session", flow=None, login_id=None))


class BareLoginView(PublicAPIView):
    """``authenticate()`` and a SimpleJWT pair: the least a JSON token login can do."""

    def post(self, request: Request) -> Response:
        serializer = LoginSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        user = authenticate(request._request, username=data["username"], password=data["password"])
        if user is None:
            raise InvalidCredentials()
        refresh = RefreshToken.for_user(user)
        return Response({"access_token": str(refresh.access_token), "refresh_token": str(refresh)})
