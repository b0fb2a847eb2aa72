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

from authstate import audit
from authstate.factors.recovery import replace_codes
from authstate.mfa import enrollment, lockout
from authstate.models import AccountLockout
from authstate.typing import User


class Command(BaseCommand):
    help = "Inspect or repair a user's multi-factor authentication."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["status", "reset", "unlock", "recovery-codes"])
        parser.add_argument("username")

    def handle(self, *args: Any, action: str, username: str, **options: Any) -> None:
        if action == "unlock":
            done = lockout.unlock(username)
            self.stdout.write(f"{username}: {'unlocked' if done else 'was not locked'}")
            return
        user = _user(username)
        if action == "status":
            self._status(user)
        elif action == "reset":
            self._reset(user)
        else:
            self.stdout.write("\n".join(replace_codes(user)))
            audit.record("mfa_factor_added", user=user, factor="recovery", by="command")

    def _status(self, user: User) -> None:
        for device in enrollment.listing(user):
            self.stdout.write(f"{device['id']}\t{device['factor']}\t{device['label']}")
        locked = AccountLockout.objects.filter(username=lockout.normalise(user.get_username())).first()
        state = (
            f"locked until {locked.locked_until.isoformat(timespec='seconds')}"
            if locked and locked.is_active
            else "not locked"
        )
        self.stdout.write(f"account: {state}")

    def _reset(self, user: User) -> None:
        removed = 0
        for device in enrollment.listing(user):
            enrollment.remove(None, user, device["id"])
            removed += 1
        self.stdout.write(f"{user.get_username()}: {removed} factor(s) removed")


def _user(username: str) -> User:
    try:
        return get_user_model()._default_manager.get_by_natural_key(username)
    except get_user_model().DoesNotExist:
        raise CommandError(f"no user {username!r}") from None
