"""``manage.py authstate_mfa status|reset|unlock|recovery-codes USERNAME``.

``status`` lists the user's factors and any lockout; ``reset`` removes every factor (the user
enrolls again; remembered devices become void); ``unlock`` lifts an account lockout (it also
works for a username with no account, since lockouts are per username); ``recovery-codes``
prints a new set, replacing the old one.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from authstate import _lockout as lockout
from authstate import audit
from authstate._typing import User
from authstate.factors.recovery import replace_codes
from authstate.management._output import add_format_argument, emit
from authstate.mfa import _enrollment as enrollment
from authstate.models import AccountLockout

__all__ = ["Command"]


class Command(BaseCommand):
    help = "Inspect or repair a user's multi-factor authentication."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["status", "reset", "unlock", "recovery-codes"])
        parser.add_argument("username")
        add_format_argument(parser)

    def handle(self, *args: Any, action: str, username: str, **options: Any) -> None:
        self.format = options["format"]
        if action == "unlock":
            done = lockout.unlock(username)
            text = f"{username}: {'unlocked' if done else 'was not locked'}"
            emit(self, self.format, {"username": username, "unlocked": done}, lambda: [text])
            return
        user = _user(username)
        if action == "status":
            self._status(user)
        elif action == "reset":
            self._reset(user)
        else:
            codes = replace_codes(user)
            audit.record("mfa_factor_added", user=user, factor="recovery", by="command")
            emit(self, self.format, {"username": username, "codes": codes}, lambda: codes)

    def _status(self, user: User) -> None:
        devices = enrollment.listing(user)
        locked = AccountLockout.objects.filter(username=lockout.normalise(user.get_username())).first()
        until = locked.locked_until if locked and locked.is_active else None
        state = f"locked until {until.isoformat(timespec='seconds')}" if until else "not locked"
        lines = [f"{d['id']}\t{d['factor']}\t{d['label']}" for d in devices] + [f"account: {state}"]
        data = {"username": user.get_username(), "factors": devices, "locked_until": until}
        emit(self, self.format, data, lambda: lines)

    def _reset(self, user: User) -> None:
        removed = 0
        for device in enrollment.listing(user):
            enrollment.remove(None, user, device["id"])
            removed += 1
        text = f"{user.get_username()}: {removed} factor(s) removed"
        emit(self, self.format, {"username": user.get_username(), "removed": removed}, lambda: [text])


def _user(username: str) -> User:
    try:
        return get_user_model()._default_manager.get_by_natural_key(username)
    except get_user_model().DoesNotExist:
        raise CommandError(f"no user {username!r}") from None
