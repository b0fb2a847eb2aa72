"""Fixtures for token and login tests: settings overrides, both-state login helpers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from tests.conftest import PASSWORD, JsonClient


@pytest.fixture
def configure(settings: Any) -> Callable[..., None]:
    """Override top-level ``AUTHSTATE`` keys for one test (the settings object reloads)."""

    def apply(**overrides: Any) -> None:
        settings.AUTHSTATE = {**settings.AUTHSTATE, **overrides}

    return apply


@pytest.fixture
def token_login(user: Any) -> Callable[..., Any]:
    """A REST login on a fresh client; returns ``(client, response)``."""

    def login(client: JsonClient | None = None, **extra: Any) -> tuple[JsonClient, Any]:
        client = client or JsonClient()
        response = client.post_json("/api/auth", {"username": "alice", "password": PASSWORD, **extra})
        return client, response

    return login


@pytest.fixture
def session_login(user: Any) -> Callable[..., Any]:
    """A form login on a fresh client; returns ``(client, response)``."""

    def login(client: Client | None = None, **headers: Any) -> tuple[Client, Any]:
        client = client or Client()
        response = client.post("/login", {"username": "alice", "password": PASSWORD}, **headers)
        return client, response

    return login
