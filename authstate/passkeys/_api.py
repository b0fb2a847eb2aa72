"""JSON enrollment endpoints (API.md): options, register (201), list, rename, delete."""

from __future__ import annotations

from typing import Any

from rest_framework.request import Request
from rest_framework.response import Response

from authstate._translation import gettext_lazy as _
from authstate._typing import signed_in
from authstate.conf import auth_settings
from authstate.exceptions import NotFound
from authstate.flows.guards import FactorChangeAllowed
from authstate.flows.rest._base import AuthStateAPIView
from authstate.mfa import _stepup as stepup
from authstate.passkeys import _payload as payload
from authstate.passkeys import _service as service
from authstate.state._base import LoginContext

__all__ = ["PasskeyAPIView", "PasskeyDetailView", "PasskeyListView", "RegistrationOptionsView"]


class PasskeyAPIView(AuthStateAPIView):
    """A login may list its user's passkeys; changing them passes the factor guard
    (``authstate.mfa._guard``): a recent login, one that passed MFA once a factor exists."""

    permission_classes = [FactorChangeAllowed]

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if not auth_settings.passkey.enabled:
            raise NotFound(_("Passkeys are not enabled."))


class RegistrationOptionsView(PasskeyAPIView):
    def post(self, request: Request) -> Response:
        return Response({"options": service.registration_options(request._request, signed_in(request))})


class PasskeyListView(PasskeyAPIView):
    def get(self, request: Request) -> Response:
        return Response({"passkeys": [service.public(p) for p in service.of_user(signed_in(request))]})

    def post(self, request: Request) -> Response:
        credential, name = payload.credential(request.data), payload.name(request.data)
        passkey = service.register(request._request, signed_in(request), credential, name)
        context = request.auth
        assert isinstance(context, LoginContext)
        stepup.proven(request._request, signed_in(request), context, service.passkey_methods(passkey), renew=False)
        return Response(service.public(passkey), status=201)


class PasskeyDetailView(PasskeyAPIView):
    label_methods = ("PATCH",)

    def patch(self, request: Request, pk: int) -> Response:
        return Response(service.public(service.rename(signed_in(request), pk, payload.name(request.data))))

    def delete(self, request: Request, pk: int) -> Any:
        service.delete(request._request, signed_in(request), pk)
        return Response(status=204)
