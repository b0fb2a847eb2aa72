"""Per-IP and per-account throttles of primary logins, and the trusted-proxy client IP."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client, RequestFactory

from authstate import _throttling as throttling
from authstate.logins._request_info import client_ip
from tests.conftest import PASSWORD, JsonClient


@pytest.fixture
def limits(settings: Any) -> Callable[..., None]:
    def apply(ip: int = 0, account: int = 0, window: int = 60000, **root: Any) -> None:
        throttle = {"IP_FAILURES": ip, "ACCOUNT_FAILURES": account, "WINDOW": window}
        settings.AUTHSTATE = {**settings.AUTHSTATE, "THROTTLE": throttle, **root}

    return apply


@pytest.fixture
def frozen(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The throttle's clock, at 10 s into a 60 s window; tests move ``frozen[0]``."""
    clock = [6_000_010.0]
    monkeypatch.setattr("authstate._clock.now", lambda: clock[0])
    return clock


def login(api: JsonClient, username: str, password: str = "wrong", ip: str = "203.0.113.7", **extra: Any) -> Any:
    body = {"username": username, "password": password}
    return api.post_json("/api/auth", body, REMOTE_ADDR=ip, **extra)


def assert_throttled(response: Any, retry_after: int = 50) -> None:
    assert response.status_code == 429
    assert response["Retry-After"] == str(retry_after)
    assert response.json() == {
        "error": {"code": "throttled", "message": throttling.Throttled.message, "retry_after": retry_after}
    }


def test_ip_limit_stops_password_spraying(api: JsonClient, user: Any, limits: Any, frozen: Any) -> None:
    limits(ip=3)
    for name in ("bob", "carol", "dave"):
        assert login(api, name).status_code == 401
    assert_throttled(login(api, user.username, PASSWORD))
    assert login(api, user.username, PASSWORD, ip="198.51.100.9").status_code == 200


def test_account_limit_follows_the_username_across_ips(api: JsonClient, user: Any, limits: Any, frozen: Any) -> None:
    limits(account=3, MFA={"ACCOUNT_LOCKOUT_THRESHOLD": 100})
    for n in range(3):
        assert login(api, "Alice ", ip=f"203.0.113.{n}").status_code == 401
    assert_throttled(login(api, user.username, PASSWORD, ip="198.51.100.9"))
    assert login(api, "bob", ip="198.51.100.9").status_code == 401


def test_unknown_and_known_usernames_are_throttled_alike(api: JsonClient, user: Any, limits: Any, frozen: Any) -> None:
    limits(account=2, MFA={"ACCOUNT_LOCKOUT_THRESHOLD": 100})
    for name in (user.username, "ghost"):
        login(api, name), login(api, name)
        assert_throttled(login(api, name))


def test_throttle_lifts_when_the_window_ends(api: JsonClient, user: Any, limits: Any, frozen: list[float]) -> None:
    limits(ip=1)
    login(api, "bob")
    assert login(api, user.username, PASSWORD).status_code == 429
    frozen[0] += 50
    assert login(api, user.username, PASSWORD).status_code == 200


def test_successful_logins_are_not_counted(api: JsonClient, user: Any, limits: Any, frozen: Any) -> None:
    limits(ip=2, account=2)
    for _ in range(5):
        assert login(api, user.username, PASSWORD).status_code == 200


def test_disabled_throttle_never_answers_429(api: JsonClient, db: Any, limits: Any, settings: Any, frozen: Any) -> None:
    limits(ip=1, account=1)
    settings.AUTHSTATE = {**settings.AUTHSTATE, "THROTTLE": {"ENABLED": False, "IP_FAILURES": 1}}
    assert all(login(api, "bob").status_code == 401 for _ in range(4))


def test_form_login_is_throttled_with_retry_after(user: Any, limits: Any, frozen: Any) -> None:
    limits(ip=1)
    browser = Client(REMOTE_ADDR="203.0.113.7")
    browser.post("/login", {"username": "bob", "password": "wrong"})
    response = browser.post("/login", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 429
    assert response["Retry-After"] == "50"
    assert throttling.Throttled.message.encode() in response.content.replace(b"&#x27;", b"'")
    assert "sessionid" not in response.cookies


def test_mfa_flow_login_is_throttled_too(api: JsonClient, user: Any, limits: Any, frozen: Any) -> None:
    limits(ip=1)
    login(api, "bob")
    body = {"username": user.username, "password": PASSWORD}
    assert_throttled(api.post_json("/api/mfa/login", body, REMOTE_ADDR="203.0.113.7"))


def test_forged_forwarded_for_is_ignored_without_trusted_proxies(
    api: JsonClient, user: Any, limits: Any, frozen: Any
) -> None:
    limits(ip=2)
    for n in range(2):
        login(api, "bob", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    assert_throttled(login(api, user.username, PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.99"))


def test_behind_a_trusted_proxy_each_client_has_its_own_count(
    api: JsonClient, user: Any, limits: Any, frozen: Any
) -> None:
    limits(ip=2, TRUSTED_PROXIES=["10.0.0.2"])
    for _ in range(2):
        login(api, "bob", ip="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert_throttled(login(api, user.username, PASSWORD, ip="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.7"))
    other = login(api, user.username, PASSWORD, ip="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.9")
    assert other.status_code == 200
    spoofed = "198.51.100.1, 203.0.113.7"  # the client wrote the first hop; the proxy appended the real one
    assert_throttled(login(api, user.username, PASSWORD, ip="10.0.0.2", HTTP_X_FORWARDED_FOR=spoofed))


@pytest.mark.parametrize(
    ("remote", "forwarded", "trusted", "expected"),
    [
        ("203.0.113.7", "", [], "203.0.113.7"),
        ("203.0.113.7", "1.2.3.4", [], "203.0.113.7"),
        ("203.0.113.7", "1.2.3.4", ["10.0.0.2"], "203.0.113.7"),
        ("10.0.0.2", "1.2.3.4", ["10.0.0.2"], "1.2.3.4"),
        ("10.0.0.2", "6.6.6.6, 1.2.3.4", ["10.0.0.2"], "1.2.3.4"),
        ("10.0.0.2", "6.6.6.6, 1.2.3.4, 10.0.0.3", ["10.0.0.2", "10.0.0.3"], "1.2.3.4"),
        ("10.0.0.2", " , ,", ["10.0.0.2"], "10.0.0.2"),
        ("10.0.0.2", "10.0.0.3", ["10.0.0.2", "10.0.0.3"], "10.0.0.2"),
    ],
)
def test_client_ip_believes_forwarded_for_only_from_trusted_proxies(
    remote: str, forwarded: str, trusted: list[str], expected: str, settings: Any
) -> None:
    settings.AUTHSTATE = {**settings.AUTHSTATE, "TRUSTED_PROXIES": trusted}
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected
