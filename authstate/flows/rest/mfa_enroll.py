"""The MFA enrollment JSON API for a signed-in user (session or bearer token), per ``API.md``."""

from __future__ import annotations

from typing import Any

from rest_framework.request import Request
from rest_framework.response import Response

from authstate.authentication import FlowRequired
from authstate.flows.rest.base import AuthStateAPIView
from authstate.mfa import enrollment


class EnrollmentView(AuthStateAPIView):
    """``POST`` starts (``step="setup"``, 200) or confirms (``step="confirm"``, 201) a factor."""

    permission_classes = [FlowRequired]
    factor = ""
    step = "setup"

    def post(self, request: Request) -> Response:
        data: dict[str, Any] = request.data if isinstance(request.data, dict) else {}
        if self.step == "confirm":
            return Response(enrollment.confirm(request._request, request.user, self.factor, data), status=201)
        return Response(enrollment.begin(request._request, request.user, self.factor, data))


class RecoveryCodesView(AuthStateAPIView):
    """``POST`` → ``201 {"codes": [...]}``: a new set replacing the old one, shown this once."""

    permission_classes = [FlowRequired]

    def post(self, request: Request) -> Response:
        return Response(enrollment.begin(request._request, request.user, "recovery", {}), status=201)


class FactorListView(AuthStateAPIView):
    permission_classes = [FlowRequired]

    def get(self, request: Request) -> Response:
        return Response({"factors": enrollment.listing(request.user)})


class FactorDetailView(AuthStateAPIView):
    permission_classes = [FlowRequired]

    def delete(self, request: Request, device_id: str) -> Response:
        enrollment.ensure_fresh_login(getattr(request.auth, "login_id", None))
        enrollment.remove(request._request, request.user, device_id)
        return Response(status=204)
