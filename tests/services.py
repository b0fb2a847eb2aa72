"""Real services for integration tests: processes on 127.0.0.1, free ports, stopped by PID.

A missing binary is a test failure, never a skip: ``bin/test`` installs the Debian packages.
"""

from __future__ import annotations

import shutil
import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from authstate.testing._ports import free_port, wait_for_port


def require_binary(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is not installed (bin/test installs it with apt-get)")
    return path


@dataclass
class RedisServer:
    """A ``redis-server`` child process; ``url`` includes the password when one is set."""

    port: int
    password: str | None
    workdir: Path
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        auth = f":{self.password}@" if self.password else ""
        return f"redis://{auth}127.0.0.1:{self.port}/0"

    def start(self, *, appendonly: bool = False) -> RedisServer:
        args = [require_binary("redis-server"), "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
        args += ["--dir", str(self.workdir), "--appendonly", "yes" if appendonly else "no"]
        if self.password:
            args += ["--requirepass", self.password]
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        wait_for_port(self.port)
        return self

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> object:
    """One real redis-server for the test session (no persistence)."""
    server = RedisServer(free_port(), None, tmp_path_factory.mktemp("redis")).start()
    yield server
    server.stop()


@pytest.fixture
def redis_cache(settings: Any, redis_server: RedisServer) -> Iterator[Any]:
    """The default cache (sessions, login activity, counters) on the real Redis, under a key
    prefix of its own; each process's copy of login activity is closed afterwards."""
    from django.core.cache import caches

    from authstate.logins import _local as local

    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": redis_server.url,
            "KEY_PREFIX": uuid.uuid4().hex,
        }
    }
    yield caches["default"]
    local.reset()
