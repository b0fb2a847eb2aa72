"""Closed sets of setting values, spelled as in ``spring.auth.*``.

Each enum parses leniently (any case, ``-`` or ``_``) because users copy values from YAML files
where ``header_cookie`` and ``HEADER_COOKIE`` both appear.
"""

from __future__ import annotations

from enum import Enum
from typing import Self

from authstate._translation import gettext_lazy as _
from authstate._translation import interpolate

__all__ = [
    "FactorSelectionType",
    "SameSite",
    "SettingEnum",
    "StateType",
    "StorageType",
    "TokenIssuer",
    "TokenTransportType",
    "UserVerification",
]


class SettingEnum(str, Enum):
    """A string enum that accepts any case and either word separator."""

    _value_: str

    @classmethod
    def parse(cls, raw: object) -> Self:
        if isinstance(raw, cls):
            return raw
        if not isinstance(raw, str):
            raise ValueError(
                interpolate(_("expected one of %(choices)s, got %(value)r"), {"choices": cls.choices(), "value": raw})
            )
        wanted = _fold(raw)
        for member in cls:
            if _fold(member.value) == wanted:
                return member
        raise ValueError(
            interpolate(_("%(value)r is not one of %(choices)s"), {"value": raw, "choices": cls.choices()})
        )

    @classmethod
    def choices(cls) -> list[str]:
        return [member.value for member in cls]

    def __str__(self) -> str:
        return self.value


def _fold(text: str) -> str:
    return text.strip().upper().replace("-", "_")


class StateType(SettingEnum):
    OAUTH2 = "OAUTH2"
    SESSION = "SESSION"


class TokenTransportType(SettingEnum):
    HEADER = "HEADER"
    COOKIE = "COOKIE"
    HEADER_COOKIE = "HEADER_COOKIE"


class TokenIssuer(SettingEnum):
    INTERNAL = "INTERNAL"
    AUTHORIZATION_SERVER = "AUTHORIZATION_SERVER"


class FactorSelectionType(SettingEnum):
    SELECT = "SELECT"
    AUTO = "AUTO"


class StorageType(SettingEnum):
    """Where pending MFA state lives (``spring.auth.mfa.session-storage-type``)."""

    HTTP_SESSION = "http-session"
    REDIS = "redis"
    MEMORY = "memory"


class StoreName(str):
    """An MFA store's name: a ``StorageType`` in any spelling (kept in its canonical spelling, so it
    equals the member), or the ``name`` of a store added through ``MFA.STORES``; check E048
    reports a name no configured store has."""

    reader_name = "store name (`http-session`, `redis`, `memory`, or a `name` from `MFA.STORES`)"

    @classmethod
    def parse(cls, raw: object) -> StoreName:
        if not isinstance(raw, str) or not raw.strip():
            raise ValueError(interpolate(_("expected the name of an MFA store, got %(value)r"), {"value": raw}))
        try:
            return cls(StorageType.parse(raw).value)
        except ValueError:
            return cls(raw.strip())


class SameSite(SettingEnum):
    STRICT = "Strict"
    LAX = "Lax"
    NONE = "None"


class UserVerification(SettingEnum):
    """WebAuthn user verification (``spring.auth.passkey.user-verification``)."""

    REQUIRED = "required"
    PREFERRED = "preferred"
    DISCOURAGED = "discouraged"
