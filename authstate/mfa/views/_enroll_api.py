"""The MFA enrollment JSON API for a signed-in user (session or bearer token), per ``API.md``.

Every endpoint that changes a factor is guarded by ``FactorChangeAllowed`` (``authstate.mfa._guard``):
a password-only login of an MFA account, or a stale one, is refused and steps up first.
"""

from __future__ import annotations

from typing import Any

from rest_framework.request import Request
from rest_framework.response import Response

from authstate._typing import signed_in
from authstate.authentication import AccountAccess
from authstate.flows.guards import FactorChangeAllowed
from authstate.flows.rest._base import AuthStateAPIView
from authstate.mfa import _enrollment as enrollment
from authstate.state._base import LoginContext

__all__ = ["EnrollmentView", "FactorDetailView", "FactorListView", "RecoveryCodesView"]


class EnrollmentView(AuthStateAPIView):
    """``POST api/mfa/<factor>/setup`` starts (200), ``…/confirm`` (``step="confirm"``) confirms
    (201) the enrollment of any configured two-step factor (``Enrollment.TWO_STEP``, the URL converter's test)."""

    permission_classes = [FactorChangeAllowed]
    step = "setup"

    def post(self, request: Request, factor: str) -> Response:
        data: dict[str, Any] = request.data if isinstance(request.data, dict) else {}
        if self.step == "confirm":
            context = request.auth if isinstance(request.auth, LoginContext) else None
            answer = enrollment.confirm(request._request, signed_in(request), factor, data, context=context)
            return Response(answer, status=201)
        return Response(enrollment.begin(request._request, signed_in(request), factor, data))


class RecoveryCodesView(AuthStateAPIView):
    """``POST`` → ``201 {"codes": [...]}``: a new set replacing the old one, shown this once."""

    permission_classes = [FactorChangeAllowed]

    def post(self, request: Request) -> Response:
        return Response(enrollment.begin(request._request, signed_in(request), "recovery", {}), status=201)


class FactorListView(AuthStateAPIView):
    permission_classes = [AccountAccess]

    def get(self, request: Request) -> Response:
        return Response({"factors": enrollment.listing(signed_in(request))})


class FactorDetailView(AuthStateAPIView):
    permission_classes = [FactorChangeAllowed]

    def delete(self, request: Request, device_id: str) -> Response:
        enrollment.remove(request._request, signed_in(request), device_id)
        return Response(status=204)
