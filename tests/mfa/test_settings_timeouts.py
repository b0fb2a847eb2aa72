"""Each timing key of ``spring.auth.mfa.*`` changes behaviour (a fake clock, no sleeping)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.conftest import PASSWORD
from tests.mfa.conftest import last_email_code, start, totp_code


def verify(api: Any, token: str, code: str, factor: str = "totp") -> Any:
    return api.post_json("/api/mfa/verify", {"mfa_token": token, "factor": factor, "code": code})


@pytest.mark.parametrize(("timeout_ms", "wait", "status"), [(60000, 61, 401), (120000, 61, 200)])
def test_session_timeout(
    api: Any, totp_device: Any, clock: Any, mfa_settings: Any, timeout_ms: int, wait: int, status: int
) -> None:
    mfa_settings(SESSION_TIMEOUT_MS=timeout_ms, CHALLENGE_TIMEOUT_MS=min(timeout_ms, 300000))
    body = start(api)
    assert body["expires_in"] == timeout_ms // 1000
    clock.advance(wait)
    assert verify(api, body["mfa_token"], totp_code(totp_device, clock.now)).status_code == status


@pytest.mark.parametrize(("timeout_ms", "code"), [(10000, "challenge_expired"), (60000, None)])
def test_challenge_timeout(
    api: Any, totp_device: Any, clock: Any, mfa_settings: Any, timeout_ms: int, code: Any
) -> None:
    mfa_settings(CHALLENGE_TIMEOUT_MS=timeout_ms)
    token = start(api)["mfa_token"]
    answer = api.post_json("/api/mfa/select", {"mfa_token": token, "factor": "totp"}).json()
    assert answer == {"status": "CHALLENGE_READY", "factor": "totp", "expires_in": timeout_ms // 1000}
    clock.advance(11)
    response = verify(api, token, totp_code(totp_device, clock.now))
    assert (response.json().get("error", {}).get("code") if response.status_code != 200 else None) == code


def test_expired_challenge_can_be_selected_again(api: Any, totp_device: Any, clock: Any, mfa_settings: Any) -> None:
    mfa_settings(CHALLENGE_TIMEOUT_MS=10000)
    token = start(api)["mfa_token"]
    api.post_json("/api/mfa/select", {"mfa_token": token, "factor": "totp"})
    clock.advance(11)
    assert verify(api, token, totp_code(totp_device, clock.now)).status_code == 401
    api.post_json("/api/mfa/select", {"mfa_token": token, "factor": "totp"})
    assert verify(api, token, totp_code(totp_device, clock.now)).status_code == 200


@pytest.mark.parametrize(("inactivity_ms", "status"), [(20000, 401), (60000, 200)])
def test_inactivity_timeout(
    api: Any, totp_device: Any, clock: Any, mfa_settings: Any, inactivity_ms: int, status: int
) -> None:
    mfa_settings(INACTIVITY_TIMEOUT=inactivity_ms, CHALLENGE_TIMEOUT_MS=20000)
    token = start(api)["mfa_token"]
    clock.advance(15)
    api.post_json("/api/mfa/select", {"mfa_token": token, "factor": "totp"})  # a step: activity slides
    clock.advance(15)
    assert verify(api, token, totp_code(totp_device, clock.now)).status_code == 200
    token = start(api)["mfa_token"]
    clock.advance(30)
    assert verify(api, token, totp_code(totp_device, clock.now, 1)).status_code == status


@pytest.mark.parametrize(("interval_ms", "alive"), [(10000, True), (60000, False)])
def test_session_refresh_interval(
    client: Client, totp_device: Any, clock: Any, mfa_settings: Any, interval_ms: int, alive: bool
) -> None:
    """A page view slides the inactivity deadline only when the last write is older than the interval."""
    mfa_settings(INACTIVITY_TIMEOUT=20000, CHALLENGE_TIMEOUT_MS=20000, SESSION_REFRESH_INTERVAL_MS=interval_ms)
    client.post("/mfa/login", {"username": "alice", "password": PASSWORD})
    clock.advance(15)
    assert client.get("/mfa/choose").status_code == 200
    clock.advance(15)
    assert (client.get("/mfa/choose").status_code == 200) is alive


@pytest.mark.parametrize(("cache_ttl", "status", "code"), [(300000, 423, "mfa_locked"), (0, 401, "mfa_expired")])
def test_cache_ttl_keeps_ended_attempts(
    api: Any, totp_device: Any, mfa_settings: Any, cache_ttl: int, status: int, code: str
) -> None:
    mfa_settings(CACHE_TTL=cache_ttl, MAX_RETRY_ATTEMPTS=1)
    token = start(api)["mfa_token"]
    assert verify(api, token, "000000").status_code == 423
    response = verify(api, token, "000000")
    assert (response.status_code, response.json()["error"]["code"]) == (status, code)


@pytest.mark.parametrize(("validity", "status"), [(30, 401), (300, 200)])
def test_otp_token_validity(
    api: Any, email_device: Any, clock: Any, mfa_settings: Any, validity: int, status: int
) -> None:
    mfa_settings(OTP_TOKEN_VALIDITY_SECONDS=validity)
    token = start(api)["mfa_token"]
    api.post_json("/api/mfa/select", {"mfa_token": token, "factor": "email"})
    clock.advance(31)
    assert verify(api, token, last_email_code(), "email").status_code == status


@pytest.mark.parametrize("length", [6, 8])
def test_otp_token_length(api: Any, email_device: Any, mfa_settings: Any, mailoutbox: Any, length: int) -> None:
    mfa_settings(OTP_TOKEN_LENGTH=length)
    token = start(api)["mfa_token"]
    api.post_json("/api/mfa/select", {"mfa_token": token, "factor": "email"})
    assert len(last_email_code()) == length
    assert verify(api, token, last_email_code(), "email").status_code == 200


@pytest.mark.parametrize(
    ("factor", "key"), [("email", "EMAIL_RESEND_INTERVAL_SECONDS"), ("sms", "SMS_RESEND_INTERVAL_SECONDS")]
)
def test_resend_intervals(
    api: Any, email_device: Any, sms_device: Any, clock: Any, mfa_settings: Any, factor: str, key: str
) -> None:
    mfa_settings(**{key: 45})
    token = start(api)["mfa_token"]
    select = {"mfa_token": token, "factor": factor}
    assert api.post_json("/api/mfa/select", select).json()["status"] == "CHALLENGE_SENT"
    clock.advance(30)
    refused = api.post_json("/api/mfa/select", select)
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "resend_too_soon"
    assert refused.json()["error"]["retry_after"] == 16 and refused["Retry-After"] == "16"
    clock.advance(16)
    assert api.post_json("/api/mfa/select", select).status_code == 200


@pytest.mark.parametrize(("delay_ms", "padded"), [(500, True), (0, False)])
def test_minimum_delay_pads_code_failures(
    api: Any, totp_device: Any, mfa_settings: Any, monkeypatch: Any, delay_ms: int, padded: bool
) -> None:
    mfa_settings(MINIMUM_DELAY_MS=delay_ms)
    slept: list[float] = []
    monkeypatch.setattr("authstate.mfa._verification.time.sleep", slept.append)
    token = start(api)["mfa_token"]
    assert verify(api, token, "000000").status_code == 401
    assert bool(slept) is padded
    assert all(0 < seconds <= delay_ms / 1000 for seconds in slept)
