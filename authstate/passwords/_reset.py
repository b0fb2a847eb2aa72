"""Reset a forgotten password: a link by e-mail, then a new password (and a second factor).

``request_reset`` answers alike for known and unknown addresses: same body, the e-mail rendered
in the request but sent in the background (``mail``), padded to ``MFA.MINIMUM_DELAY_MS``, and
throttled per address and per client IP (``PASSWORD.RESET_*_LIMIT`` per ``THROTTLE.WINDOW``)
whether the address exists or not. ``confirm_reset`` checks the link, then the second factor
(``second_factor``), then sets the password: every login of the user ends, the account's lockout
is lifted, and the account's address is told.
"""

from __future__ import annotations

import time
import unicodedata
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import HttpRequest
from django.views.decorators.debug import sensitive_variables

from authstate import _lockout as lockout
from authstate import _throttling as throttling
from authstate import audit
from authstate._typing import User
from authstate.conf import auth_settings
from authstate.exceptions import InvalidResetLink, Throttled
from authstate.logins import _passwords as passwords
from authstate.logins import _records as records
from authstate.mfa._verification import pad
from authstate.passwords import _links as links
from authstate.passwords import _mail as mail
from authstate.passwords import _second_factor as second_factor
from authstate.passwords._validation import check_new_password

__all__ = ["RESET_EMAIL", "confirm_reset", "linked_user", "request_reset", "users_for"]


RESET_EMAIL = "authstate/password/reset_email.txt"


def request_reset(request: HttpRequest, email: str) -> None:
    """Send a reset link to every active account of ``email`` that has a password; say nothing."""
    started = time.monotonic()
    limits = auth_settings.password
    try:
        throttling.reserve_for(
            request, "password-reset", email, ip_limit=limits.reset_ip_limit, value_limit=limits.reset_address_limit
        )
    except Throttled:
        audit.record("password_reset_throttled", request=request)
        raise
    users = users_for(email)
    for user in users:
        _send_link(user, email)
    audit.record("password_reset_requested", request=request, user=users[0] if len(users) == 1 else None)
    pad(started)


def users_for(email: str) -> list[User]:
    """As Django's ``PasswordResetForm.get_users``: case-insensitive, active, usable password."""
    model = get_user_model()
    field = model.get_email_field_name()
    candidates = model._default_manager.filter(**{f"{field}__iexact": email, "is_active": True})
    return [u for u in candidates if u.has_usable_password() and _same(email, getattr(u, field))]


def _same(one: str, other: str) -> bool:
    return unicodedata.normalize("NFKC", one).casefold() == unicodedata.normalize("NFKC", other).casefold()


def _send_link(user: User, email: str) -> None:
    link = links.reset_link(user)
    if link is None:
        mail.logger.error("PASSWORD.RESET_BASE_URL is not set: no reset e-mail sent (authstate.E090)")
        return
    minutes = max(1, int(settings.PASSWORD_RESET_TIMEOUT) // 60)
    context = {"user": user, "reset_url": link, "valid_minutes": minutes, "valid_hours": minutes // 60}
    mail.send_later(RESET_EMAIL, context, email)


def linked_user(uid: object, token: object) -> User:
    """The user of a valid, unused, unexpired link, or ``invalid_reset_link``."""
    user = links.user_for(uid)
    if user is None or not links.is_valid(user, token):
        raise InvalidResetLink()
    return user


@sensitive_variables("payload", "new_password")
def confirm_reset(request: HttpRequest, payload: Mapping[str, Any]) -> dict[str, Any] | None:
    """``None`` once the password is set; a challenge when the payload only chose a factor."""
    try:
        user = linked_user(payload.get("uid"), payload.get("token"))
    except InvalidResetLink:
        audit.record("password_reset_failed", request=request, reason="invalid_reset_link")
        raise
    if second_factor.needs_code(user, payload):
        return second_factor.prove(request, user, payload)
    new_password = str(payload.get("new_password") or "")
    check_new_password(new_password, user)
    second_factor.prove(request, user, payload)
    _commit(user, payload.get("token"), new_password)
    lockout.unlock(user.get_username())
    audit.record("password_reset_completed", request=request, user=user)
    mail.notify_changed(user, how="reset")
    return None


@sensitive_variables("token", "new_password")
def _commit(user: User, token: object, new_password: str) -> None:
    """Under the user's row lock, so two requests with one link set the password once."""
    with transaction.atomic():
        locked = get_user_model()._default_manager.select_for_update().get(pk=user.pk)
        if not links.is_valid(locked, token):
            raise InvalidResetLink()
        records.revoke_all(locked, "password_reset")
        with passwords.keeping(None):
            locked.set_password(new_password)
            locked.save()
