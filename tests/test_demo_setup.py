"""``manage.py demo_setup`` leaves a user who can log in through every demo flow, MFA included."""

from __future__ import annotations

import io
from typing import Any

from django.core.management import call_command


def test_demo_user_logs_in_and_has_totp_for_the_mfa_flows(api: Any, db: Any) -> None:
    out = io.StringIO()
    call_command("demo_setup", stdout=out)
    assert "TOTP secret of the demo user" in out.getvalue()
    body = {"username": "demo", "password": "demo-password"}
    # MFA protects the account, not one flow: the password-only REST flow asks for it too.
    assert api.post_json("/api/auth", body).json()["status"] == "MFA_REQUIRED"
    started = api.post_json("/api/mfa/login", body).json()
    assert started["status"] == "MFA_REQUIRED"
    assert "totp" in started["factors"]


def test_demo_setup_without_totp(api: Any, db: Any) -> None:
    call_command("demo_setup", no_totp=True, stdout=io.StringIO())
    response = api.post_json("/api/mfa/login", {"username": "demo", "password": "demo-password"})
    assert response.json()["error"]["code"] == "mfa_not_enrolled"
    assert api.post_json("/api/auth", {"username": "demo", "password": "demo-password"}).status_code == 200
