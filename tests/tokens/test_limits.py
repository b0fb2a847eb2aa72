"""Concurrent-login limits in both states: newest wins, refuse mode, LRU cap, same device replaces."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from authstate.models import Login
from tests.conftest import bearer

Alive = Callable[[], bool]


@pytest.fixture(params=["session", "oauth2"])
def log_in(request: pytest.FixtureRequest, token_login: Any, session_login: Any) -> Callable[..., tuple[Any, Alive]]:
    """Log in in one state; returns the response and a probe telling whether that login still works."""

    def login(device_id: str = "") -> tuple[Any, Alive]:
        if request.param == "oauth2":
            client, response = token_login(**({"device_id": device_id} if device_id else {}))
            headers = bearer(response.json()["access_token"]) if response.status_code == 200 else {}
        else:
            client, response = session_login(**({"HTTP_X_DEVICE_ID": device_id} if device_id else {}))
            headers = {}
        return response, lambda: client.get("/api/me", **headers).status_code == 200

    return login


def test_single_login_newest_wins(log_in: Any) -> None:
    _, first = log_in()
    _, second = log_in()
    assert (first(), second()) == (False, True)
    assert Login.objects.get(revoked_at__isnull=False).revoked_reason == "evicted"


def test_a_new_login_wins_over_one_used_after_it_began(log_in: Any) -> None:
    """The old login's last use is stamped after the new one began (another instance's clock is
    ahead, or it served a request in the same instant): the new login still replaces it."""
    _, first = log_in()
    Login.objects.update(last_seen_at=timezone.now() + timedelta(minutes=1))
    response, second = log_in()
    assert response.status_code in (200, 302)
    assert (first(), second()) == (False, True)


def test_single_login_refuse_mode(log_in: Any, configure: Any) -> None:
    configure(MAX_LOGINS_PREVENTS_LOGIN=True)
    _, first = log_in()
    refused, _ = log_in()
    assert refused.status_code == 409
    assert first()
    assert Login.objects.active().count() == 1
    # the refused login's row ended at once, for the record (the admin, the audit of its user)
    assert Login.objects.get(revoked_at__isnull=False).revoked_reason == "refused"


def test_a_refused_login_from_a_known_device_leaves_that_device_signed_in(log_in: Any, configure: Any) -> None:
    configure(ALLOW_MULTIPLE_LOGINS=True, MAX_CONCURRENT_LOGINS=1, MAX_LOGINS_PREVENTS_LOGIN=True)
    _, phone = log_in("phone")
    refused, _ = log_in("laptop")
    assert refused.status_code == 409
    assert phone()
    again, _ = log_in("phone")  # replaces the phone's own login: within the limit
    assert again.status_code in (200, 302)
    assert not phone()
    assert [login.revoked_reason for login in Login.objects.order_by("created_at")] == ["replaced", "refused", ""]


def test_refusal_body_for_json(token_login: Any, configure: Any) -> None:
    configure(MAX_LOGINS_PREVENTS_LOGIN=True)
    token_login()
    _, refused = token_login()
    assert refused.json() == {
        "error": {
            "code": "login_limit_reached",
            "message": "The maximum number of concurrent logins has been reached.",
            "limit": 1,
        }
    }


def test_multiple_logins_evict_the_least_recently_used(log_in: Any, configure: Any) -> None:
    configure(ALLOW_MULTIPLE_LOGINS=True, MAX_CONCURRENT_LOGINS=2)
    _, first = log_in()
    _, second = log_in()
    Login.objects.filter(pk=Login.objects.order_by("created_at")[1].pk).update(
        last_seen_at=timezone.now() - timedelta(hours=1)
    )
    _, third = log_in()
    assert (first(), second(), third()) == (True, False, True)


def test_multiple_logins_refuse_mode(log_in: Any, configure: Any) -> None:
    configure(ALLOW_MULTIPLE_LOGINS=True, MAX_CONCURRENT_LOGINS=2, MAX_LOGINS_PREVENTS_LOGIN=True)
    _, first = log_in()
    _, second = log_in()
    refused, _ = log_in()
    assert refused.status_code == 409
    assert first() and second()


def test_same_device_replaces_instead_of_counting(log_in: Any, configure: Any) -> None:
    configure(ALLOW_MULTIPLE_LOGINS=True, MAX_CONCURRENT_LOGINS=2, MAX_LOGINS_PREVENTS_LOGIN=True)
    _, other = log_in("phone")
    _, laptop = log_in("laptop")
    again, laptop_again = log_in("laptop")
    assert again.status_code in (200, 302)
    assert (other(), laptop(), laptop_again()) == (True, False, True)
    assert Login.objects.get(device_id="laptop", revoked_at__isnull=False).revoked_reason == "replaced"


def test_limits_count_both_states_together(token_login: Any, session_login: Any) -> None:
    client, _ = session_login()
    token_login()
    assert client.get("/api/me").status_code in (401, 403)


def test_revoked_session_is_logged_out_even_if_its_session_survives(session_login: Any) -> None:
    client, _ = session_login()
    assert client.get("/api/me").status_code == 200
    login = Login.objects.get()
    Login.objects.filter(pk=login.pk).update(revoked_at=timezone.now(), revoked_reason="admin")
    from authstate.logins import _activity as activity

    activity.forget_revoked(login)  # what records.revoke does, minus deleting the session
    assert client.get("/api/me").status_code in (401, 403)


def test_session_requests_record_last_seen(session_login: Any, configure: Any) -> None:
    configure(LAST_SEEN_INTERVAL=0)
    client, _ = session_login()
    before = Login.objects.get().last_seen_at
    client.get("/api/me")
    assert Login.objects.get().last_seen_at > before
