"""Parallel wrong codes on one mfa_token leave the account's second-factor counter at the codes
actually checked.

The attempt's number and the account's are taken in one step; a guess refused unchecked (over
either limit) gives both back. Otherwise a burst on one token would push the account's counter
past ``ACCOUNT_LOCKOUT_THRESHOLD`` with only ``MAX_RETRY_ATTEMPTS`` codes checked: a lock with no
``AccountLockout`` row, no signal, no audit, and the user's right code refused."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from authstate import _attempts as attempts
from authstate import _lockout as lockout
from authstate.models import AccountLockout, AuditEvent
from tests.conftest import JsonClient
from tests.mfa.conftest import start, totp_code

pytestmark = pytest.mark.django_db(transaction=True)

BURST = 8


def test_a_burst_on_one_token_does_not_lock_the_account(
    api: Any, totp_device: Any, clock: Any, mfa_settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    mfa_settings(MAX_RETRY_ATTEMPTS=2, ACCOUNT_LOCKOUT_THRESHOLD=4)  # the defaults' shape: 5 < 10
    token = start(api)["mfa_token"]
    real_take, answers = attempts.take, []
    body = {"mfa_token": token, "factor": "totp", "code": "000000"}

    def post() -> None:
        answers.append(JsonClient().post_json("/api/mfa/verify", body))

    def take(*args: Any, **kwargs: Any) -> Any:
        """Each guess, once reserved, lets the next one in before it is checked: all ``BURST``
        are reserved before any is checked (run one at a time, so SQLite sees no concurrency)."""
        taken = real_take(*args, **kwargs)
        if taken.numbers and taken.numbers[-1] < BURST:  # the account's number: 1..BURST
            thread = threading.Thread(target=post)
            thread.start()
            thread.join()
        return taken

    monkeypatch.setattr(attempts, "take", take)
    post()
    monkeypatch.setattr(attempts, "take", real_take)
    assert len(answers) == BURST
    assert sorted(a.json()["error"]["code"] for a in answers).count("invalid_code") == 1  # the first
    checked = AuditEvent.objects.filter(event="mfa_failed").count()
    assert checked == 2  # MAX_RETRY_ATTEMPTS: that limit holds
    assert not AccountLockout.objects.exists()  # 2 < ACCOUNT_LOCKOUT_THRESHOLD: no lock
    counted = lockout.failures("alice", lockout.Kind.FACTOR)
    clock.advance(totp_device.step)
    again = start(api)["mfa_token"]  # the user, with password and phone, 30 s later
    right = {"mfa_token": again, "factor": "totp", "code": totp_code(totp_device, clock.now)}
    answer = api.post_json("/api/mfa/verify", right)
    assert (counted, answer.status_code) == (checked, 200), (counted, answer.json())
