"""The compiled has-any-factor statement and a custom factor whose rows depend on more of the user
than its primary key: the answer must be the ORM's, or a user with a factor would skip MFA."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from authstate.conf.defaults import FACTORS
from authstate.factors.email import EmailFactor
from authstate.mfa import _enrolled as enrolled
from authstate.mfa import _factors as factors
from tests.conftest import PASSWORD

BOUND = "tests.mfa.test_enrolled_custom_rows.AddressBoundEmail"
FRESH = "tests.mfa.test_enrolled_custom_rows.JoinedAfterEmail"


class AddressBoundEmail(EmailFactor):
    """Only a device still sending to the account's current address counts."""

    def enrolled_rows(self, user: Any) -> Any:
        return super().enrolled_rows(user).filter(destination=user.email)


class JoinedAfterEmail(EmailFactor):
    """Only devices confirmed after the account joined count (a value of the user, not its key)."""

    def enrolled_rows(self, user: Any) -> Any:
        return super().enrolled_rows(user).filter(created_at__gte=user.date_joined or timezone.now())


def only(path: str) -> list[str]:
    return [path if name.endswith(".EmailFactor") else name for name in FACTORS]


def test_a_user_bound_filter_is_answered_for_the_real_user(api: Any, email_device: Any, mfa_settings: Any) -> None:
    mfa_settings(FACTORS=only(BOUND))
    assert factors.has_any(email_device.user)
    started = api.post_json("/api/mfa/login", {"username": "alice", "password": PASSWORD}).json()
    assert started["status"] == "MFA_REQUIRED" and started["factors"] == ["email"]


def test_a_rest_login_of_a_user_with_such_a_factor_needs_mfa(api: Any, email_device: Any, mfa_settings: Any) -> None:
    mfa_settings(FACTORS=only(BOUND), REQUIRE_FOR_ENROLLED_USERS=True)
    body = api.post_json("/api/auth", {"username": "alice", "password": PASSWORD}).json()
    assert body["status"] == "MFA_REQUIRED"


def test_custom_rows_are_never_answered_from_the_stand_in(email_device: Any, mfa_settings: Any) -> None:
    for path in (BOUND, FRESH):
        mfa_settings(FACTORS=only(path))
        chosen = factors.enabled()
        assert enrolled.compiled(chosen) is None
        assert factors.has_any(email_device.user)
