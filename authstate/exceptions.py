"""Domain errors with stable codes. HTTP statuses are assigned at the boundary (``authstate._http``)."""

from __future__ import annotations

from typing import Any

from authstate._translation import gettext_lazy as _

__all__ = [
    "AccountLocked",
    "AuthStateError",
    "ChallengeExpired",
    "CodeAlreadyUsed",
    "CsrfFailed",
    "FactorUnavailable",
    "FlowUnavailable",
    "InsufficientScope",
    "InvalidCode",
    "InvalidCredentials",
    "InvalidPasskey",
    "InvalidRequest",
    "InvalidResetLink",
    "InvalidToken",
    "LoginLimitReached",
    "LoginRevoked",
    "MfaExpired",
    "MfaLocked",
    "MfaNotEnrolled",
    "NotAuthenticated",
    "NotFound",
    "PasskeyExists",
    "PasskeyRejected",
    "PermissionDenied",
    "ReauthenticationRequired",
    "RefreshDisabled",
    "ResendTooSoon",
    "ServiceUnavailable",
    "StrongerLoginRequired",
    "Throttled",
    "TokenExpired",
    "TokenReused",
]


class AuthStateError(Exception):
    """Base class: ``code`` is stable snake_case for clients; ``message`` is for people."""

    code = "error"
    message = _("The request could not be completed.")

    def __init__(self, message: str | None = None, **extra: Any) -> None:
        super().__init__(message or self.message)
        self.message = message or self.message
        self.extra = extra


class InvalidRequest(AuthStateError):
    code = "invalid_request"
    message = _("The request is malformed.")


class InvalidCredentials(AuthStateError):
    code = "invalid_credentials"
    message = _("The username or password is incorrect.")


class NotAuthenticated(AuthStateError):
    code = "not_authenticated"
    message = _("Authentication credentials were not provided.")


class InvalidToken(AuthStateError):
    code = "invalid_token"
    message = _("The token is invalid.")


class TokenExpired(InvalidToken):
    code = "token_expired"
    message = _("The token has expired.")


class LoginRevoked(InvalidToken):
    code = "login_revoked"
    message = _("This login has ended; sign in again.")


class PermissionDenied(AuthStateError):
    code = "permission_denied"
    message = _("You do not have permission to perform this action.")


class FlowUnavailable(AuthStateError):
    code = "flow_unavailable"
    message = _("This login flow is not available.")


class InvalidCode(AuthStateError):
    code = "invalid_code"
    message = _("The code is incorrect.")


class CodeAlreadyUsed(InvalidCode):
    """A right code that was already used once (TOTP's replay guard): wait for the next one."""

    code = "code_already_used"
    message = _("This code was already used; wait for the next code from your app.")


class MfaExpired(AuthStateError):
    code = "mfa_expired"
    message = _("This sign-in attempt has expired; start again.")


class MfaLocked(AuthStateError):
    code = "mfa_locked"
    message = _("Too many incorrect codes; start the sign-in again.")


class AccountLocked(AuthStateError):
    code = "account_locked"
    message = _("This account is temporarily locked after repeated failures.")


class ResendTooSoon(AuthStateError):
    code = "resend_too_soon"
    message = _("A code was sent recently; wait before asking for another.")


class FactorUnavailable(AuthStateError):
    code = "factor_unavailable"
    message = _("This verification method is not available right now.")


class NotFound(AuthStateError):
    code = "not_found"
    message = _("Not found.")


class TokenReused(InvalidToken):
    code = "token_reused"
    message = _("This refresh token was already used; the login has been ended.")


class RefreshDisabled(AuthStateError):
    code = "refresh_disabled"
    message = _("Refresh tokens are not enabled.")


class LoginLimitReached(AuthStateError):
    code = "login_limit_reached"
    message = _("The maximum number of concurrent logins has been reached.")


class CsrfFailed(AuthStateError):
    code = "csrf_failed"
    message = _("CSRF verification failed.")


class InvalidPasskey(AuthStateError):
    code = "invalid_passkey"
    message = _("The passkey could not be verified.")


class PasskeyRejected(AuthStateError):
    code = "passkey_rejected"
    message = _("The passkey could not be registered; try again.")


class PasskeyExists(AuthStateError):
    code = "passkey_exists"
    message = _("This passkey is already registered.")


class ChallengeExpired(AuthStateError):
    code = "challenge_expired"
    message = _("The code has expired; ask for a new one.")


class MfaNotEnrolled(AuthStateError):
    code = "mfa_not_enrolled"
    message = _("This account has no second factor set up.")


class Throttled(AuthStateError):
    code = "throttled"
    message = _("Too many failed sign-in attempts; wait before trying again.")


class ReauthenticationRequired(AuthStateError):
    code = "reauthentication_required"
    message = _("Confirm it is you (password or a second factor) to continue: your sign-in is too old for this.")


class StrongerLoginRequired(AuthStateError):
    """The action needs a login that passed MFA (``amr`` has ``mfa``); step up to continue."""

    code = "mfa_required"
    message = _("This action needs a sign-in with your second factor; verify it to continue.")


class InsufficientScope(AuthStateError):
    """A client's token lacks the scope that grants authstate's own account endpoints."""

    code = "insufficient_scope"
    message = _("This token's scope does not allow managing the account.")


class ServiceUnavailable(AuthStateError):
    """A backend (the database) failed for a moment: retry, nothing is wrong with the request."""

    code = "service_unavailable"
    message = _("The service is briefly unavailable; retry shortly.")

    def __init__(self, message: str | None = None, retry_after: int = 5, **extra: Any) -> None:
        super().__init__(message, retry_after=retry_after, **extra)


class InvalidResetLink(AuthStateError):
    """A password-reset link that is malformed, already used, or older than ``PASSWORD_RESET_TIMEOUT``."""

    code = "invalid_reset_link"
    message = _("This password-reset link is invalid, used or expired; ask for a new one.")
