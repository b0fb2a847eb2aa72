"""Unknown user and wrong password are indistinguishable: status, body, hashing work and padding.

No wall-clock assertions: the padding is observed through a fake clock and a recording sleep.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.test import Client

from authstate.pipeline import _login as service
from tests.conftest import JsonClient


class FakeTime:
    """``monotonic`` advances only when asked; ``sleep`` records instead of waiting."""

    def __init__(self, work: float) -> None:
        self.t, self.work, self.slept = 100.0, work, []

    def monotonic(self) -> float:
        value, self.t = self.t, self.t + self.work  # between two readings, the check took ``work``
        return value

    def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 6))


@pytest.fixture
def padded(settings: Any) -> Any:
    settings.AUTHSTATE = {**settings.AUTHSTATE, "MFA": {**settings.AUTHSTATE["MFA"], "MINIMUM_DELAY_MS": 500}}
    return settings


@pytest.fixture
def fake_time(monkeypatch: pytest.MonkeyPatch) -> FakeTime:
    fake = FakeTime(work=0.1)
    monkeypatch.setattr(service, "time", fake)
    return fake


@pytest.mark.parametrize("path", ["/api/auth", "/api/mfa/login"])
def test_json_answers_are_identical(api: JsonClient, user: Any, path: str) -> None:
    unknown = api.post_json(path, {"username": "nobody", "password": "wrong"})
    wrong = api.post_json(path, {"username": user.username, "password": "wrong"})
    assert unknown.status_code == wrong.status_code == 401
    assert (
        unknown.json()
        == wrong.json()
        == {"error": {"code": "invalid_credentials", "message": "The username or password is incorrect."}}
    )
    assert _headers(unknown) == _headers(wrong)


def _headers(response: Any) -> dict[str, str]:
    return {k: v for k, v in response.items() if k not in ("Date", "Expires")}


@pytest.mark.parametrize("path", ["/login", "/mfa/login"])
def test_form_answers_are_identical(user: Any, path: str) -> None:
    def page(username: str) -> tuple[int, str]:
        response = Client().post(path, {"username": username, "password": "wrong"})
        return response.status_code, re.sub(r'value="[^"]*"', "", response.content.decode())

    unknown, wrong = page("nobody"), page(user.username)
    assert unknown[0] == wrong[0] == 401
    assert unknown[1].replace("nobody", "") == wrong[1].replace(user.username, "")


def test_both_failures_do_the_same_hashing_work(api: JsonClient, user: Any, monkeypatch: Any) -> None:
    calls: list[str] = []
    original = MD5PasswordHasher.encode
    monkeypatch.setattr(
        MD5PasswordHasher, "encode", lambda self, *a, **k: calls.append("hash") or original(self, *a, **k)
    )
    api.post_json("/api/auth", {"username": "nobody", "password": "wrong"})
    unknown = len(calls)
    api.post_json("/api/auth", {"username": user.username, "password": "wrong"})
    assert unknown == len(calls) - unknown == 1


@pytest.mark.parametrize("username", ["nobody", "alice"])
def test_failures_are_padded_to_the_minimum_delay(
    api: JsonClient, user: Any, padded: Any, fake_time: FakeTime, username: str
) -> None:
    response = api.post_json("/api/auth", {"username": username, "password": "wrong"})
    assert response.status_code == 401
    assert fake_time.slept == [0.4]  # 500 ms minimum less the 100 ms the check took


def test_no_padding_when_the_check_already_took_long_enough(
    api: JsonClient, user: Any, padded: Any, fake_time: FakeTime
) -> None:
    fake_time.work = 0.75
    api.post_json("/api/auth", {"username": "nobody", "password": "wrong"})
    assert fake_time.slept == []


def test_locked_known_and_unknown_accounts_answer_alike(api: JsonClient, user: Any, settings: Any) -> None:
    settings.AUTHSTATE = {**settings.AUTHSTATE, "MFA": {**settings.AUTHSTATE["MFA"], "ACCOUNT_LOCKOUT_THRESHOLD": 2}}
    answers = []
    for name in ("nobody", user.username):
        for _ in range(2):
            api.post_json("/api/auth", {"username": name, "password": "wrong"})
        answers.append(api.post_json("/api/auth", {"username": name, "password": "wrong"}))
    assert answers[0].status_code == answers[1].status_code == 423
    assert answers[0].json() == answers[1].json()
