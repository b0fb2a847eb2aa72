"""Revocation seen by a second process through a real redis-server, at once."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import bearer

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.redis


@pytest.fixture(scope="module")
def redis_env(redis_server: Any) -> dict[str, str]:
    return {"AUTHSTATE_TEST_REDIS_URL": redis_server.url, "AUTHSTATE_TEST_REDIS_PREFIX": uuid.uuid4().hex}


@pytest.fixture(scope="module")
def worker(redis_env: dict[str, str]) -> Iterator[subprocess.Popen[str]]:
    """The second process, started once for the module and stopped by PID."""
    env = {**os.environ, **redis_env, "DJANGO_SETTINGS_MODULE": "tests.tokens.redis_settings"}
    args = [sys.executable, "-m", "tests.tokens.second_process"]
    process = subprocess.Popen(args, cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None and process.stdout.readline().strip() == "ready"
        yield process
    finally:
        process.kill()
        process.wait(timeout=10)


@pytest.fixture
def second_process(worker: subprocess.Popen[str], redis_env: dict[str, str], settings: Any) -> Callable[..., str]:
    """This process and the worker share the same Redis (cache, sessions, revocations)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": redis_env["AUTHSTATE_TEST_REDIS_URL"],
            "KEY_PREFIX": redis_env["AUTHSTATE_TEST_REDIS_PREFIX"],
        }
    }

    def ask(kind: str, value: str) -> str:
        assert worker.stdin is not None and worker.stdout is not None
        worker.stdin.write(f"{kind} {value}\n")
        worker.stdin.flush()
        return worker.stdout.readline().strip()

    return ask


def test_logout_is_seen_by_the_second_process(api: Any, rest_login: Any, second_process: Any) -> None:
    token = rest_login()["access_token"]
    assert second_process("token", token) == "alice"
    assert api.post("/logout", **bearer(token)).status_code == 200
    assert second_process("token", token) == "login_revoked"


def test_reuse_detection_is_seen_by_the_second_process(
    api: Any, rest_login: Any, second_process: Any, settings: Any
) -> None:
    settings.AUTHSTATE = {**settings.AUTHSTATE, "REFRESH_ROTATE_THRESHOLD": 604801000, "REFRESH_REUSE_GRACE": 0}
    body = rest_login()
    new = api.post_json("/api/auth/refresh", {"refresh_token": body["refresh_token"]}).json()
    assert second_process("token", new["access_token"]) == "alice"
    api.post_json("/api/auth/refresh", {"refresh_token": body["refresh_token"]})
    assert second_process("token", new["access_token"]) == "login_revoked"


def test_deactivation_and_session_eviction_are_seen(
    client: Any, rest_login: Any, user: Any, second_process: Any
) -> None:
    from tests.conftest import PASSWORD

    client.post("/login", {"username": "alice", "password": PASSWORD})
    session_key = client.cookies["sessionid"].value
    assert second_process("session", session_key) == "exists"
    token = rest_login()["access_token"]  # one login per user: the session is evicted
    assert second_process("session", session_key) == "gone"
    user.is_active = False
    user.save()
    assert second_process("token", token) == "login_revoked"
