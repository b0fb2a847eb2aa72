"""``manage.py demo_setup``: create (or reset) the demo user and print how to log in."""

from __future__ import annotations

import base64
import os
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Create the demo user (demo / demo-password) and print the demo's URLs."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", default=os.environ.get("DEMO_USERNAME", "demo"))
        parser.add_argument("--password", default=os.environ.get("DEMO_PASSWORD", "demo-password"))
        parser.add_argument("--base-url", default="http://localhost:8000")
        parser.add_argument("--no-totp", action="store_true", help="Do not enroll the demo user in TOTP.")

    def handle(self, *args: Any, **options: Any) -> None:
        user, created = get_user_model().objects.get_or_create(
            username=options["username"], defaults={"email": f"{options['username']}@example.com"}
        )
        user.set_password(options["password"])
        user.save()
        base = options["base_url"].rstrip("/")
        verb = "Created" if created else "Reset"
        self.stdout.write(f"{verb} demo user {options['username']!r} with password {options['password']!r}.")
        self.stdout.write(f"  Form login (session):   {base}/login")
        self.stdout.write(f"  MFA login (session):    {base}/mfa/login")
        self.stdout.write(
            f"  REST login (tokens):    curl -X POST {base}/api/auth -H 'Content-Type: application/json' "
            f'-d \'{{"username": "{options["username"]}", "password": "{options["password"]}"}}\''
        )
        self.stdout.write(f"  Who am I:               {base}/api/me")
        self.stdout.write(f"  Health:                 {base}/health")
        if not options["no_totp"]:
            self._enroll_totp(user)

    def _enroll_totp(self, user: Any) -> None:
        """A confirmed TOTP device, so the two MFA flows work at once; its secret is printed."""
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="demo authenticator", confirmed=True)
        secret = base64.b32encode(device.bin_key).decode().rstrip("=")
        self.stdout.write(f"TOTP secret of the demo user (add it to an authenticator app): {secret}")
        self.stdout.write(f"  otpauth URL: {device.config_url}")
