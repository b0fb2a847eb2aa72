"""Guessing passwords and codes hits the configured limits, on form and JSON endpoints alike."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import PASSWORD, JsonClient
from tests.mfa.conftest import totp_code

THRESHOLD = 4
RETRIES = 3


@pytest.fixture
def limits(settings: Any) -> Any:
    mfa = {**settings.AUTHSTATE["MFA"], "ACCOUNT_LOCKOUT_THRESHOLD": THRESHOLD, "MAX_RETRY_ATTEMPTS": RETRIES}
    settings.AUTHSTATE = {**settings.AUTHSTATE, "MFA": mfa, "THROTTLE": {"ENABLED": False}}
    return settings


def form_attempt(path: str, password: str) -> int:
    return Client().post(path, {"username": "alice", "password": password}).status_code


def json_attempt(path: str, password: str) -> int:
    return JsonClient().post_json(path, {"username": "alice", "password": password}).status_code


ENDPOINTS = [("/login", form_attempt), ("/mfa/login", form_attempt), ("/api/auth", json_attempt)]
ENDPOINTS += [("/api/mfa/login", json_attempt)]


@pytest.mark.parametrize(("path", "attempt"), ENDPOINTS, ids=[p for p, _ in ENDPOINTS])
def test_password_guessing_locks_at_the_threshold(user: Any, limits: Any, path: str, attempt: Any) -> None:
    statuses = [attempt(path, f"guess-{n}") for n in range(THRESHOLD)]
    assert statuses == [401] * (THRESHOLD - 1) + [423]
    assert attempt(path, PASSWORD) == 423  # even the right password, until the lock ends


def test_lockout_is_shared_by_every_flow(user: Any, limits: Any) -> None:
    form_attempt("/login", "a"), json_attempt("/api/auth", "b"), form_attempt("/mfa/login", "c")
    assert json_attempt("/api/mfa/login", "d") == 423
    assert form_attempt("/login", PASSWORD) == 423


def test_json_code_guessing_locks_the_attempt(api: JsonClient, user: Any, limits: Any) -> None:
    TOTPDevice.objects.create(user=user, name="authstate", confirmed=True)
    token = api.post_json("/api/mfa/login", {"username": "alice", "password": PASSWORD}).json()["mfa_token"]
    answers = [
        api.post_json("/api/mfa/verify", {"mfa_token": token, "factor": "totp", "code": "000000"})
        for _ in range(RETRIES)
    ]
    assert [a.status_code for a in answers] == [401] * (RETRIES - 1) + [423]
    assert [a.json()["error"].get("attempts_left") for a in answers[:-1]] == list(range(RETRIES - 1, 0, -1))
    assert answers[-1].json()["error"]["code"] == "mfa_locked"


def test_html_code_guessing_locks_the_attempt(user: Any, limits: Any) -> None:
    device = TOTPDevice.objects.create(user=user, name="authstate", confirmed=True)
    browser = Client()
    browser.post("/mfa/login", {"username": "alice", "password": PASSWORD})
    browser.post("/mfa/choose", {"factor": "totp"})
    statuses = [browser.post("/mfa/verify", {"factor": "totp", "code": "000000"}).status_code for _ in range(RETRIES)]
    assert statuses == [401] * (RETRIES - 1) + [423]
    right = browser.post("/mfa/verify", {"factor": "totp", "code": totp_code(device, time.time())})
    assert right.status_code != 302 and browser.get("/api/me").status_code == 401


def test_restarting_mfa_does_not_reset_the_code_budget(api: JsonClient, user: Any, limits: Any) -> None:
    """Wrong codes count toward the account lockout, so a known password buys no endless guesses."""
    TOTPDevice.objects.create(user=user, name="authstate", confirmed=True)
    guesses = 0
    for _ in range(THRESHOLD):
        start = api.post_json("/api/mfa/login", {"username": "alice", "password": PASSWORD})
        if start.status_code == 423:
            break
        token = start.json()["mfa_token"]
        answer = api.post_json("/api/mfa/verify", {"mfa_token": token, "factor": "totp", "code": "000000"})
        guesses += 1
        if answer.status_code == 423 and answer.json()["error"]["code"] == "account_locked":
            break
    assert guesses <= THRESHOLD
    locked = api.post_json("/api/mfa/login", {"username": "alice", "password": PASSWORD})
    assert locked.status_code == 423
    assert locked.json()["error"]["code"] == "account_locked"
