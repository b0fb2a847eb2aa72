"""The second factors authstate knows, by wire name.

``FACTORS`` is a closed set: name → import path of the ``Factor`` class. Classes are imported on
first use, so a factor whose optional dependency is missing (``passkey`` needs the ``webauthn``
extra) costs nothing until it is asked for.
"""

from __future__ import annotations

from functools import cache

from django.utils.module_loading import import_string

from authstate.factors.base import EnrolledDevice, Factor

FACTORS: dict[str, str] = {
    "totp": "authstate.factors.totp.TotpFactor",
    "email": "authstate.factors.email.EmailFactor",
    "sms": "authstate.factors.sms.SmsFactor",
    "recovery": "authstate.factors.recovery.RecoveryFactor",
    "passkey": "authstate.factors.passkey.PasskeyFactor",
}

__all__ = ["FACTORS", "EnrolledDevice", "Factor", "factor_for"]


@cache
def factor_for(name: str) -> Factor:
    """The factor called ``name``; ``KeyError`` for a name not in ``FACTORS``."""
    factor: Factor = import_string(FACTORS[name])()
    return factor
