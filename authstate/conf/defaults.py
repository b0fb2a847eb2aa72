"""The ``spring.auth.*`` property tree as data: every key, its default and its unit.

Names are the Spring property names in UPPER_SNAKE_CASE, nested the same way
(``spring.auth.mfa.redis.key-prefix`` is ``AUTHSTATE["MFA"]["REDIS"]["KEY_PREFIX"]``). Units stay
as Spring declares them: ``*_MS`` and the untagged validity/timeout values are milliseconds.
Options marked ``spring=False`` are authstate's additions; they are listed after the Spring ones
of their block.
"""

from __future__ import annotations

from authstate.conf.enums import (
    FactorSelectionType,
    SameSite,
    StateType,
    StorageType,
    TokenIssuer,
    TokenTransportType,
    UserVerification,
)
from authstate.conf.schema import Group, Option

__all__ = ["MFA", "MS", "PUBLISHED_CLIENT_SECRET", "ROOT"]


#: The secret published in the Spring documentation. Never acceptable outside ``DEBUG``.
PUBLISHED_CLIENT_SECRET = "173f8245-5f7d-4623-a612-aa0c68f6da4a"

MS = "ms"
SECONDS = "s"
MINUTES = "min"

OAUTH2 = Group(
    "OAUTH2",
    "The built-in authorization server and its default client.",
    (
        Option("CLIENT_ID", "default-client", str, "OAuth2 client ID."),
        Option("CLIENT_SECRET", PUBLISHED_CLIENT_SECRET, str, "Client secret (refused unless DEBUG).", secret=True),
        Option("ISSUER_URI", "http://localhost:9000", str, "Token issuer URI (the `iss` claim)."),
        Option("TOKEN_ENDPOINT", "/oauth2/token", str, "Authorization Server token endpoint."),
        Option("SCOPE", "read", str, "Default requested scope."),
        Option("REDIRECT_URI", "http://localhost:8080", str, "Client redirect URI."),
        Option("AUTHORIZED_URI", None, str, "Optional pre-authorized redirect URI.", nullable=True),
        Option("JWK_KEY_STORE_PATH", None, str, "JWK keystore path (PEM or PKCS#12).", nullable=True),
        Option("JWK_KEY_STORE_PASSWORD", None, str, "Keystore password.", nullable=True, secret=True),
        Option("JWK_KEY_ALIAS", None, str, "Key alias (friendly name of the PKCS#12 key entry).", nullable=True),
        Option("JWK_KEY_PASSWORD", None, str, "Key password.", nullable=True, secret=True),
        Option(
            "CLIENT_SCOPES",
            "openid profile email",
            str,
            "Scopes the settings client may ask for besides SCOPE.",
            spring=False,
        ),
        Option("AUDIENCE", [], list[str], "Extra `aud` values of access tokens (resource servers).", spring=False),
        Option("LOGIN_TICKETS", False, bool, "Add a login_ticket to every JSON login completion.", spring=False),
        Option("LOGIN_TICKET_VALIDITY", 60000, int, "Login ticket validity.", unit=MS, spring=False),
        Option(
            "ACCOUNT_SCOPE",
            "authstate.account",
            str,
            "Scope a client's token needs to reach authstate's own account endpoints.",
            spring=False,
        ),
    ),
)

HTTP_SESSION = Group(
    "HTTP_SESSION",
    "HTTP-session-backed MFA storage.",
    (
        Option("ENABLED", True, bool, "Allow the http-session MFA store."),
        Option("SESSION_ATTRIBUTE_NAME", "MFA_SESSION_ID", str, "Session key holding the MFA record."),
    ),
)

REDIS = Group(
    "REDIS",
    "Redis-backed MFA storage for distributed deployments.",
    (
        Option("KEY_PREFIX", "mfa:session:", str, "Prefix of MFA record keys."),
        Option("COOKIE_NAME", "MFA_SID", str, "Cookie carrying the MFA record id for HTML flows."),
        Option("SAME_SITE", SameSite.STRICT, SameSite, "SameSite of the MFA cookie."),
        Option("ENABLED", True, bool, "Allow the redis MFA store.", spring=False),
        Option("CACHE_ALIAS", "default", str, "Django cache alias (django-redis) used.", spring=False),
    ),
)

MEMORY = Group(
    "MEMORY",
    "In-process MFA storage (one instance only).",
    (
        Option("CLEANUP_INTERVAL_MINUTES", 5, int, "Expired-record sweep interval.", unit=MINUTES),
        Option("MAX_SESSIONS", 10000, int, "Most pending MFA records held; oldest evicted."),
        Option("ENABLED", True, bool, "Allow the memory MFA store.", spring=False),
    ),
)

SMS_FACTOR = Group(
    "SMS_FACTOR",
    "SMS code delivery.",
    (
        Option("PROVIDER", "default", str, "Gateway: `default`, `console`, `outbox` or an import string."),
        Option("TEMPLATE_ID", "mfa_sms_template", str, "Template rendering the SMS text."),
        Option("ENABLED", True, bool, "Offer the SMS factor."),
        Option(
            "ALLOWED_PREFIXES",
            [],
            list[str],
            "E.164 prefixes (`+1`, `+44`) SMS codes may be sent to; empty = any number.",
            spring=False,
        ),
        Option("DAILY_LIMIT", 10, int, "SMS codes one account may be sent per UTC day (0 = no cap).", spring=False),
    ),
)

EMAIL_FACTOR = Group(
    "EMAIL_FACTOR",
    "Email code delivery through Django's email framework.",
    (
        Option("FROM_ADDRESS", "noreply@company.com", str, "Sender address."),
        Option("TEMPLATE_ID", "mfa_email_template", str, "Template rendering the email."),
        Option("ENABLED", True, bool, "Offer the email factor."),
    ),
)

MFA = Group(
    "MFA",
    "Multi-factor authentication.",
    (
        Option(
            "SESSION_TIMEOUT_MS",
            600000,
            int,
            "Life of a pending MFA attempt after the password, however active.",
            unit=MS,
        ),
        Option("CHALLENGE_TIMEOUT_MS", 300000, int, "Time to answer a challenge after selecting a factor.", unit=MS),
        Option(
            "INACTIVITY_TIMEOUT",
            900000,
            int,
            "A pending MFA attempt dies after this long without a step.",
            unit=MS,
        ),
        Option(
            "CACHE_TTL",
            300000,
            int,
            "How long an ended MFA attempt is remembered, so a replayed token gets the precise error.",
            unit=MS,
        ),
        Option(
            "SESSION_REFRESH_INTERVAL_MS",
            30000,
            int,
            "Page views write the attempt back (sliding inactivity) at most this often.",
            unit=MS,
        ),
        Option(
            "STATE_MACHINE_TIMEOUT_MS",
            10000,
            int,
            "Bound on one step that calls out (an email or SMS delivery).",
            unit=MS,
        ),
        Option("MAX_RETRY_ATTEMPTS", 5, int, "Wrong codes that end one MFA attempt (423 mfa_locked)."),
        Option(
            "ACCOUNT_LOCKOUT_DURATION_MS",
            900000,
            int,
            "How long repeated failures lock the account (423 account_locked).",
            unit=MS,
        ),
        Option("MINIMUM_DELAY_MS", 500, int, "Every failed password or code answer takes at least this long.", unit=MS),
        Option("OTP_TOKEN_VALIDITY_SECONDS", 300, int, "Validity of an emailed or texted code.", unit=SECONDS),
        Option("OTP_TOKEN_LENGTH", 6, int, "Digits of email and SMS codes; TOTP uses it when 6 or 8."),
        Option(
            "SMS_RESEND_INTERVAL_SECONDS",
            60,
            int,
            "Minimum interval between two SMS codes (429 + retry_after).",
            unit=SECONDS,
        ),
        Option(
            "EMAIL_RESEND_INTERVAL_SECONDS",
            120,
            int,
            "Minimum interval between two email codes (429 + retry_after).",
            unit=SECONDS,
        ),
        Option(
            "DEVICE_REMEMBER_DURATION_MS",
            2592000000,
            int,
            "Validity of the remember-this-device cookie (0: never remember).",
            unit=MS,
        ),
        Option("STATE_MACHINE_POOL_SIZE", 100, int, "Code deliveries one process runs at once; more are refused."),
        Option(
            "STATE_MACHINE_CACHE_TTL_MS",
            300000,
            int,
            "Time to confirm a started enrollment (TOTP secret, confirmation code).",
            unit=MS,
        ),
        Option(
            "CIRCUIT_BREAKER_FAILURE_THRESHOLD",
            5,
            int,
            "Consecutive delivery failures that open a sender's breaker.",
        ),
        Option(
            "CIRCUIT_BREAKER_TIMEOUT_SECONDS",
            30,
            int,
            "How long an open breaker offers the factor as unavailable.",
            unit=SECONDS,
        ),
        Option(
            "DETAILED_LOGGING_ENABLED",
            False,
            bool,
            "DEBUG log lines with the detail of each audit event (never secrets).",
        ),
        Option("METRICS_ENABLED", True, bool, "Count audit events in process and send the audit_event signal."),
        Option("AUDIT_LOGGING_ENABLED", True, bool, "Write audit events to the database and the authstate.audit log."),
        Option("SESSION_STORAGE_TYPE", StorageType.HTTP_SESSION, StorageType, "Preferred MFA store."),
        Option("AUTO_SELECT_REPOSITORY", False, bool, "Pick the first usable store by priority."),
        Option(
            "REPOSITORY_PRIORITY",
            [StorageType.REDIS, StorageType.MEMORY, StorageType.HTTP_SESSION],
            list[StorageType],
            "Store selection priority order.",
        ),
        Option("FALLBACK_REPOSITORY_TYPE", StorageType.HTTP_SESSION, StorageType, "Fallback store type."),
        Option(
            "ACCOUNT_LOCKOUT_THRESHOLD",
            10,
            int,
            "Consecutive password or code failures that lock the account.",
            spring=False,
        ),
        Option("RECOVERY_CODE_COUNT", 10, int, "Recovery codes in one set.", spring=False),
        Option(
            "TRUSTED_DEVICE_COOKIE_NAME",
            "authstate_trusted_device",
            str,
            "Cookie remembering a device that passed MFA.",
            spring=False,
        ),
        Option(
            "FACTOR_CHANGE_MAX_AUTH_AGE_MS",
            900000,
            int,
            "Adding, replacing or removing a factor needs a login (or step-up) at most this old; "
            "with a factor enrolled it must also have passed MFA (0: no age limit).",
            unit=MS,
            spring=False,
        ),
        Option(
            "TOTP_ISSUER",
            None,
            str,
            "Issuer authenticator apps list TOTP accounts under; None = the site's name.",
            nullable=True,
            spring=False,
        ),
        Option(
            "REQUIRE_FOR_ENROLLED_USERS",
            True,
            bool,
            "A user with a confirmed factor passes MFA on every flow, password-only flows included.",
            spring=False,
        ),
        HTTP_SESSION,
        REDIS,
        MEMORY,
        SMS_FACTOR,
        EMAIL_FACTOR,
    ),
)

PASSKEY = Group(
    "PASSKEY",
    "Passkeys (WebAuthn): as a second factor and as a passwordless primary login.",
    (
        Option("ENABLED", True, bool, "Offer passkeys (needs the `webauthn` extra).", spring=False),
        Option(
            "RP_ID",
            None,
            str,
            "Relying party id (a registrable domain); None = the request's host.",
            nullable=True,
            spring=False,
        ),
        Option("RP_NAME", "authstate", str, "Relying party name shown by the authenticator.", spring=False),
        Option(
            "ALLOWED_ORIGINS",
            [],
            list[str],
            "Origins accepted in clientDataJSON; empty = only the request's own origin.",
            spring=False,
        ),
        Option(
            "USER_VERIFICATION",
            UserVerification.PREFERRED,
            UserVerification,
            "User verification asked for registration and as a second factor.",
            spring=False,
        ),
        Option(
            "PASSWORDLESS_USER_VERIFICATION",
            UserVerification.REQUIRED,
            UserVerification,
            "User verification asked when a passkey replaces the password.",
            spring=False,
        ),
        Option("PASSWORDLESS_ENABLED", True, bool, "Offer passwordless login on form flows.", spring=False),
        Option("TIMEOUT_MS", 120000, int, "Ceremony timeout, also the life of a challenge.", unit=MS, spring=False),
    ),
    spring=False,
)

METRICS = Group(
    "METRICS",
    "authstate's Prometheus endpoint (counting itself follows MFA.METRICS_ENABLED).",
    (
        Option("ENDPOINT_ENABLED", False, bool, "Serve the metrics URL; it answers 404 while off.", spring=False),
        Option(
            "BEARER_TOKEN",
            None,
            str,
            "Secret a scraper sends as `Authorization: Bearer <token>`.",
            nullable=True,
            spring=False,
            secret=True,
        ),
        Option("ALLOW_STAFF", True, bool, "Also admit logged-in staff users (to look in a browser).", spring=False),
    ),
    spring=False,
)

THROTTLE = Group(
    "THROTTLE",
    "Failed primary logins counted per client IP and per username; over the limit: 429 + Retry-After.",
    (
        Option("ENABLED", True, bool, "Throttle primary logins.", spring=False),
        Option(
            "IP_FAILURES",
            50,
            int,
            "Failed logins from one client IP per window before 429 (0 = no IP limit).",
            spring=False,
        ),
        Option(
            "ACCOUNT_FAILURES",
            20,
            int,
            "Failed logins of one username per window before 429 (0 = no limit); a backstop to lockout.",
            spring=False,
        ),
        Option("WINDOW", 300000, int, "Length of one counting window.", unit=MS, spring=False),
    ),
    spring=False,
)

PASSWORD = Group(
    "PASSWORD",
    "Password change and reset (the pages and endpoints a registry mounts with `.passwords()`).",
    (
        Option(
            "RESET_BASE_URL",
            None,
            str,
            "Scheme and host reset e-mails link to (`https://accounts.example.com`); never taken from "
            "the request's Host header. Unset: no reset e-mail is sent (check authstate.E090).",
            nullable=True,
            spring=False,
        ),
        Option(
            "RESET_ADDRESS_LIMIT",
            3,
            int,
            "Reset requests for one e-mail address per THROTTLE.WINDOW before 429 (0 = no limit).",
            spring=False,
        ),
        Option(
            "RESET_IP_LIMIT",
            20,
            int,
            "Reset requests from one client IP per THROTTLE.WINDOW before 429 (0 = no limit).",
            spring=False,
        ),
        Option(
            "FROM_ADDRESS",
            None,
            str,
            "Sender of password e-mails; None = DEFAULT_FROM_EMAIL.",
            nullable=True,
            spring=False,
        ),
        Option(
            "NOTIFY_ON_CHANGE",
            True,
            bool,
            "E-mail the account's address when its password was changed or reset.",
            spring=False,
        ),
    ),
    spring=False,
)

ROOT = Group(
    "",
    "spring.auth.*",
    (
        Option("STATE_TYPE", StateType.OAUTH2, StateType, "State kept after login when a flow names none."),
        Option("TOKEN_TRANSPORT_TYPE", TokenTransportType.HEADER, TokenTransportType, "Token transport."),
        Option("TOKEN_ISSUER", TokenIssuer.INTERNAL, TokenIssuer, "Who signs tokens."),
        Option("FACTOR_SELECTION_TYPE", FactorSelectionType.SELECT, FactorSelectionType, "MFA factor selection."),
        Option("ACCESS_TOKEN_VALIDITY", 3600000, int, "Access token validity period.", unit=MS),
        Option("REFRESH_TOKEN_VALIDITY", 604800000, int, "Refresh token validity period.", unit=MS),
        Option("REFRESH_ROTATE_THRESHOLD", 43200000, int, "Rotate refresh tokens with less life left.", unit=MS),
        Option("ENABLE_REFRESH_TOKEN", True, bool, "Issue refresh tokens."),
        Option("ALLOW_MULTIPLE_LOGINS", False, bool, "Allow concurrent logins of one user."),
        Option("MAX_CONCURRENT_LOGINS", 3, int, "Maximum concurrent logins of one user."),
        Option("COOKIE_SECURE", True, bool, "Secure flag of token cookies."),
        Option("TOKEN_PERSISTENCE", "memory", str, "Token persistence offered to pages and the JS client."),
        Option("TOKEN_PREFIX", "Bearer ", str, "Authorization header prefix."),
        Option("ROLES_CLAIM", "roles", str, "JWT roles claim."),
        Option("SCOPES_CLAIM", "scopes", str, "JWT scopes claim."),
        Option("OAUTH2_CSRF", False, bool, "Require CSRF tokens when tokens travel in cookies."),
        Option("ACCESS_COOKIE_NAME", "authstate_access", str, "Cookie carrying the access token.", spring=False),
        Option("REFRESH_COOKIE_NAME", "authstate_refresh", str, "Cookie carrying the refresh token.", spring=False),
        Option("COOKIE_SAME_SITE", SameSite.STRICT, SameSite, "SameSite of token cookies.", spring=False),
        Option("CACHE_ALIAS", "default", str, "Django cache holding login activity and revocations.", spring=False),
        Option(
            "REFRESH_COOKIE_PATHS",
            [],
            list[str],
            "Paths the refresh cookie is sent to; empty means authstate's refresh and logout URLs.",
            spring=False,
        ),
        Option(
            "REFRESH_REUSE_GRACE",
            10000,
            int,
            "How long a just-rotated refresh token is still accepted (two tabs refreshing at once).",
            unit=MS,
            spring=False,
        ),
        Option(
            "MAX_LOGINS_PREVENTS_LOGIN",
            False,
            bool,
            "At the login limit, refuse the new login instead of ending the oldest.",
            spring=False,
        ),
        Option(
            "REVOKED_LOGIN_RETENTION",
            86400000,
            int,
            "How long `authstate_cleanup` keeps revoked login records (expired ones go at once).",
            unit=MS,
            spring=False,
        ),
        Option(
            "AUDIT_RETENTION",
            7776000000,
            int,
            "How long `authstate_cleanup` keeps audit events (90 days).",
            unit=MS,
            spring=False,
        ),
        Option(
            "LAST_SEEN_INTERVAL",
            60000,
            int,
            "How often a token login's last-seen time is written.",
            unit=MS,
            spring=False,
        ),
        Option(
            "FLOWS",
            [],
            list[dict],  # type: ignore[type-arg]  # a runtime schema value: the loader checks items are dicts
            "Flows mounted by include('authstate.urls'), as the registry DSL declares them (API.md).",
            spring=False,
        ),
        Option(
            "LOCAL_ACTIVITY_CACHE_SIZE",
            10000,
            int,
            "Login activity entries each process keeps in memory, invalidated through Redis pub/sub "
            "(django-redis caches only; 0 reads Redis on every request).",
            spring=False,
        ),
        Option(
            "LOGIN_STAGES",
            ["authstate.mfa.stages.MfaStage"],
            list[str],
            "Stages every login passes after the password, in order (import paths).",
            spring=False,
        ),
        Option(
            "TRUSTED_PROXIES",
            [],
            list[str],
            "Proxy addresses or CIDR networks (172.28.0.0/16) whose X-Forwarded-For is believed for the client IP.",
            spring=False,
        ),
        OAUTH2,
        MFA,
        METRICS,
        PASSKEY,
        THROTTLE,
        PASSWORD,
    ),
)
