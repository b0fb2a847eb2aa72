"""``PASSKEY``: passkeys (WebAuthn) as a second factor and as a passwordless primary login."""

from __future__ import annotations

from datetime import timedelta

from authstate.conf._schema import MS, option, settings_group
from authstate.conf.enums import UserVerification

__all__ = ["PasskeySettings"]


@settings_group
class PasskeySettings:
    enabled: bool = option("ENABLED", True, "Offer passkeys (needs the `webauthn` extra).", spring=False)
    rp_id: str | None = option(
        "RP_ID", None, "Relying party id (a registrable domain); None = the request's host.", spring=False
    )
    rp_name: str = option("RP_NAME", "authstate", "Relying party name shown by the authenticator.", spring=False)
    allowed_origins: tuple[str, ...] = option(
        "ALLOWED_ORIGINS",
        [],
        "Origins accepted in clientDataJSON; empty = only the request's own origin.",
        spring=False,
    )
    user_verification: UserVerification = option(
        "USER_VERIFICATION",
        UserVerification.PREFERRED,
        "User verification asked for registration and as a second factor.",
        spring=False,
    )
    passwordless_user_verification: UserVerification = option(
        "PASSWORDLESS_USER_VERIFICATION",
        UserVerification.REQUIRED,
        "User verification asked when a passkey replaces the password.",
        spring=False,
    )
    passwordless_enabled: bool = option(
        "PASSWORDLESS_ENABLED", True, "Offer passwordless login on form flows.", spring=False
    )
    timeout: timedelta = option(
        "TIMEOUT_MS", 120000, "Ceremony timeout, also the life of a challenge.", unit=MS, spring=False
    )
