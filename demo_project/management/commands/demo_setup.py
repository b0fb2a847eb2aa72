"""``manage.py demo_setup``: create (or reset) the demo user and print how to log in."""

from __future__ import annotations

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
