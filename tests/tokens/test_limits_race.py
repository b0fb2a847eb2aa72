"""Two logins of one user at once, without a transaction around them: the limit still holds.

The second login runs whole (in its own thread and connection) between the first one's look at
the active logins and its INSERT: the worst interleaving of two parallel requests."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from authstate.logins import _records as records
from authstate.models import Login
from tests.conftest import PASSWORD, JsonClient, bearer

pytestmark = pytest.mark.django_db(transaction=True)


def interleaved(monkeypatch: pytest.MonkeyPatch, login: Callable[[], Any]) -> list[Any]:
    """Run ``login`` once; a second ``login`` runs whole just before the first one's row is made."""
    original, inner = records.start, []

    def start(*args: Any, **kwargs: Any) -> Login:
        if not inner:
            inner.append(None)
            thread = threading.Thread(target=lambda: inner.append(login()))
            thread.start()
            thread.join()
        return original(*args, **kwargs)

    monkeypatch.setattr(records, "start", start)
    return [login(), inner[1]]


def rest_login() -> Any:
    return JsonClient().post_json("/api/auth", {"username": "alice", "password": PASSWORD})


def alive(response: Any) -> bool:
    return JsonClient().get("/api/me", **bearer(response.json()["access_token"])).status_code == 200


def test_two_parallel_logins_leave_one_when_one_is_allowed(user: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = interleaved(monkeypatch, rest_login)
    assert (first.status_code, second.status_code) == (200, 200)
    assert Login.objects.active().filter(user_id=user.pk).count() == 1
    assert [alive(first), alive(second)].count(True) == 1


def test_two_parallel_logins_in_refuse_mode_admit_one(
    user: Any, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.AUTHSTATE = {**settings.AUTHSTATE, "MAX_LOGINS_PREVENTS_LOGIN": True}
    responses = interleaved(monkeypatch, rest_login)
    assert sorted(response.status_code for response in responses) == [200, 409]
    assert Login.objects.active().filter(user_id=user.pk).count() == 1
    assert [alive(response) for response in responses if response.status_code == 200] == [True]


def form_login() -> Client:
    client = Client()
    client.post("/login", {"username": "alice", "password": PASSWORD})
    return client


def test_a_browser_whose_parallel_login_lost_is_not_signed_in(user: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Session state: the login that lost ends with its session, which the response must not
    write back (it would hold the user without a login)."""
    clients = interleaved(monkeypatch, form_login)
    assert Login.objects.active().filter(user_id=user.pk).count() == 1
    assert sorted(client.get("/api/me").status_code for client in clients) == [200, 401]
