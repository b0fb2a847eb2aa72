"""``manage.py authstate_logins list|revoke --user U [--all]``: see and end a user's logins.

``list`` shows active logins (``--all``: ended ones too); ``revoke`` ends the logins given with
``--id`` or, with ``--all``, every active login of the user, on every instance at once.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from authstate._typing import User
from authstate.logins import _listing as listing
from authstate.logins import _records as records
from authstate.management._output import add_format_argument, emit
from authstate.models import Login

__all__ = ["Command"]


class Command(BaseCommand):
    help = "List or revoke a user's logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["list", "revoke"])
        parser.add_argument("--user", required=True, help="Username.")
        parser.add_argument("--all", action="store_true", help="list: include ended logins; revoke: every login.")
        parser.add_argument("--id", action="append", default=[], dest="ids", help="Login id to revoke (repeatable).")
        add_format_argument(parser)

    def handle(self, *args: Any, action: str, user: str, all: bool, ids: list[str], **options: Any) -> None:
        target = _user(user)
        self.format = options["format"]
        if action == "list":
            self._list(target, include_ended=all)
        else:
            self._revoke(target, every=all, ids=ids)

    def _list(self, user: User, *, include_ended: bool) -> None:
        logins = Login.objects.filter(user_id=user.pk) if include_ended else listing.active_logins(user)
        rows = [_row(login) for login in logins]
        emit(self, self.format, {"logins": rows}, lambda: map(_line, rows))

    def _revoke(self, user: User, *, every: bool, ids: list[str]) -> None:
        if every == bool(ids):
            raise CommandError("revoke needs either --all or one or more --id")
        if every:
            revoked = records.revoke_all(user, "admin")
        else:
            logins = Login.objects.filter(user_id=user.pk, pk__in=ids)
            revoked = sum(records.revoke(login, "admin") for login in logins)
        emit(self, self.format, {"revoked": revoked}, lambda: [f"{revoked} login(s) revoked"])


def _row(login: Login) -> dict[str, Any]:
    status = login.revoked_reason or ("expired" if not login.is_active else "active")
    fields = ("flow", "state", "device_id", "ip_address", "last_seen_at")
    return {"id": login.pk, **{name: getattr(login, name) for name in fields}, "status": status}


def _line(row: dict[str, Any]) -> str:
    seen = row["last_seen_at"].isoformat(timespec="seconds")
    device = row["device_id"] or "-"
    return f"{row['id']}  {row['flow']}/{row['state']}  {device}  {row['ip_address']}  {seen}  {row['status']}"


def _user(username: str) -> User:
    model = get_user_model()
    try:
        return model._default_manager.get_by_natural_key(username)
    except model.DoesNotExist:
        raise CommandError(f"no user {username!r}") from None
