"""``MFA.SMS_FACTOR`` and ``MFA.EMAIL_FACTOR``: how codes are delivered."""

from __future__ import annotations

from authstate.conf._schema import option, settings_group

__all__ = ["EmailFactorSettings", "SmsFactorSettings"]


@settings_group
class SmsFactorSettings:
    provider: str = option("PROVIDER", "default", "Gateway: `default`, `console`, `outbox` or an import string.")
    template_id: str = option("TEMPLATE_ID", "mfa_sms_template", "Template rendering the SMS text.")
    enabled: bool = option("ENABLED", True, "Offer the SMS factor.")
    allowed_prefixes: tuple[str, ...] = option(
        "ALLOWED_PREFIXES",
        [],
        "E.164 prefixes (`+1`, `+44`) SMS codes may be sent to; empty = any number.",
        spring=False,
    )
    daily_limit: int = option(
        "DAILY_LIMIT", 10, "SMS codes one account may be sent per UTC day (0 = no cap).", spring=False
    )


@settings_group
class EmailFactorSettings:
    from_address: str = option("FROM_ADDRESS", "noreply@company.com", "Sender address.")
    template_id: str = option("TEMPLATE_ID", "mfa_email_template", "Template rendering the email.")
    enabled: bool = option("ENABLED", True, "Offer the email factor.")
