"""``manage.py authstate_keys generate|rotate|stage|activate|list``: the token signing key store.

``generate`` writes a new store (PEM, or PKCS#12 for ``.p12``/``.pfx`` paths, protected with
``JWK_KEY_STORE_PASSWORD``/``JWK_KEY_PASSWORD`` and named ``JWK_KEY_ALIAS``). ``rotate`` puts a new
signing key first; the previous key keeps verifying until its tokens have expired. With several
instances, ``stage`` the next key (published, verify-only), roll the store out, then ``activate``
it and roll out again: no instance ever sees a ``kid`` it does not know.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from authstate.conf import auth_settings
from authstate.management._output import add_format_argument, emit
from authstate.oauth2 import _keyfiles as keyfiles
from authstate.oauth2 import _keystore as keystore
from authstate.oauth2._keys import SigningKey, retention

__all__ = ["Command"]


class Command(BaseCommand):
    help = "Generate, stage, activate, rotate or list the token signing keys."
    requires_system_checks: list[str] = []  # it is how E060/E061 get fixed, so they must not stop it

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["generate", "rotate", "stage", "activate", "list"])
        parser.add_argument("--path", help="Key store file (default: OAUTH2.JWK_KEY_STORE_PATH).")
        parser.add_argument("--alg", choices=["RS256", "ES256"], help="generate: RS256 (default); rotate: keep.")
        parser.add_argument("--force", action="store_true", help="generate: replace an existing store.")
        add_format_argument(parser)

    def handle(self, *args: Any, action: str, path: str | None, alg: str | None, force: bool, **options: Any) -> None:
        target = path or auth_settings.oauth2.jwk_key_store_path
        self.format = options["format"]
        if not target:
            raise CommandError("give --path or set AUTHSTATE['OAUTH2']['JWK_KEY_STORE_PATH']")
        try:
            if action == "generate":
                self._describe("generated", keyfiles.create(target, alg or "RS256", force=force))
            elif action == "rotate":
                self._describe("rotated in", keyfiles.rotate(target, alg))
            elif action == "stage":
                self._describe("staged (verifies, does not sign yet)", keyfiles.stage(target, alg))
            elif action == "activate":
                self._describe("activated", keyfiles.activate(target))
            else:
                self._list(target)
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from exc

    def _describe(self, verb: str, key: SigningKey) -> None:
        data = {"action": verb.split()[0], "kid": key.kid, "alg": key.alg}
        emit(self, self.format, data, lambda: [f"{verb} {key.alg} key kid={key.kid}"])

    def _list(self, path: str) -> None:
        keys = keystore.load(path)
        rows: list[dict[str, Any]] = [{"kid": keys.active.kid, "alg": keys.active.alg, "status": "active"}]
        rows += [{"kid": k.kid, "alg": k.alg, "status": "staged", "staged_at": k.staged_at} for k in keys.staged]
        rows += [_retired(key) for key in keys.retired]
        emit(self, self.format, {"keys": rows}, lambda: map(_line, rows))


def _retired(key: SigningKey) -> dict[str, Any]:
    assert key.retired_at is not None
    until = key.retired_at + retention()
    status = "retired" if until > timezone.now() else "expired"
    return {"kid": key.kid, "alg": key.alg, "status": status, "retired_at": key.retired_at, "verifies_until": until}


def _line(row: dict[str, Any]) -> str:
    """The text form: ``kid  alg  active``, ``... staged <when>``, ``... retired <when>, verifies until``."""
    head = f"{row['kid']}  {row['alg']}"
    if row["status"] == "active":
        return f"{head}  active"
    if row["status"] == "staged":
        return f"{head}  staged {row['staged_at'].isoformat(timespec='seconds')}"
    retired = row["retired_at"].isoformat(timespec="seconds")
    until = row["verifies_until"].isoformat(timespec="seconds")
    state = f"verifies until {until}" if row["status"] == "retired" else "expired"
    return f"{head}  retired {retired}, {state}"
