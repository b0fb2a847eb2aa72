"""Signals authstate sends, named in the past tense like Django's own."""

from django.dispatch import Signal

__all__ = [
    "account_locked",
    "audit_event",
    "login_failed",
    "login_revoked",
    "login_succeeded",
    "mfa_challenged",
    "mfa_factor_verified",
    "mfa_factors_changed",
    "mfa_failed",
]


#: ``login``, ``request``, ``user``: a login completed into its flow's state.
login_succeeded = Signal()
#: ``request``, ``username``, ``code``: a primary login attempt failed.
login_failed = Signal()
#: ``login``, ``reason``: a login was revoked (logout, eviction, admin, password change).
login_revoked = Signal()
#: ``request``, ``user``, ``flow``, ``factor``: a second factor was proven during a login.
mfa_factor_verified = Signal()
#: ``request``, ``user``, ``flow``, ``factor``, ``attempts_left``: a wrong code or credential.
mfa_failed = Signal()
#: ``request``, ``user``, ``flow``, ``factor``, ``status``: a challenge was issued (sent or ready).
mfa_challenged = Signal()
#: ``username``, ``until``: repeated failures locked an account (``ACCOUNT_LOCKOUT_DURATION_MS``).
account_locked = Signal()
#: ``user``, ``factor``, ``action`` ("added" | "removed"): the user's factors changed.
mfa_factors_changed = Signal()
#: ``event``, ``labels``: every audit event, counted when ``METRICS_ENABLED`` (see ``authstate.audit``).
audit_event = Signal()
