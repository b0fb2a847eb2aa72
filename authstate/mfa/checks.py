"""System checks of the MFA settings authstate adds or gives a meaning to (ids E040-E049).

E040 a counter or pool size below 1, E041 an SMS gateway that cannot be imported, W042 an
``OTP_TOKEN_LENGTH`` authenticator apps cannot show (TOTP devices then use 6 digits), E043 no
usable MFA store (e.g. the http-session store with cookie-only sessions and no other fallback).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.checks import CheckMessage, Error, Tags, Warning, register
from django.utils.module_loading import import_string

from authstate.conf import auth_settings


@register(Tags.security, "authstate")
def check_mfa(app_configs: Iterable[Any] | None = None, **kwargs: Any) -> list[CheckMessage]:
    return [*_minimums(), *_sms_gateway(), *_totp_length(), *_usable_store()]


def _minimums() -> list[CheckMessage]:
    mfa = auth_settings.mfa
    values = {
        "ACCOUNT_LOCKOUT_THRESHOLD": mfa.account_lockout_threshold,
        "STATE_MACHINE_POOL_SIZE": mfa.state_machine_pool_size,
        "CIRCUIT_BREAKER_FAILURE_THRESHOLD": mfa.circuit_breaker_failure_threshold,
        "RECOVERY_CODE_COUNT": mfa.recovery_code_count,
        "MEMORY.MAX_SESSIONS": mfa.memory.max_sessions,
    }
    return [
        Error(f'AUTHSTATE["MFA"] {name} is {value}; it must be at least 1', id="authstate.E040")
        for name, value in values.items()
        if value < 1
    ]


def _sms_gateway() -> list[CheckMessage]:
    from authstate.factors.sms import GATEWAYS

    provider = str(auth_settings.mfa.sms_factor.provider)
    if not auth_settings.mfa.sms_factor.enabled or provider.lower() in GATEWAYS:
        return []
    try:
        import_string(provider)
    except ImportError as error:
        hint = "Use console, outbox, or the dotted path of a class with send(phone_number, message)."
        return [Error(f"SMS_FACTOR.PROVIDER {provider!r} cannot be imported: {error}", hint=hint, id="authstate.E041")]
    return []


def _totp_length() -> list[CheckMessage]:
    if auth_settings.mfa.otp_token_length in (6, 8):
        return []
    message = f"OTP_TOKEN_LENGTH {auth_settings.mfa.otp_token_length}: TOTP devices will use 6 digits"
    return [Warning(message, hint="Authenticator apps show 6 or 8 digits.", id="authstate.W042")]


def _usable_store() -> list[CheckMessage]:
    from authstate.mfa.stores import chosen_type, store_of

    kind = chosen_type()
    if store_of(kind).is_usable():
        return []
    message = f"the MFA store {kind.value!r} (the fallback) is not usable with these settings"
    hint = "Enable another store or set FALLBACK_REPOSITORY_TYPE to one that works (memory, redis)."
    return [Error(message, hint=hint, id="authstate.E043")]
