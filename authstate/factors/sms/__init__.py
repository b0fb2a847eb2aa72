"""SMS codes through a gateway chosen by ``SMS_FACTOR.PROVIDER``.

``default`` and ``console`` print messages to the ``authstate.sms`` log (development only: the
code is then readable by whoever reads the log, so ``authstate.E044`` refuses it outside
``DEBUG``); ``outbox``
keeps them in ``authstate.factors.sms.gateways.OUTBOX`` (tests). Anything else is an import
string of a gateway: a class with ``send(phone_number, message)`` or such a function. To plug a
real provider, write that one method around the provider's client and raise on failure; the
circuit breaker and the delivery timeout do the rest. ``SMS_FACTOR.TEMPLATE_ID`` names the text
template like the email factor's (``authstate/mfa/<id>.txt``). Numbers outside
``SMS_FACTOR.ALLOWED_PREFIXES`` and codes past ``SMS_FACTOR.DAILY_LIMIT`` per account are refused
before the gateway is called (``authstate.factors.sms._limits``).
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from django.utils.module_loading import import_string

from authstate._translation import gettext_lazy as _
from authstate._typing import User
from authstate.conf import auth_settings
from authstate.exceptions import InvalidRequest
from authstate.factors._message import MessageFactor
from authstate.factors.base import Payload, Scratch
from authstate.factors.email import render_message
from authstate.factors.sms import _limits as limits
from authstate.models import MessageDevice

__all__ = ["SmsFactor"]


CONSOLE_GATEWAY = "authstate.factors.sms.gateways.ConsoleGateway"
GATEWAYS = {
    "default": CONSOLE_GATEWAY,
    "console": CONSOLE_GATEWAY,
    "outbox": "authstate.factors.sms.gateways.OutboxGateway",
}
E164 = re.compile(r"^\+[1-9]\d{6,14}$")


def gateway_path(provider: str) -> str:
    """The import string a ``PROVIDER`` value names (a built-in alias or the string itself)."""
    return GATEWAYS.get(provider.lower(), provider)


def gateway() -> Any:
    found = import_string(gateway_path(str(auth_settings.mfa.sms_factor.provider)))
    return found() if isinstance(found, type) else found


class SmsFactor(MessageFactor):
    """Codes sent by text message through the configured gateway (``SMS_FACTOR.PROVIDER``)."""

    name: ClassVar[str] = "sms"
    amr: ClassVar[tuple[str, ...]] = ("sms",)
    label: ClassVar[str] = _("Text message code")
    kind: ClassVar[str] = MessageDevice.SMS

    def is_enabled(self) -> bool:
        return bool(auth_settings.mfa.sms_factor.enabled)

    def resend_interval(self) -> int:
        return int(auth_settings.mfa.sms_resend_interval.total_seconds())

    def send(self, destination: str, code: str, user: User) -> None:
        subject, body = render_message(auth_settings.mfa.sms_factor.template_id, code, user)
        text = f"{subject}\n{body}".strip()
        target = gateway()
        (target.send if hasattr(target, "send") else target)(destination, text)

    def destination_for(self, user: User, payload: Payload) -> str:
        number = re.sub(r"[\s().-]", "", str(payload.get("phone_number") or ""))
        if not E164.match(number):
            raise InvalidRequest(_("phone_number must be in international format, e.g. +14155550123."))
        limits.check_destination(number)
        return number

    def _send_code(self, scratch: Scratch, destination: str, user: User) -> None:
        """The abuse limits first (an allowlist changed since enrollment applies too), then send."""
        limits.check_destination(destination)
        place = limits.reserve_daily(user)
        try:
            super()._send_code(scratch, destination, user)
        except Exception:
            limits.release(place)  # nothing was sent: a resend too soon, a failing gateway
            raise
