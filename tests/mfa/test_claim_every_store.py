"""``MfaStore.claim`` on every store: with and without tombstones (``CACHE_TTL=0``: Redis sends
``GETDEL`` in its ``MULTI``), a missing record, an ended one, and a refusal racing a completion."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from authstate.mfa import _records as records
from authstate.mfa.stores import current_store
from authstate.models import Login
from tests.conftest import JsonClient
from tests.mfa.conftest import start, totp_code

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("store_kind")]

LIVE = {"state": "CHALLENGED", "n": 1}
ENDED = {"state": "COMPLETED", "n": 1}


@pytest.mark.parametrize("ttl", [0, 60])
def test_claim_once_whatever_the_ttl(ttl: int) -> None:
    store = current_store()
    store.save("tok-claim-aaaaaaaa", LIVE, 60)
    assert store.claim("tok-claim-aaaaaaaa", ENDED, ttl, remembered=60) == LIVE
    assert store.load("tok-claim-aaaaaaaa") == (ENDED if ttl else None)
    store.save("tok-claim-aaaaaaaa", LIVE, 60)  # a late refusal writes it back live
    assert store.claim("tok-claim-aaaaaaaa", ENDED, ttl, remembered=60) is None
    assert store.claim("tok-claim-missing0", ENDED, ttl, remembered=60) is None
    assert store.load("tok-claim-missing0") is None


def test_claim_of_an_ended_record_is_no_completion() -> None:
    store = current_store()
    store.save("tok-claim-bbbbbbbb", {"state": "LOCKED"}, 60)  # bury(): no claim marker
    found = store.claim("tok-claim-bbbbbbbb", ENDED, 60, remembered=60)
    assert found == {"state": "LOCKED"}  # records.claim -> False
    # the loser's end replaces the LOCKED tombstone, as ``replace`` always did
    assert store.load("tok-claim-bbbbbbbb") == ENDED


def test_refusal_racing_completion_with_no_tombstones(
    api: Any, totp_device: Any, clock: Any, monkeypatch: pytest.MonkeyPatch, settings: Any, mfa_settings: Any
) -> None:
    mfa_settings(CACHE_TTL=0)
    settings.AUTHSTATE = {**settings.AUTHSTATE, "ALLOW_MULTIPLE_LOGINS": True}
    token = start(api)["mfa_token"]
    right = {"mfa_token": token, "factor": "totp", "code": totp_code(totp_device, clock.now)}
    original, completed = records.save, []

    def save(pending: Any) -> None:
        if not completed:
            thread = threading.Thread(target=lambda: completed.append(JsonClient().post_json("/api/mfa/verify", right)))
            thread.start()
            thread.join()
        original(pending)

    monkeypatch.setattr(records, "save", save)
    wrong = api.post_json("/api/mfa/verify", {"mfa_token": token, "factor": "totp", "code": "000000"})
    assert (wrong.status_code, completed[0].status_code) == (401, 200)
    clock.advance(totp_device.step)
    again = {"mfa_token": token, "factor": "totp", "code": totp_code(totp_device, clock.now)}
    assert api.post_json("/api/mfa/verify", again).status_code == 401
    cancelled = api.post_json("/api/mfa/cancel", {"mfa_token": token})  # the revived record ends nothing
    assert cancelled.status_code == 401
    assert Login.objects.filter(user=totp_device.user).count() == 1
