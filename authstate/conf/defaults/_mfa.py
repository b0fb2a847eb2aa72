"""``MFA``: multi-factor authentication, its timings, limits, stores and deliveries."""

from __future__ import annotations

from datetime import timedelta

from authstate.conf._schema import MS, SECONDS, group, option, settings_group
from authstate.conf.defaults._mfa_delivery import EmailFactorSettings, SmsFactorSettings
from authstate.conf.defaults._mfa_stores import HttpSessionStoreSettings, MemoryStoreSettings, RedisStoreSettings
from authstate.conf.enums import StorageType, StoreName

__all__ = ["FACTORS", "STORES", "MfaSettings"]


#: ``MFA.FACTORS``: ``Factor`` subclasses, named on the wire by their ``name``; order is preference.
FACTORS = [
    "authstate.factors.passkey.PasskeyFactor",
    "authstate.factors.totp.TotpFactor",
    "authstate.factors.email.EmailFactor",
    "authstate.factors.sms.SmsFactor",
    "authstate.factors.recovery.RecoveryFactor",
]
#: ``MFA.STORES``: ``MfaStore`` subclasses or instances; the store keys name them by their ``name``.
STORES = [
    "authstate.mfa.stores.session.SessionStore",
    "authstate.mfa.stores.redis.RedisStore",
    "authstate.mfa.stores.memory.MEMORY_STORE",
]


def _store(member: StorageType) -> StoreName:
    return StoreName(member.value)


@settings_group
class MfaSettings:
    session_timeout: timedelta = option(
        "SESSION_TIMEOUT_MS", 600000, "Life of a pending MFA attempt after the password, however active.", unit=MS
    )
    challenge_timeout: timedelta = option(
        "CHALLENGE_TIMEOUT_MS", 300000, "Time to answer a challenge after selecting a factor.", unit=MS
    )
    inactivity_timeout: timedelta = option(
        "INACTIVITY_TIMEOUT", 900000, "A pending MFA attempt dies after this long without a step.", unit=MS
    )
    cache_ttl: timedelta = option(
        "CACHE_TTL",
        300000,
        "How long an ended MFA attempt is remembered, so a replayed token gets the precise error.",
        unit=MS,
    )
    session_refresh_interval: timedelta = option(
        "SESSION_REFRESH_INTERVAL_MS",
        30000,
        "Page views write the attempt back (sliding inactivity) at most this often.",
        unit=MS,
    )
    state_machine_timeout: timedelta = option(
        "STATE_MACHINE_TIMEOUT_MS", 10000, "Bound on one step that calls out (an email or SMS delivery).", unit=MS
    )
    max_retry_attempts: int = option("MAX_RETRY_ATTEMPTS", 5, "Wrong codes that end one MFA attempt (423 mfa_locked).")
    account_lockout_duration: timedelta = option(
        "ACCOUNT_LOCKOUT_DURATION_MS",
        900000,
        "How long repeated failures lock the account (423 account_locked).",
        unit=MS,
    )
    minimum_delay: timedelta = option(
        "MINIMUM_DELAY_MS", 500, "Every failed password or code answer takes at least this long.", unit=MS
    )
    otp_token_validity: timedelta = option(
        "OTP_TOKEN_VALIDITY_SECONDS", 300, "Validity of an emailed or texted code.", unit=SECONDS
    )
    otp_token_length: int = option("OTP_TOKEN_LENGTH", 6, "Digits of email and SMS codes; TOTP uses it when 6 or 8.")
    sms_resend_interval: timedelta = option(
        "SMS_RESEND_INTERVAL_SECONDS", 60, "Minimum interval between two SMS codes (429 + retry_after).", unit=SECONDS
    )
    email_resend_interval: timedelta = option(
        "EMAIL_RESEND_INTERVAL_SECONDS",
        120,
        "Minimum interval between two email codes (429 + retry_after).",
        unit=SECONDS,
    )
    device_remember_duration: timedelta = option(
        "DEVICE_REMEMBER_DURATION_MS",
        2592000000,
        "Validity of the remember-this-device cookie (0: never remember).",
        unit=MS,
    )
    state_machine_pool_size: int = option(
        "STATE_MACHINE_POOL_SIZE", 100, "Code deliveries one process runs at once; more are refused."
    )
    state_machine_cache_ttl: timedelta = option(
        "STATE_MACHINE_CACHE_TTL_MS",
        300000,
        "Time to confirm a started enrollment (TOTP secret, confirmation code).",
        unit=MS,
    )
    circuit_breaker_failure_threshold: int = option(
        "CIRCUIT_BREAKER_FAILURE_THRESHOLD", 5, "Consecutive delivery failures that open a sender's breaker."
    )
    circuit_breaker_timeout: timedelta = option(
        "CIRCUIT_BREAKER_TIMEOUT_SECONDS",
        30,
        "How long an open breaker offers the factor as unavailable.",
        unit=SECONDS,
    )
    detailed_logging_enabled: bool = option(
        "DETAILED_LOGGING_ENABLED", False, "DEBUG log lines with the detail of each audit event (never secrets)."
    )
    metrics_enabled: bool = option(
        "METRICS_ENABLED", True, "Count audit events in process and send the audit_event signal."
    )
    audit_logging_enabled: bool = option(
        "AUDIT_LOGGING_ENABLED", True, "Write audit events to the database and the authstate.audit log."
    )
    session_storage_type: StoreName = option(
        "SESSION_STORAGE_TYPE", _store(StorageType.HTTP_SESSION), "Preferred MFA store."
    )
    auto_select_repository: bool = option("AUTO_SELECT_REPOSITORY", False, "Pick the first usable store by priority.")
    repository_priority: tuple[StoreName, ...] = option(
        "REPOSITORY_PRIORITY",
        [_store(StorageType.REDIS), _store(StorageType.MEMORY), _store(StorageType.HTTP_SESSION)],
        "Store selection priority order.",
    )
    fallback_repository_type: StoreName = option(
        "FALLBACK_REPOSITORY_TYPE", _store(StorageType.HTTP_SESSION), "Fallback store type."
    )
    account_lockout_threshold: int = option(
        "ACCOUNT_LOCKOUT_THRESHOLD", 10, "Consecutive password or code failures that lock the account.", spring=False
    )
    recovery_code_count: int = option("RECOVERY_CODE_COUNT", 10, "Recovery codes in one set.", spring=False)
    trusted_device_cookie_name: str = option(
        "TRUSTED_DEVICE_COOKIE_NAME",
        "authstate_trusted_device",
        "Cookie remembering a device that passed MFA.",
        spring=False,
    )
    factor_change_max_auth_age: timedelta = option(
        "FACTOR_CHANGE_MAX_AUTH_AGE_MS",
        900000,
        "Adding, replacing or removing a factor needs a login (or step-up) at most this old; "
        "with a factor enrolled it must also have passed MFA (0: no age limit).",
        unit=MS,
        spring=False,
    )
    totp_issuer: str | None = option(
        "TOTP_ISSUER", None, "Issuer authenticator apps list TOTP accounts under; None = the site's name.", spring=False
    )
    require_for_enrolled_users: bool = option(
        "REQUIRE_FOR_ENROLLED_USERS",
        True,
        "A user with a confirmed factor passes MFA on every flow, password-only flows included.",
        spring=False,
    )
    factors: tuple[str, ...] = option(
        "FACTORS", FACTORS, "Factor classes on offer, by import string, in order of preference.", spring=False
    )
    stores: tuple[str, ...] = option(
        "STORES", STORES, "MFA stores (classes or instances) the store keys may name.", spring=False
    )
    http_session: HttpSessionStoreSettings = group("HTTP_SESSION", "HTTP-session-backed MFA storage.")
    redis: RedisStoreSettings = group("REDIS", "Redis-backed MFA storage for distributed deployments.")
    memory: MemoryStoreSettings = group("MEMORY", "In-process MFA storage (one instance only).")
    sms_factor: SmsFactorSettings = group("SMS_FACTOR", "SMS code delivery.")
    email_factor: EmailFactorSettings = group("EMAIL_FACTOR", "Email code delivery through Django's email framework.")
