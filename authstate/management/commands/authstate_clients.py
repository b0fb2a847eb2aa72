"""``manage.py authstate_clients create|list|rotate-secret|delete``: OAuth2 clients of the token endpoint.

A new or rotated secret is printed once; only its hash is stored. The settings client
(``OAUTH2.CLIENT_ID``) is managed by ``migrate`` from settings: rotate it by changing the setting.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from authstate.management._output import add_format_argument, emit
from authstate.models import OAuth2Client
from authstate.models.oauth2 import GRANT_TYPES
from authstate.oauth2._clients import new_secret

__all__ = ["Command"]


class Command(BaseCommand):
    help = "Create, list, rotate the secret of, or delete OAuth2 clients."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["create", "list", "rotate-secret", "delete"])
        parser.add_argument("client_id", nargs="?", help="The client id (not for list).")
        parser.add_argument("--name", default="", help="create: a display name.")
        parser.add_argument("--scopes", default="read", help="create: allowed scopes, space separated.")
        parser.add_argument("--default-scopes", default="", help="create: scopes granted when none are asked.")
        parser.add_argument(
            "--grant", action="append", choices=GRANT_TYPES, dest="grants", help="create: allowed grant (repeatable)."
        )
        parser.add_argument("--redirect-uri", action="append", default=[], dest="redirect_uris")
        parser.add_argument("--access-token-validity-ms", type=int, help="create: shorter access-token validity.")
        parser.add_argument("--refresh-token-validity-ms", type=int, help="create: shorter refresh-token validity.")
        add_format_argument(parser)

    def handle(self, *args: Any, action: str, client_id: str | None, **options: Any) -> None:
        self.format = options["format"]
        if action == "list":
            return self._list()
        if not client_id:
            raise CommandError(f"{action} needs a client_id")
        if action == "create":
            return self._create(client_id, options)
        client = _existing(client_id)
        if action == "rotate-secret":
            return self._show_secret(client, _rotated(client))
        client.delete()
        emit(self, self.format, {"deleted": client_id}, lambda: [f"deleted {client_id}"])

    def _list(self) -> None:
        rows = [_row(client) for client in OAuth2Client.objects.all()]
        emit(self, self.format, {"clients": rows}, lambda: map(_line, rows))

    def _create(self, client_id: str, options: dict[str, Any]) -> None:
        if OAuth2Client.objects.filter(client_id=client_id).exists():
            raise CommandError(f"client {client_id!r} exists; use rotate-secret")
        client = OAuth2Client(
            client_id=client_id,
            name=options["name"],
            scopes=options["scopes"],
            default_scopes=options["default_scopes"],
            grant_types=options["grants"] or list(GRANT_TYPES),
            redirect_uris=options["redirect_uris"],
            access_token_validity_ms=options["access_token_validity_ms"],
            refresh_token_validity_ms=options["refresh_token_validity_ms"],
        )
        secret = new_secret()
        client.set_secret(secret)
        client.save()
        self._show_secret(client, secret)

    def _show_secret(self, client: OAuth2Client, secret: str) -> None:
        text = [f"client_id: {client.client_id}", f"client_secret: {secret}", "(shown once; store it now)"]
        emit(self, self.format, {"client_id": client.client_id, "client_secret": secret}, lambda: text)


def _row(client: OAuth2Client) -> dict[str, Any]:
    fields = ("client_id", "name", "is_active", "managed_by_settings", "scopes", "grant_types", "redirect_uris")
    return {name: getattr(client, name) for name in fields}


def _line(row: dict[str, Any]) -> str:
    state = "active" if row["is_active"] else "inactive"
    origin = " (settings)" if row["managed_by_settings"] else ""
    grants = ",".join("authenticated-user" if g.startswith("urn:") else g for g in row["grant_types"])
    return f"{row['client_id']}{origin}  {state}  scopes={row['scopes']!r}  grants={grants}"


def _existing(client_id: str) -> OAuth2Client:
    client = OAuth2Client.objects.filter(client_id=client_id).first()
    if client is None:
        raise CommandError(f"no client {client_id!r}")
    if client.managed_by_settings:
        raise CommandError(f"{client_id!r} is managed by AUTHSTATE['OAUTH2']; change the settings and run migrate")
    return client


def _rotated(client: OAuth2Client) -> str:
    secret = new_secret()
    client.set_secret(secret)
    client.save(update_fields=["secret_hash", "secret_rotated_at"])
    return secret
