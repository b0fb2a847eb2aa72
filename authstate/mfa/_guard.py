"""The one guard of factor management: adding, replacing or removing any factor.

Every view that changes a user's factors (enrollment, recovery codes, passkeys, removal, the
e-mail address or phone number of a code factor) goes through ``ensure_factor_change_allowed``;
``tests/security/test_factor_guard.py`` walks the URL resolver to prove it. The rule:

* a user with no factor yet (bootstrap): any login proven at most
  ``MFA.FACTOR_CHANGE_MAX_AUTH_AGE_MS`` ago;
* a user with a factor: a login whose ``amr`` has ``mfa``, proven within that window;
* a client's token (authorization server): only with ``OAUTH2.ACCOUNT_SCOPE``.

A password alone therefore never rewrites the factors of an MFA account; the user steps up at
``/api/reauthenticate`` (or ``/reauthenticate``) and comes back.
"""

from __future__ import annotations

from dataclasses import replace

from authstate import assurance
from authstate._typing import User
from authstate.conf import auth_settings
from authstate.mfa import _factors as factors
from authstate.models import Login
from authstate.state._base import LoginContext

__all__ = ["current", "ensure_factor_change_allowed"]


def ensure_factor_change_allowed(user: User, context: LoginContext) -> None:
    assurance.require_account_scope(context)
    window = auth_settings.mfa.factor_change_max_auth_age
    max_age = window.total_seconds() if window else None
    assurance.require(current(context), mfa=bool(factors.has_any(user)), max_age=max_age)


def current(context: LoginContext) -> LoginContext:
    """The login row's assurance, authoritative over a token's claims (issued before a step-up or
    an enrollment raised it); read only on this rare path, never per request."""
    if not context.login_id:
        return context
    row = Login.objects.filter(pk=context.login_id).values("amr", "auth_time").first()
    if row is None:
        return context
    return replace(context, amr=tuple(row["amr"]), auth_time=int(row["auth_time"].timestamp()))
