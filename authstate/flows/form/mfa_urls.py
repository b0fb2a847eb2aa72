"""URL patterns of MFA: the JSON API of ``API.md`` and the HTML pages (``/mfa/...``)."""

from __future__ import annotations

from typing import Any

from django.urls import path

from authstate.flows.flow import Flows
from authstate.flows.form import mfa as pages
from authstate.flows.form import mfa_setup as setup
from authstate.flows.rest import mfa as api
from authstate.flows.rest import mfa_enroll as enroll

__all__ = ["patterns_for"]


def patterns_for(registry: Flows) -> list[Any]:
    return [*_api(registry), *_enrollment_api(), *_pages()]


def _api(registry: Flows) -> list[Any]:
    return [
        path("api/mfa/select", api.MfaSelectView.as_view(), name="mfa-select"),
        path("api/mfa/verify", api.MfaVerifyView.as_view(), name="mfa-verify"),
        path("api/mfa/cancel", api.MfaCancelView.as_view(), name="mfa-cancel"),
        path("api/mfa/config", api.MfaConfigView.as_view(registry=registry), name="mfa-config"),
    ]


def _enrollment_api() -> list[Any]:
    patterns = [
        path("api/mfa/factors", enroll.FactorListView.as_view(), name="mfa-factors"),
        path("api/mfa/factors/<str:device_id>", enroll.FactorDetailView.as_view(), name="mfa-factor"),
        path("api/mfa/recovery-codes", enroll.RecoveryCodesView.as_view(), name="mfa-recovery-codes"),
    ]
    for factor in ("totp", "email", "sms"):
        for step in ("setup", "confirm"):
            view = enroll.EnrollmentView.as_view(factor=factor, step=step)
            patterns.append(path(f"api/mfa/{factor}/{step}", view, name=f"mfa-{factor}-{step}"))
    return patterns


def _pages() -> list[Any]:
    return [
        path("mfa/choose", pages.ChooseFactorPage.as_view(), name="mfa-choose-page"),
        path("mfa/verify", pages.VerifyCodePage.as_view(), name="mfa-verify-page"),
        path("mfa/resend", pages.ResendCodePage.as_view(), name="mfa-resend-page"),
        path("mfa/cancel", pages.CancelPage.as_view(), name="mfa-cancel-page"),
        path("mfa/setup/", setup.SetupIndexPage.as_view(), name="mfa-setup-page"),
        path("mfa/setup/totp", setup.TotpSetupPage.as_view(), name="mfa-setup-totp-page"),
        path("mfa/setup/email", setup.CodeSetupPage.as_view(factor="email"), name="mfa-setup-email-page"),
        path("mfa/setup/sms", setup.CodeSetupPage.as_view(factor="sms"), name="mfa-setup-sms-page"),
        path("mfa/setup/recovery-codes", setup.RecoveryCodesPage.as_view(), name="mfa-setup-recovery-page"),
    ]
