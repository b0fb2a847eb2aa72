"""A reset never skips a factor: with ``MFA.REQUIRE_FOR_ENROLLED_USERS``, an MFA account's reset
confirm also asks for a second factor (NIST SP 800-63B §6.1.2.3: a lost memorized secret is
replaced only after the remaining factor is proven).

The e-mail factor does not count when it sends its codes to the very mailbox the reset link went
to: a stolen mailbox would then prove both. Codes are checked like step-up's (``stepup``): each
check reserves an attempt first (``MAX_RETRY_ATTEMPTS`` per window, then ``423 mfa_locked``) and
each failure counts toward the account lockout.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest

from authstate._translation import gettext_lazy as _
from authstate._typing import User
from authstate.conf import auth_settings
from authstate.exceptions import InvalidRequest, StrongerLoginRequired
from authstate.factors.base import Factor
from authstate.mfa import _factors as factors
from authstate.mfa import _stepup as stepup
from authstate.models import MessageDevice

__all__ = ["SCOPE", "eligible", "needs_code", "prove", "required"]


#: The step-up budget of resets (the attempt keys also carry the user's pk).
SCOPE = "password-reset"


def eligible(user: User) -> list[Factor]:
    """The user's factors that prove something the mailbox alone does not."""
    return [factor for factor in factors.enrolled(user) if not _same_mailbox(factor, user)]


def required(user: User) -> bool:
    return bool(auth_settings.mfa.require_for_enrolled_users) and bool(eligible(user))


def prove(request: HttpRequest, user: User, payload: Mapping[str, Any]) -> dict[str, Any] | None:
    """``None`` once nothing more is needed (no factor required, or the code was right); a
    challenge to answer when only a ``factor`` was given. Refusals are raised."""
    if not required(user):
        return None
    factor = _chosen(user, payload.get("factor"))
    if payload.get(factor.payload_field) in (None, ""):
        return stepup.challenge(request, user, SCOPE, factor)
    stepup.check_factor(request, user, SCOPE, factor, payload, event="password_reset_failed")
    return None


def needs_code(user: User, payload: Mapping[str, Any]) -> bool:
    """Whether this payload only asks for a challenge (no code yet): nothing else is checked then."""
    if not required(user):
        return False
    field = next((f.payload_field for f in eligible(user) if f.name == payload.get("factor")), "code")
    return payload.get(field) in (None, "")


def _chosen(user: User, name: object) -> Factor:
    mine = eligible(user)
    if not name:
        names = [factor.name for factor in mine if factor.is_available()]
        raise StrongerLoginRequired(
            _("This account has a second factor: verify it to set a new password."), factors=names
        )
    for factor in mine:
        if factor.name == name:
            return factors.offered(user, name, to_send=False)
    raise InvalidRequest(_("This verification method is not available for this reset."), field="factor")


def _same_mailbox(factor: Factor, user: User) -> bool:
    if factor.name != "email":
        return False
    address = str(getattr(user, user.get_email_field_name(), "") or "")
    rows = MessageDevice.objects.filter(user_id=user.pk, kind=MessageDevice.EMAIL, confirmed=True)
    return not rows.exclude(destination__iexact=address).exists()
