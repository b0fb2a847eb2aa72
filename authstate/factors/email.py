"""Email codes through Django's email framework (``EMAIL_BACKEND``).

``EMAIL_FACTOR.FROM_ADDRESS`` is the sender. ``EMAIL_FACTOR.TEMPLATE_ID`` names the template: a
bare id such as ``mfa_email_template`` means ``authstate/mfa/<id>.txt``; a name with a ``/`` is
used as is. The template's first line is the subject, the rest the body; it gets ``code``,
``user`` and ``valid_minutes``.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email

from authstate._translation import gettext_lazy as _
from authstate._typing import User
from authstate.conf import auth_settings
from authstate.exceptions import InvalidRequest
from authstate.factors._message import MessageFactor
from authstate.factors.base import Payload
from authstate.models import MessageDevice

__all__ = ["EmailFactor"]


def render_message(template_id: str, code: str, user: User) -> tuple[str, str]:
    """``(first line, rest)`` of the template named by ``template_id`` (see the module docstring)."""
    from django.template.loader import render_to_string

    name = template_id if "/" in template_id else f"authstate/mfa/{template_id}.txt"
    context: dict[str, Any] = {
        "code": code,
        "user": user,
        "valid_minutes": max(1, auth_settings.mfa.otp_token_validity // timedelta(minutes=1)),
    }
    subject, _newline, body = render_to_string(name, context).strip().partition("\n")
    return subject.strip(), body.strip()


class EmailFactor(MessageFactor):
    """Codes sent to the user's address through Django's ``EMAIL_BACKEND``."""

    name: ClassVar[str] = "email"
    label: ClassVar[str] = _("Email code")
    kind: ClassVar[str] = MessageDevice.EMAIL

    def is_enabled(self) -> bool:
        return bool(auth_settings.mfa.email_factor.enabled)

    def resend_interval(self) -> int:
        return int(auth_settings.mfa.email_resend_interval.total_seconds())

    def send(self, destination: str, code: str, user: User) -> None:
        settings = auth_settings.mfa.email_factor
        subject, body = render_message(settings.template_id, code, user)
        send_mail(subject, body, settings.from_address, [destination], fail_silently=False)

    def destination_for(self, user: User, payload: Payload) -> str:
        """The account's own address: letting a client pick one would let it enroll any mailbox."""
        address = str(getattr(user, "email", "") or "")
        try:
            validate_email(address)
        except ValidationError:
            raise InvalidRequest(_("The account has no valid email address.")) from None
        return address
