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
from authstate.oauth2 import keyfiles, keystore
from authstate.oauth2.keys import SigningKey, retention


class Command(BaseCommand):
    help = "Generate, rotate or list the token signing keys."
    requires_system_checks: list[str] = []  # it is how E060/E061 get fixed, so they must not stop it

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["generate", "rotate", "stage", "activate", "list"])
        parser.add_argument("--path", help="Key store file (default: OAUTH2.JWK_KEY_STORE_PATH).")
        parser.add_argument("--alg", choices=["RS256", "ES256"], help="generate: RS256 (default); rotate: keep.")
        parser.add_argument("--force", action="store_true", help="generate: replace an existing store.")

    def handle(self, *args: Any, action: str, path: str | None, alg: str | None, force: bool, **options: Any) -> None:
        target = path or auth_settings.oauth2.jwk_key_store_path
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
        self.stdout.write(f"{verb} {key.alg} key kid={key.kid}")

    def _list(self, path: str) -> None:
        keys = keystore.load(path)
        self.stdout.write(f"{keys.active.kid}  {keys.active.alg}  active")
        for staged in keys.staged:
            assert staged.staged_at is not None
            self.stdout.write(f"{staged.kid}  {staged.alg}  staged {staged.staged_at.isoformat(timespec='seconds')}")
        now = timezone.now()
        for key in keys.retired:
            assert key.retired_at is not None
            until = key.retired_at + retention()
            state = f"verifies until {until.isoformat(timespec='seconds')}" if until > now else "expired"
            self.stdout.write(f"{key.kid}  {key.alg}  retired {key.retired_at.isoformat(timespec='seconds')}, {state}")
