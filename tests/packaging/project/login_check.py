"""Migrate, collect static files, log in through the form and the JSON flow; print one JSON line."""

import json
import os
import sys
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings")
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.template.loader import get_template  # noqa: E402
from django.test import Client  # noqa: E402

call_command("migrate", verbosity=0)
call_command("collectstatic", interactive=False, verbosity=0)
get_user_model().objects.create_user("alice", "alice@example.com", "a-long-enough-password")

browser = Client()
page = browser.get("/login")
login = browser.post("/login", {"username": "alice", "password": "a-long-enough-password"})
me = browser.get("/api/me", HTTP_ACCEPT="application/json").json()
api = Client().post(
    "/api/auth", {"username": "alice", "password": "a-long-enough-password"}, content_type="application/json"
)
static_root = Path(__file__).resolve().parent / "static"
template = Path(get_template("authstate/login.html").origin.name)
print(
    json.dumps(
        {
            "login_page": [page.status_code, 'name="password"' in page.content.decode()],
            "form_login": [login.status_code, login.get("Location")],
            "me": {key: me.get(key) for key in ("username", "state", "flow")},
            "rest_login": [api.status_code, "access_token" in api.json()],
            "passkey_page": Client().get("/login/webauthn").status_code,
            "collected": sorted(str(p.relative_to(static_root)) for p in static_root.rglob("*.js")),
            "templates_from": sys.prefix if template.is_relative_to(sys.prefix) else str(template),
        }
    )
)
