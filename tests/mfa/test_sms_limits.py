"""Issue 18, finding 9: SMS codes only to allowed prefixes, and a daily cap per account."""

from __future__ import annotations

from typing import Any

import pytest

from authstate.factors.sms import gateways
from tests.conftest import bearer
from tests.mfa.conftest import start

pytestmark = pytest.mark.django_db

PREMIUM = "+881612345678"  # a satellite range billed at premium rates


@pytest.fixture
def auth(rest_login: Any) -> dict[str, str]:
    return bearer(rest_login()["access_token"])


def setup(api: Any, auth: dict[str, str], number: str) -> Any:
    return api.post_json("/api/mfa/sms/setup", {"phone_number": number}, **auth)


def test_enrollment_refuses_numbers_outside_the_allowlist(api: Any, auth: Any, mfa_settings: Any) -> None:
    mfa_settings(SMS_FACTOR={"PROVIDER": "outbox", "ALLOWED_PREFIXES": ["+44", "+1"]})
    refused = setup(api, auth, PREMIUM)
    assert (refused.status_code, refused.json()["error"]["code"]) == (400, "invalid_request")
    assert gateways.OUTBOX == []
    assert setup(api, auth, "+44 20 7946 0958").status_code == 200
    assert len(gateways.OUTBOX) == 1


def test_an_allowlist_narrowed_after_enrollment_stops_challenges(api: Any, sms_device: Any, mfa_settings: Any) -> None:
    mfa_settings(SMS_FACTOR={"PROVIDER": "outbox", "ALLOWED_PREFIXES": ["+44"]})
    token = start(api)["mfa_token"]
    response = api.post_json("/api/mfa/select", {"mfa_token": token, "factor": "sms"})
    assert response.status_code == 400
    assert gateways.OUTBOX == []


def test_an_empty_allowlist_allows_any_number(api: Any, auth: Any, mfa_settings: Any) -> None:
    mfa_settings(SMS_FACTOR={"PROVIDER": "outbox"})
    assert setup(api, auth, PREMIUM).status_code == 200


def test_each_account_gets_a_daily_number_of_codes(api: Any, auth: Any, mfa_settings: Any, clock: Any) -> None:
    mfa_settings(SMS_FACTOR={"PROVIDER": "outbox", "DAILY_LIMIT": 3})
    answers = []
    for n in range(5):
        answers.append(setup(api, auth, f"+4420794609{n:02d}"))
        clock.advance(120)
    assert [a.status_code for a in answers] == [200, 200, 200, 429, 429]
    assert answers[3].json()["error"]["code"] == "throttled"
    assert 1 <= int(answers[3]["Retry-After"]) <= 86400
    assert len(gateways.OUTBOX) == 3


def test_refused_resends_do_not_use_up_the_cap(api: Any, auth: Any, mfa_settings: Any, clock: Any) -> None:
    mfa_settings(SMS_FACTOR={"PROVIDER": "outbox", "DAILY_LIMIT": 2})
    assert setup(api, auth, "+442079460958").status_code == 200
    too_soon = [setup(api, auth, "+442079460958") for _ in range(3)]
    assert {r.json()["error"]["code"] for r in too_soon} == {"resend_too_soon"}
    clock.advance(120)
    assert setup(api, auth, "+442079460959").status_code == 200


def test_the_cap_can_be_switched_off(api: Any, auth: Any, mfa_settings: Any, clock: Any) -> None:
    mfa_settings(SMS_FACTOR={"PROVIDER": "outbox", "DAILY_LIMIT": 0}, FACTOR_CHANGE_MAX_AUTH_AGE_MS=3_600_000)
    for n in range(12):
        assert setup(api, auth, f"+4420794609{n:02d}").status_code == 200
        clock.advance(120)
