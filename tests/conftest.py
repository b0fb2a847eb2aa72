"""Shared fixtures: users, JSON and HTML clients, and login helpers for both states."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.test import Client

from authstate.conf import auth_settings

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _fresh_cache_and_settings() -> Any:
    caches["default"].clear()
    auth_settings.reload()
    yield
    auth_settings.reload()


@pytest.fixture
def make_user(db: Any) -> Callable[..., Any]:
    def make(username: str = "alice", password: str = PASSWORD, **extra: Any) -> Any:
        extra.setdefault("email", f"{username}@example.com")
        return get_user_model().objects.create_user(username=username, password=password, **extra)

    return make


@pytest.fixture
def user(make_user: Callable[..., Any]) -> Any:
    return make_user()


class JsonClient(Client):
    """A test client that speaks JSON and returns parsed bodies via ``.json()``."""

    def post_json(self, path: str, data: Any = None, **extra: Any) -> Any:
        return self.post(path, json.dumps(data or {}), content_type="application/json", **extra)


@pytest.fixture
def api() -> JsonClient:
    return JsonClient()


@pytest.fixture
def csrf_client() -> Client:
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def rest_login(api: JsonClient, user: Any) -> Callable[..., Any]:
    def login(username: str = "alice", password: str = PASSWORD, **extra: Any) -> Any:
        response = api.post_json("/api/auth", {"username": username, "password": password, **extra})
        assert response.status_code == 200, response.content
        return response.json()

    return login


@pytest.fixture
def admin_client(admin_user: Any) -> Client:
    """pytest-django's, but signed in through authstate's login page, as the demo's admin asks."""
    client = Client()
    response = client.post("/login", {"username": admin_user.username, "password": "password"})
    assert response.status_code == 302, response.content
    return client


def bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


pytest_plugins = ["tests.services"]
