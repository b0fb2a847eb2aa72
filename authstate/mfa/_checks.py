"""System checks of the MFA settings authstate adds or gives a meaning to (ids E040-E049).

E040 a counter or pool size below 1, E041 an SMS gateway that cannot be imported, W042 an
``OTP_TOKEN_LENGTH`` authenticator apps cannot show (TOTP devices then use 6 digits), E043 no
usable MFA store (e.g. the http-session store with cookie-only sessions and no other fallback),
E044 the console SMS gateway outside ``DEBUG``: it writes every code to the log while the client
is told ``CHALLENGE_SENT``, so whoever reads the log passes the second factor. E045-E048 judge
``MFA.FACTORS`` and ``MFA.STORES`` (``authstate.mfa._extension_checks``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register
from django.utils.module_loading import import_string

from authstate._translation import gettext_lazy as _
from authstate.conf import auth_settings
from authstate.mfa import _extension_checks as extension_checks

__all__ = ["check_mfa"]


@register(Tags.security, "authstate")
def check_mfa(app_configs: Iterable[Any] | None = None, **kwargs: Any) -> list[CheckMessage]:
    found = [*_minimums(), *_sms_gateway(), *_console_sms(), *_totp_length(), *_usable_store()]
    return [*found, *extension_checks.check_extensions()]


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
        Error(
            _('AUTHSTATE["MFA"] %(name)s is %(value)s; it must be at least 1') % {"name": name, "value": value},
            id="authstate.E040",
        )
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
        hint = _("Use console, outbox, or the dotted path of a class with send(phone_number, message).")
        message = _("SMS_FACTOR.PROVIDER %(provider)r cannot be imported: %(error)s")
        return [Error(message % {"provider": provider, "error": error}, hint=hint, id="authstate.E041")]
    return []


def _console_sms() -> list[CheckMessage]:
    from authstate.factors.sms import CONSOLE_GATEWAY, gateway_path

    sms = auth_settings.mfa.sms_factor
    if settings.DEBUG or not sms.enabled or gateway_path(str(sms.provider)) != CONSOLE_GATEWAY:
        return []
    message = _(
        "The SMS factor is enabled with the console gateway: codes are written to the log, "
        "not sent, while the client is told CHALLENGE_SENT"
    )
    hint = _(
        'Set AUTHSTATE["MFA"]["SMS_FACTOR"]["PROVIDER"] to the import path of a real gateway, '
        'or AUTHSTATE["MFA"]["SMS_FACTOR"]["ENABLED"] to False.'
    )
    return [Error(message, hint=hint, id="authstate.E044")]


def _totp_length() -> list[CheckMessage]:
    if auth_settings.mfa.otp_token_length in (6, 8):
        return []
    message = _("OTP_TOKEN_LENGTH %(length)s: TOTP devices will use 6 digits") % {
        "length": auth_settings.mfa.otp_token_length
    }
    return [Warning(message, hint=_("Authenticator apps show 6 or 8 digits."), id="authstate.W042")]


def _usable_store() -> list[CheckMessage]:
    from authstate.mfa.stores import chosen_type, configured, store_of

    kind = chosen_type()
    if kind not in configured() or store_of(kind).is_usable():
        return []  # an unknown name is E048's to report
    message = _("the MFA store %(kind)r (the fallback) is not usable with these settings") % {"kind": kind}
    hint = _("Enable another store or set FALLBACK_REPOSITORY_TYPE to one that works (memory, redis).")
    return [Error(message, hint=hint, id="authstate.E043")]
