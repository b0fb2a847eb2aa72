"""Signals authstate sends, named in the past tense like Django's own."""

from django.dispatch import Signal

#: ``login``, ``request``, ``user``: a login completed into its flow's state.
login_succeeded = Signal()
#: ``request``, ``username``, ``code``: a primary login attempt failed.
login_failed = Signal()
#: ``login``, ``reason``: a login was revoked (logout, eviction, admin, password change).
login_revoked = Signal()
