"""The Django admin login is not a password-only side door (``authstate.admin.site``)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from authstate import _lockout as lockout
from authstate.models import Login
from tests.conftest import PASSWORD
from tests.mfa.conftest import session_mfa_login


@pytest.fixture
def superuser(db: Any) -> Any:
    return get_user_model().objects.create_superuser("alice", "alice@example.com", PASSWORD)


def test_admin_login_page_sends_the_browser_to_authstate(client: Client, superuser: Any) -> None:
    assert client.get("/admin/login/?next=/admin/")["Location"] == "/login?next=/admin/"
    posted = client.post("/admin/login/?next=/admin/", {"username": "alice", "password": PASSWORD})
    assert posted.status_code == 302 and posted["Location"].startswith("/login?")
    assert client.get("/admin/").status_code == 302
    assert not Login.objects.exists()


def test_a_locked_totp_superuser_cannot_use_the_password_alone(client: Client, superuser: Any) -> None:
    TOTPDevice.objects.create(user=superuser, name="authstate", confirmed=True)
    lockout.lock(None, "alice")
    client.post("/admin/login/", {"username": "alice", "password": PASSWORD})
    assert client.get("/admin/").status_code == 302
    refused = client.post("/login?next=/admin/", {"username": "alice", "password": PASSWORD, "next": "/admin/"})
    assert refused.status_code == 423


def test_an_mfa_superuser_reaches_the_admin_after_mfa(client: Client, superuser: Any, clock: Any) -> None:
    device = TOTPDevice.objects.create(user=superuser, name="authstate", confirmed=True)
    session_mfa_login(client, device, clock.now)
    assert client.get("/admin/").status_code == 200
    login = Login.objects.get()
    assert login.amr == ["pwd", "otp", "mfa"]


def test_a_session_authstate_did_not_start_does_not_reach_the_admin(client: Client, superuser: Any) -> None:
    client.force_login(superuser)
    assert client.get("/admin/").status_code == 302
