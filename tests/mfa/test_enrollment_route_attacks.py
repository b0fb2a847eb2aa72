"""The enrollment route (``api/mfa/<factor>/setup|confirm``) under the attacks every endpoint gets.

A password-only login of an MFA account and a client token without the account scope are walked
over every authstate URL elsewhere (``tests/security/test_factor_guard.py``,
``tests/oauth2/test_account_scope.py``), hostile bodies too (``tests/robustness``). Here: a login
too old to change factors, twenty confirmations at once, and a Host the attacker chose."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.test import Client

from authstate.factors.totp import TotpFactor
from tests.conftest import JsonClient, bearer
from tests.mfa.conftest import Clock

FACTOR_CHANGE_MAX_AGE_S = 900  # MFA.FACTOR_CHANGE_MAX_AUTH_AGE_MS's default
MAX_RETRY_ATTEMPTS = 5  # MFA.MAX_RETRY_ATTEMPTS's default


@pytest.mark.parametrize("path", ["/api/mfa/totp/setup", "/api/mfa/email/setup", "/api/mfa/sms/setup"])
def test_a_stale_login_must_step_up_first(rest_login: Any, clock: Clock, path: str) -> None:
    token = rest_login()["access_token"]
    assert JsonClient().post_json("/api/mfa/totp/setup", {}, **bearer(token)).status_code == 200  # fresh: fine
    clock.advance(FACTOR_CHANGE_MAX_AGE_S + 1)
    response = JsonClient().post_json(path, {"phone_number": "+15555550123"}, **bearer(token))
    assert (response.status_code, response.json()["error"]["code"]) == (403, "reauthentication_required")


@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_confirmations_check_at_most_the_retry_limit(
    rest_login: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = rest_login()["access_token"]
    assert JsonClient().post_json("/api/mfa/totp/setup", {}, **bearer(token)).status_code == 200
    checked: list[int] = []
    original = TotpFactor.complete_enrollment

    def counting(self: TotpFactor, *args: Any, **kwargs: Any) -> Any:
        checked.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(TotpFactor, "complete_enrollment", counting)
    start, answers = threading.Barrier(20), []

    def guess() -> None:
        start.wait()
        answers.append(JsonClient().post_json("/api/mfa/totp/confirm", {"code": "000000"}, **bearer(token)))

    threads = [threading.Thread(target=guess) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(checked) <= MAX_RETRY_ATTEMPTS
    assert sorted({a.status_code for a in answers}) == [401]
    assert {a.json()["error"]["code"] for a in answers} == {"invalid_code"}


def test_a_forged_host_is_refused_and_a_forwarded_one_names_nothing(rest_login: Any) -> None:
    token = rest_login()["access_token"]
    setup = {"path": "/api/mfa/totp/setup", "data": "{}", "content_type": "application/json", **bearer(token)}
    forged = Client(HTTP_HOST="accounts.evil.example").post(**setup)
    assert forged.status_code == 400
    forwarded = Client(HTTP_X_FORWARDED_HOST="accounts.evil.example").post(**setup)
    assert forwarded.status_code == 200
    assert "evil" not in forwarded.json()["otpauth_url"]


def test_an_unknown_or_unenrollable_factor_is_404(rest_login: Any) -> None:
    token = rest_login()["access_token"]
    for name in ("nope", "recovery", "passkey", "..%2F..%2Fadmin"):
        response = JsonClient().post_json(f"/api/mfa/{name}/setup", {}, **bearer(token))
        assert response.status_code == 404, name
