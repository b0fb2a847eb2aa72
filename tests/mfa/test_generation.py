"""Issue 18, finding 8: a new password ends pending MFA attempts; "log out everywhere" ends them
and every remembered device (the user's generation moves on)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from authstate.logins import _records as records
from authstate.models import UserGeneration
from tests.mfa.conftest import start, totp_code

pytestmark = pytest.mark.django_db


def verify(api: Any, token: str, device: Any, clock: Any, **extra: Any) -> Any:
    payload = {"mfa_token": token, "factor": "totp", "code": totp_code(device, clock.now), **extra}
    return api.post_json("/api/mfa/verify", payload)


def test_a_new_password_ends_a_pending_mfa_login(api: Any, user: Any, totp_device: Any, clock: Any) -> None:
    token = start(api)["mfa_token"]
    user.set_password("a brand new passphrase 42")
    user.save()
    response = verify(api, token, totp_device, clock)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "mfa_expired"
    assert verify(api, token, totp_device, clock).json()["error"]["code"] == "mfa_expired"  # buried


def test_a_password_written_without_signals_ends_it_too(api: Any, user: Any, totp_device: Any, clock: Any) -> None:
    token = start(api)["mfa_token"]
    get_user_model().objects.filter(pk=user.pk).update(password=make_password("another passphrase 42"))
    assert verify(api, token, totp_device, clock).status_code == 401


def test_logout_everywhere_ends_a_pending_mfa_login(api: Any, user: Any, totp_device: Any, clock: Any) -> None:
    token = start(api)["mfa_token"]
    records.revoke_all(user, "logout_all")
    assert verify(api, token, totp_device, clock).json()["error"]["code"] == "mfa_expired"


def test_an_unrelated_change_keeps_it(api: Any, user: Any, totp_device: Any, clock: Any) -> None:
    token = start(api)["mfa_token"]
    user.first_name = "Alice"
    user.save()
    assert verify(api, token, totp_device, clock).json()["status"] == "AUTHENTICATED"


def test_logout_everywhere_forgets_remembered_devices(api: Any, user: Any, totp_device: Any, clock: Any) -> None:
    verify(api, start(api)["mfa_token"], totp_device, clock, remember_device=True)
    body = start(api)
    assert body["status"] == "AUTHENTICATED"  # remembered
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {body['access_token']}"}
    assert api.post_json("/api/auth/logout-all", {}, **bearer).status_code == 200
    assert start(api)["status"] == "MFA_REQUIRED"


def test_generations_count_up_per_user(user: Any, make_user: Any) -> None:
    bob = make_user("bob")
    assert UserGeneration.objects.current(user) == 0
    UserGeneration.objects.bump(user)
    UserGeneration.objects.bump(user)
    assert (UserGeneration.objects.current(user), UserGeneration.objects.current(bob)) == (2, 0)
