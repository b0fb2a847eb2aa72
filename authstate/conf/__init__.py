"""Settings for authstate: ``auth_settings`` is the only way code reads ``AUTHSTATE``.

Every block of ``AUTHSTATE`` reads as a frozen dataclass with annotated fields, so mypy knows
each value's type. The attribute rule: an option's attribute is its key in lower case; an
option with a unit (``ms``, ``s``, ``min``) is a ``datetime.timedelta`` and its attribute drops
the key's unit suffix (``AUTHSTATE["MFA"]["SESSION_TIMEOUT_MS"]`` is
``auth_settings.mfa.session_timeout``; ``ACCESS_TOKEN_VALIDITY``, which has none, stays
``access_token_validity``). Lists read as tuples, enums as their ``SettingEnum``. Users still
write keys and millisecond values exactly as in ``spring.auth.*``; ``authstate_settings`` and
``docs/configuration.md`` print them that way.
"""

from authstate.conf._settings import auth_settings

__all__ = ["auth_settings"]
