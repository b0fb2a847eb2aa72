"""URL patterns of MFA by feature: the JSON API of ``API.md`` and the HTML pages (``/mfa/...``)."""

from __future__ import annotations

from typing import Any

from django.urls import path, register_converter

from authstate.factors import configured
from authstate.factors.base import Enrollment
from authstate.flows._flow import Flows
from authstate.mfa.views import _api as api
from authstate.mfa.views import _enroll_api as enroll
from authstate.mfa.views import _pages as pages
from authstate.mfa.views import _setup_pages as setup

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


class EnrollableFactor:
    """``<enrollable_factor:factor>``: the name of a configured factor enrolled in two steps
    (``Enrollment.TWO_STEP``: ``setup``, ``confirm``), read per request, so a factor added to ``MFA.FACTORS`` gets its
    routes and any other name is a plain 404."""

    regex = "[A-Za-z0-9_.-]+"

    def to_python(self, value: str) -> str:
        factor = configured().get(value)
        if factor is None or factor.enrollment is not Enrollment.TWO_STEP:
            raise ValueError(value)  # Django's signal for "no match here"
        return value

    def to_url(self, value: str) -> str:
        return self.to_python(value)


register_converter(EnrollableFactor, "enrollable_factor")


def _enrollment_api() -> list[Any]:
    return [
        path("api/mfa/factors", enroll.FactorListView.as_view(), name="mfa-factors"),
        path("api/mfa/factors/<str:device_id>", enroll.FactorDetailView.as_view(), name="mfa-factor"),
        path("api/mfa/recovery-codes", enroll.RecoveryCodesView.as_view(), name="mfa-recovery-codes"),
        path("api/mfa/<enrollable_factor:factor>/setup", enroll.EnrollmentView.as_view(), name="mfa-enroll-setup"),
        path(
            "api/mfa/<enrollable_factor:factor>/confirm",
            enroll.EnrollmentView.as_view(step="confirm"),
            name="mfa-enroll-confirm",
        ),
    ]


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
