"""Fuzzing fixtures: a logged-in user's bearer token, and the request tally printed at the end."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import PASSWORD
from tests.fuzz.counting import COUNT


@pytest.fixture
def bearer_token(make_user: Any, api: Any) -> str:
    make_user("fuzzer")
    response = api.post_json("/api/auth", {"username": "fuzzer", "password": PASSWORD})
    assert response.status_code == 200, response.content
    return str(response.json()["access_token"])


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if COUNT.requests:
        terminalreporter.write_line(COUNT.summary())
