"""SMS abuse limits: which numbers may receive codes, and how many codes one account gets a day.

Every text costs money, and premium-rate ranges pay whoever owns them, so a signed-in attacker
who may enter any number and ask for codes without end is a billing fraud. Two limits apply
before a code is handed to the gateway, at enrollment and at every challenge:

- ``SMS_FACTOR.ALLOWED_PREFIXES``: E.164 prefixes (``+1``, ``+44``, ``+4179``) a number must start
  with; empty allows every number. A refused number answers ``400 invalid_request``.
- ``SMS_FACTOR.DAILY_LIMIT``: codes one account may be sent per UTC day (0 = no cap), reserved on
  the shared cache before sending (``authstate._attempts``) and given back when the send does not
  happen. Past it: ``429 throttled`` with ``Retry-After`` until midnight UTC.
"""

from __future__ import annotations

import math

from authstate import _attempts as attempts
from authstate import _clock as clock
from authstate._translation import gettext_lazy as _
from authstate._typing import User
from authstate.conf import auth_settings
from authstate.exceptions import InvalidRequest, Throttled

__all__ = ["DAY", "PREFIX", "check_destination", "release", "reserve_daily"]


PREFIX = "authstate:sms:daily:"
DAY = 86400


def check_destination(number: str) -> None:
    allowed = [str(prefix).replace(" ", "") for prefix in auth_settings.mfa.sms_factor.allowed_prefixes]
    if allowed and not any(number.startswith(prefix) for prefix in allowed):
        raise InvalidRequest(_("Text messages cannot be sent to this number."))


def reserve_daily(user: User) -> str | None:
    """Take one of today's codes for ``user``, or raise ``Throttled`` holding nothing."""
    limit = int(auth_settings.mfa.sms_factor.daily_limit)
    if limit <= 0:
        return None
    key = f"{PREFIX}{user.pk}:{int(clock.now() // DAY)}"
    if attempts.reserve(key, DAY + 1) > limit:
        attempts.release(key)
        raise Throttled(_("Too many text messages today; try another method."), retry_after=_until_midnight())
    return key


def release(key: str | None) -> None:
    if key is not None:
        attempts.release(key)


def _until_midnight() -> int:
    return max(1, math.ceil(DAY - clock.now() % DAY))
