"""Login tickets are issued at the end of JSON logins (REST and MFA), on request or by setting."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from authstate.models import Login, LoginTicket
from tests.conftest import PASSWORD
from tests.oauth2.conftest import exchange, server_settings, verify

pytestmark = pytest.mark.usefixtures("auth_server")


def current_totp(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():0{device.digits}d}"


def test_mfa_completion_carries_a_ticket_and_mints_in_process(spa: Any, api: Any, user: Any) -> None:
    device = TOTPDevice.objects.create(user=user, name="authstate", confirmed=True)
    started = api.post_json("/api/mfa/login", {"username": "alice", "password": PASSWORD}, HTTP_X_LOGIN_TICKET="spa")
    assert started.json()["status"] == "MFA_REQUIRED" and "login_ticket" not in started.json()
    assert not LoginTicket.objects.exists()
    payload = {"mfa_token": started.json()["mfa_token"], "factor": "totp", "code": current_totp(device)}
    done = api.post_json("/api/mfa/verify", payload, HTTP_X_LOGIN_TICKET="spa").json()
    assert done["status"] == "AUTHENTICATED" and done["login_ticket_expires_in"] == 60
    in_process = verify(done["access_token"], Client(), audience="default-client")
    assert in_process["flow"] == "api-mfa" and "gty" not in in_process
    tokens = exchange(Client(), done["login_ticket"]).json()
    granted = verify(tokens["access_token"], Client())
    assert (granted["flow"], granted["gty"]) == ("api-mfa", "authenticated_user")
    assert Login.objects.get(pk=granted["sid"]).parent_id == in_process["sid"]


def test_setting_issues_tickets_for_the_settings_client(settings: Any, key_path: str, rest_login: Any) -> None:
    server_settings(settings, key_path, LOGIN_TICKETS=True)
    ticket = rest_login()["login_ticket"]
    response = exchange(Client(), ticket, client_id="default-client", secret="settings-client-secret")
    assert response.status_code == 200, response.content


def test_no_ticket_unless_asked(rest_login: Any) -> None:
    assert "login_ticket" not in rest_login()
    assert not LoginTicket.objects.exists()


def test_only_a_digest_of_the_ticket_is_stored(spa: Any, ticket_for: Any) -> None:
    ticket = ticket_for()
    assert not LoginTicket.objects.filter(digest=ticket).exists()
    assert LoginTicket.objects.count() == 1
