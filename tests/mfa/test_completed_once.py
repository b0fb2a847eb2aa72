"""One MFA attempt ends in at most one login, even when a wrong code is being refused while a
right one completes it: the refusal must not write the live attempt back over its end."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from authstate.mfa import _records as records
from authstate.models import Login
from tests.conftest import JsonClient
from tests.mfa.conftest import start, totp_code

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("store_kind")]


def test_a_refusal_racing_the_completion_does_not_revive_the_attempt(
    api: Any, totp_device: Any, clock: Any, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    settings.AUTHSTATE = {**settings.AUTHSTATE, "ALLOW_MULTIPLE_LOGINS": True}  # a second login would stay
    token = start(api)["mfa_token"]
    right = {"mfa_token": token, "factor": "totp", "code": totp_code(totp_device, clock.now)}
    original, completed = records.save, []

    def save(pending: Any) -> None:
        if not completed:  # the wrong code's refusal, about to write the attempt back
            thread = threading.Thread(target=lambda: completed.append(JsonClient().post_json("/api/mfa/verify", right)))
            thread.start()
            thread.join()
        original(pending)

    monkeypatch.setattr(records, "save", save)
    wrong = api.post_json("/api/mfa/verify", {"mfa_token": token, "factor": "totp", "code": "000000"})
    assert (wrong.status_code, completed[0].status_code) == (401, 200)
    clock.advance(totp_device.step)
    again = {"mfa_token": token, "factor": "totp", "code": totp_code(totp_device, clock.now)}
    third = api.post_json("/api/mfa/verify", again)
    assert third.status_code == 401
    assert Login.objects.filter(user=totp_device.user).count() == 1
