"""Multi-factor authentication: use-cases (``service``), the state machine, policy and stores;
its HTTP edge is ``views`` (HTML pages and JSON API over the same service calls), mounted by
``urls``. Nothing else in this package imports those two.

Where each ``spring.auth.mfa.*`` key takes effect (defaults and units in ``conf/defaults.py``):

==================================  ===========================================================
key                                 meaning here
==================================  ===========================================================
SESSION_TIMEOUT_MS                  absolute life of a pending attempt (``pending.Pending``)
INACTIVITY_TIMEOUT                  the attempt dies this long after its last step
SESSION_REFRESH_INTERVAL_MS         page views write the attempt back at most this often
CHALLENGE_TIMEOUT_MS                time to answer after selecting a factor (``challenge_expired``)
CACHE_TTL                           ended attempts kept as tombstones (``records.bury``)
STATE_MACHINE_TIMEOUT_MS            bound on one delivery step (``factors.delivery``)
STATE_MACHINE_POOL_SIZE             deliveries one process runs at once (``factors.delivery``)
STATE_MACHINE_CACHE_TTL_MS          time to confirm a started enrollment (``enrollment``)
MAX_RETRY_ATTEMPTS                  wrong answers per attempt (``verification``), and per enrollment
ACCOUNT_LOCKOUT_DURATION_MS         lock length after ``ACCOUNT_LOCKOUT_THRESHOLD`` failures
MINIMUM_DELAY_MS                    floor on every failed code answer (``verification.pad``)
OTP_TOKEN_LENGTH / _VALIDITY_SECS   email/SMS codes (``factors.codes``); TOTP digits when 6 or 8
SMS_/EMAIL_RESEND_INTERVAL_SECONDS  ``429 resend_too_soon`` (``factors.codes``)
DEVICE_REMEMBER_DURATION_MS         the trusted-device cookie (``trusted``)
CIRCUIT_BREAKER_*                   per-sender breaker (``factors.breaker``)
AUDIT/DETAILED_LOGGING/METRICS_*    ``authstate.audit``
SESSION_STORAGE_TYPE, AUTO_SELECT_  ``stores`` (selection and per-operation fallback)
REPOSITORY, REPOSITORY_PRIORITY,
FALLBACK_REPOSITORY_TYPE
HTTP_SESSION.*, REDIS.*, MEMORY.*   the stores themselves; ``carrier`` for the cookie/attribute
SMS_FACTOR.*, EMAIL_FACTOR.*        ``factors.sms`` and ``factors.email``
==================================  ===========================================================

``tests/mfa`` holds, for every key, a test that fails if the key is ignored.
"""

__all__ = []
