"""``PASSWORD``: password change and reset (what a registry mounts with ``.passwords()``)."""

from __future__ import annotations

from authstate.conf._schema import option, settings_group

__all__ = ["PasswordSettings"]


@settings_group
class PasswordSettings:
    reset_base_url: str | None = option(
        "RESET_BASE_URL",
        None,
        "Scheme and host reset e-mails link to (`https://accounts.example.com`); never taken from "
        "the request's Host header. Unset: no reset e-mail is sent (check authstate.E090).",
        spring=False,
    )
    reset_address_limit: int = option(
        "RESET_ADDRESS_LIMIT",
        3,
        "Reset requests for one e-mail address per THROTTLE.WINDOW before 429 (0 = no limit).",
        spring=False,
    )
    reset_ip_limit: int = option(
        "RESET_IP_LIMIT",
        20,
        "Reset requests from one client IP per THROTTLE.WINDOW before 429 (0 = no limit).",
        spring=False,
    )
    from_address: str | None = option(
        "FROM_ADDRESS", None, "Sender of password e-mails; None = DEFAULT_FROM_EMAIL.", spring=False
    )
    notify_on_change: bool = option(
        "NOTIFY_ON_CHANGE", True, "E-mail the account's address when its password was changed or reset.", spring=False
    )
