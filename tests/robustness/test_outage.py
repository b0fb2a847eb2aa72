"""A cache outage (Redis down) answers 503 with Retry-After on every kind of endpoint, then recovers."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache.backends.locmem import LocMemCache
from django.test import Client
from redis.exceptions import ConnectionError as RedisConnectionError

from tests.conftest import PASSWORD, JsonClient, bearer

UNAVAILABLE = {
    "error": {
        "code": "service_unavailable",
        "message": "The service is briefly unavailable; retry shortly.",
        "retry_after": 5,
    }
}


@pytest.fixture
def outage(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Every cache call fails as django-redis does when Redis is down; ``outage.end()`` heals it."""

    def down(*args: Any, **kwargs: Any) -> Any:
        raise RedisConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    class Outage:
        def start(self) -> None:
            for name in ("get", "set", "add", "delete", "get_many", "set_many", "delete_many", "incr", "has_key"):
                monkeypatch.setattr(LocMemCache, name, down)

        def end(self) -> None:
            monkeypatch.undo()

    return Outage()


def assert_unavailable(response: Any) -> None:
    assert response.status_code == 503, response.content[:300]
    assert response.json() == UNAVAILABLE
    assert response["Retry-After"] == "5"


def test_json_login_me_and_refresh_answer_503_then_recover(user: Any, outage: Any) -> None:
    api = JsonClient(raise_request_exception=False)
    tokens = api.post_json("/api/auth", {"username": user.username, "password": PASSWORD}).json()
    outage.start()
    assert_unavailable(api.post_json("/api/auth", {"username": user.username, "password": PASSWORD}))
    assert_unavailable(api.get("/api/me", **bearer(tokens["access_token"])))
    refreshed = api.post_json("/api/auth/refresh", {"refresh_token": tokens["refresh_token"]})
    assert refreshed.status_code == 200  # refresh families live in the database: no cache needed
    outage.end()
    assert api.get("/api/me", **bearer(tokens["access_token"])).status_code == 200
    assert api.post_json("/api/auth", {"username": user.username, "password": PASSWORD}).status_code == 200


def test_form_login_and_session_pages_answer_503(user: Any, outage: Any) -> None:
    browser = Client(raise_request_exception=False)
    outage.start()
    assert_unavailable(browser.post("/login", {"username": user.username, "password": PASSWORD}))
    page = browser.get("/account/logins")  # Django's cache sessions read a failure as "no session"
    assert (page.status_code, page["Location"]) == (302, "/login?next=/account/logins")
    outage.end()
    assert browser.post("/login", {"username": user.username, "password": PASSWORD}).status_code == 302


def test_health_reports_the_outage_itself(db: Any, outage: Any) -> None:
    outage.start()
    response = Client().get("/health")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "failing": ["cache"]}


def test_other_server_errors_stay_500(user: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("a bug, not an outage")

    monkeypatch.setattr("authstate.pipeline._login.authenticate", broken)
    client = JsonClient(raise_request_exception=False)
    response = client.post_json("/api/auth", {"username": "a", "password": "b"})
    assert response.status_code == 500
