"""The MFA JSON API of a login in progress: select, verify, cancel, config (``API.md``)."""

from __future__ import annotations

from typing import Any

from django.urls import NoReverseMatch, reverse
from django.views.decorators.debug import sensitive_variables
from rest_framework.request import Request
from rest_framework.response import Response

from authstate.conf import auth_settings
from authstate.flows._flow import FlowKind, Flows
from authstate.flows.rest._base import PublicAPIView
from authstate.mfa import _carrier as carrier
from authstate.mfa import _factors as factors
from authstate.mfa import _service as service
from authstate.state import Completion, state_for

__all__ = ["MfaCancelView", "MfaConfigView", "MfaSelectView", "MfaVerifyView"]


def _data(request: Request) -> dict[str, Any]:
    return request.data if isinstance(request.data, dict) else {}


class MfaSelectView(PublicAPIView):
    """``{"mfa_token", "factor"}`` → ``CHALLENGE_SENT`` / ``CHALLENGE_READY`` (also resend)."""

    def post(self, request: Request) -> Response:
        data = _data(request)
        answer = service.select(request._request, carrier.from_json(request._request, data), data.get("factor"))
        return Response(answer)


class MfaVerifyView(PublicAPIView):
    """``{"mfa_token", "factor", "code" | "credential", "remember_device"}`` → continue or complete."""

    @sensitive_variables("data", "token")
    def post(self, request: Request) -> Response:
        data = _data(request)
        token = carrier.from_json(request._request, data)
        remember = data.get("remember_device") is True
        result = service.verify(request._request, token, data.get("factor"), data, remember=remember)
        if isinstance(result, Completion):
            return result.apply(Response(result.body))  # type: ignore[return-value]
        return Response(result)


class MfaCancelView(PublicAPIView):
    def post(self, request: Request) -> Response:
        return Response(service.cancel(request._request, carrier.from_json(request._request, _data(request))))


class MfaConfigView(PublicAPIView):
    """The MFA flows' URLs and public settings, for SDKs."""

    registry: Flows | None = None

    def get(self, request: Request) -> Response:
        mfa = auth_settings.mfa
        flows = [f for f in (self.registry.flows if self.registry else ()) if f.kind is FlowKind.MFA]
        return Response(
            {
                "flows": [
                    {"name": f.name, "login_url": f.url, "json": f.json, "state": state_for(f.state).name}
                    for f in flows
                ],
                "factor_selection_type": auth_settings.factor_selection_type.value,
                "factors": [factor.name for factor in factors.enabled()],
                "urls": _urls(),
                "otp_token_length": mfa.otp_token_length,
                "otp_token_validity_seconds": int(mfa.otp_token_validity.total_seconds()),
                "email_resend_interval_seconds": int(mfa.email_resend_interval.total_seconds()),
                "sms_resend_interval_seconds": int(mfa.sms_resend_interval.total_seconds()),
                "max_retry_attempts": mfa.max_retry_attempts,
                "session_timeout_seconds": int(mfa.session_timeout.total_seconds()),
                "challenge_timeout_seconds": int(mfa.challenge_timeout.total_seconds()),
                "device_remember_seconds": int(mfa.device_remember_duration.total_seconds()),
            }
        )


def _urls() -> dict[str, str]:
    found = {}
    for key in ("select", "verify", "cancel", "config", "factors", "choose-page", "verify-page", "setup-page"):
        try:
            found[key] = reverse(f"authstate:mfa-{key}")
        except NoReverseMatch:
            continue
    return found
