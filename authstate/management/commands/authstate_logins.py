"""``manage.py authstate_logins list|revoke --user U [--all]``: see and end a user's logins.

``list`` shows active logins (``--all``: ended ones too); ``revoke`` ends the logins given with
``--id`` or, with ``--all``, every active login of the user, on every instance at once.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from authstate.logins import listing, records
from authstate.models import Login
from authstate.typing import User


class Command(BaseCommand):
    help = "List or revoke a user's logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["list", "revoke"])
        parser.add_argument("--user", required=True, help="Username.")
        parser.add_argument("--all", action="store_true", help="list: include ended logins; revoke: every login.")
        parser.add_argument("--id", action="append", default=[], dest="ids", help="Login id to revoke (repeatable).")

    def handle(self, *args: Any, action: str, user: str, all: bool, ids: list[str], **options: Any) -> None:
        target = _user(user)
        if action == "list":
            self._list(target, include_ended=all)
        else:
            self._revoke(target, every=all, ids=ids)

    def _list(self, user: User, *, include_ended: bool) -> None:
        logins = Login.objects.filter(user=user) if include_ended else listing.active_logins(user)
        for login in logins:
            ended = login.revoked_reason or ("expired" if not login.is_active else "active")
            seen = login.last_seen_at.isoformat(timespec="seconds")
            device = login.device_id or "-"
            self.stdout.write(f"{login.pk}  {login.flow}/{login.state}  {device}  {login.ip_address}  {seen}  {ended}")

    def _revoke(self, user: User, *, every: bool, ids: list[str]) -> None:
        if every == bool(ids):
            raise CommandError("revoke needs either --all or one or more --id")
        if every:
            revoked = records.revoke_all(user, "admin")
        else:
            logins = Login.objects.filter(user=user, pk__in=ids)
            revoked = sum(records.revoke(login, "admin") for login in logins)
        self.stdout.write(f"{revoked} login(s) revoked")


def _user(username: str) -> User:
    model = get_user_model()
    try:
        return model._default_manager.get_by_natural_key(username)
    except model.DoesNotExist:
        raise CommandError(f"no user {username!r}") from None
