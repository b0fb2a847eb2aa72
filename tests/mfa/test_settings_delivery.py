"""Delivery keys: SMS_FACTOR.*, EMAIL_FACTOR.*, circuit breaker, step timeout, pool size."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from authstate.factors.sms import gateways as builtin
from tests.mfa import gateways
from tests.mfa.conftest import last_sms_code, start


@pytest.fixture(autouse=True)
def _release_blocked() -> Iterator[None]:
    gateways.RELEASE.clear()
    gateways.RECEIVED.clear()
    yield
    gateways.RELEASE.set()


def select(api: Any, token: str, factor: str = "sms") -> Any:
    return api.post_json("/api/mfa/select", {"mfa_token": token, "factor": factor})


def test_sms_provider_import_string(api: Any, sms_device: Any, mfa_settings: Any) -> None:
    mfa_settings(SMS_FACTOR={"PROVIDER": "tests.mfa.gateways.recording_gateway"})
    answer = select(api, start(api)["mfa_token"]).json()
    assert answer == {"status": "CHALLENGE_SENT", "factor": "sms", "expires_in": 300, "sent_to": "***23"}
    assert gateways.RECEIVED[0][0] == "+14155550123" and not builtin.OUTBOX


def test_sms_outbox_provider_and_template(api: Any, sms_device: Any, mfa_settings: Any) -> None:
    mfa_settings(SMS_FACTOR={"PROVIDER": "outbox", "TEMPLATE_ID": "authstate/mfa/mfa_email_template.txt"})
    select(api, start(api)["mfa_token"])
    assert builtin.OUTBOX[0].text.startswith("Your sign-in code: ")


@pytest.mark.parametrize("group", ["SMS_FACTOR", "EMAIL_FACTOR"])
def test_disabled_factor_is_not_offered(
    api: Any, sms_device: Any, email_device: Any, mfa_settings: Any, group: str
) -> None:
    mfa_settings(**{group: {"ENABLED": False}})
    body = start(api)
    assert body["factors"] == (["sms"] if group == "EMAIL_FACTOR" else ["email"])
    assert select(api, body["mfa_token"], "email" if group == "EMAIL_FACTOR" else "sms").status_code == 400


def test_email_from_address_and_template(
    api: Any, email_device: Any, mfa_settings: Any, mailoutbox: Any, settings: Any, tmp_path: Any
) -> None:
    (tmp_path / "custom.txt").write_text("Custom subject\nCode={{ code }}")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [str(tmp_path)]}]
    mfa_settings(EMAIL_FACTOR={"FROM_ADDRESS": "security@example.org", "TEMPLATE_ID": "./custom.txt"})
    select(api, start(api)["mfa_token"], "email")
    message = mailoutbox[0]
    assert (message.from_email, message.subject, message.to) == (
        "security@example.org",
        "Custom subject",
        ["alice@example.com"],
    )
    assert message.body.startswith("Code=")


@pytest.mark.parametrize(("threshold", "opened"), [(2, True), (3, False)])
def test_circuit_breaker_threshold(
    api: Any, sms_device: Any, totp_device: Any, mfa_settings: Any, threshold: int, opened: bool
) -> None:
    mfa_settings(
        SMS_FACTOR={"PROVIDER": "tests.mfa.gateways.FailingGateway"}, CIRCUIT_BREAKER_FAILURE_THRESHOLD=threshold
    )
    for _ in range(2):
        response = select(api, start(api)["mfa_token"])
        assert response.status_code == 503 and response.json()["error"]["code"] == "factor_unavailable"
    body = start(api)
    assert (body["factors"], body["unavailable_factors"]) == ((["totp"], ["sms"]) if opened else (["totp", "sms"], []))


@pytest.mark.parametrize(("timeout", "available"), [(20, True), (40, False)])
def test_circuit_breaker_timeout(
    api: Any, sms_device: Any, clock: Any, mfa_settings: Any, timeout: int, available: bool
) -> None:
    mfa_settings(SMS_FACTOR={"PROVIDER": "tests.mfa.gateways.FailingGateway"}, CIRCUIT_BREAKER_FAILURE_THRESHOLD=1)
    mfa_settings(CIRCUIT_BREAKER_TIMEOUT_SECONDS=timeout)
    select(api, start(api)["mfa_token"])
    assert start(api)["unavailable_factors"] == ["sms"]
    clock.advance(30)
    mfa_settings(SMS_FACTOR={"PROVIDER": "outbox"})
    assert (start(api)["factors"] == ["sms"]) is available


@pytest.mark.parametrize(("timeout_ms", "status"), [(100, 503), (5000, 200)])
def test_state_machine_timeout_bounds_a_delivery(
    api: Any, sms_device: Any, mfa_settings: Any, timeout_ms: int, status: int
) -> None:
    mfa_settings(SMS_FACTOR={"PROVIDER": "tests.mfa.gateways.BlockingGateway"}, STATE_MACHINE_TIMEOUT_MS=timeout_ms)
    token = start(api)["mfa_token"]
    if status == 200:
        gateways.RELEASE.set()
    assert select(api, token).status_code == status


@pytest.mark.parametrize(("pool_size", "status"), [(1, 503), (2, 200)])
def test_state_machine_pool_size_bounds_concurrent_deliveries(
    api: Any, sms_device: Any, user: Any, mfa_settings: Any, pool_size: int, status: int
) -> None:
    mfa_settings(SMS_FACTOR={"PROVIDER": "tests.mfa.gateways.BlockingGateway"}, STATE_MACHINE_TIMEOUT_MS=100)
    mfa_settings(STATE_MACHINE_POOL_SIZE=pool_size, CIRCUIT_BREAKER_FAILURE_THRESHOLD=100)
    select(api, start(api)["mfa_token"])  # times out, its worker still blocked
    mfa_settings(SMS_FACTOR={"PROVIDER": "outbox"})
    assert select(api, start(api)["mfa_token"]).status_code == status
    gateways.RELEASE.set()


def test_a_sent_code_still_verifies_while_the_breaker_is_open(api: Any, sms_device: Any, mfa_settings: Any) -> None:
    from authstate.factors import _breaker as breaker

    mfa_settings(SMS_FACTOR={"PROVIDER": "outbox"})
    token = start(api)["mfa_token"]
    select(api, token)
    code = last_sms_code()
    for _ in range(5):
        breaker.failed("sms")
    assert breaker.is_open("sms")
    assert select(api, token).status_code in (429, 503)
    payload = {"mfa_token": token, "factor": "sms", "code": code}
    assert api.post_json("/api/mfa/verify", payload).json()["status"] == "AUTHENTICATED"
