"""Cookie transports through real HTTP: a gunicorn-served demo and a cookie jar that honours
``Path``, so the refresh cookie reaches the refresh and logout URLs and nothing else."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any
from urllib.error import HTTPError
from urllib.request import HTTPCookieProcessor, Request, build_opener

import pytest

from tests.services import free_port, wait_for_port

ROOT = Path(__file__).resolve().parents[2]
DEMO_PASSWORD = "demo-password"


def _environment(database: Path, transport: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AUTHSTATE_", "DJANGO_", "DATABASE_URL"))}
    return env | {
        "DJANGO_SETTINGS_MODULE": "demo_project.settings",
        "DEMO_SQLITE_PATH": str(database),
        "AUTHSTATE_TOKEN_TRANSPORT": transport,
        "PYTHONPATH": str(ROOT),
    }


@pytest.fixture(scope="module")
def migrated_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo database migrated once per module, with the demo user; tests copy it."""
    path = tmp_path_factory.mktemp("demo") / "template.sqlite3"
    env = _environment(path, "HEADER")
    for command in (["migrate", "--noinput"], ["demo_setup", "--no-totp"]):
        done = subprocess.run(
            [sys.executable, "manage.py", *command], cwd=ROOT, env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
    return path


@pytest.fixture
def demo_server(tmp_path: Path, migrated_database: Path) -> Iterator[Callable[[str], str]]:
    """Start the demo under gunicorn with a transport; every process is stopped by PID."""
    processes: list[subprocess.Popen[bytes]] = []

    def start(transport: str) -> str:
        database = tmp_path / "demo.sqlite3"
        shutil.copyfile(migrated_database, database)
        port = free_port()
        args = [sys.executable, "-m", "gunicorn", "-w", "1", "-b", f"127.0.0.1:{port}", "demo_project.wsgi:application"]
        log = (tmp_path / "gunicorn.log").open("wb")
        env = _environment(database, transport)
        processes.append(subprocess.Popen(args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT))
        wait_for_port(port, timeout=60)
        return f"http://localhost:{port}"

    yield start
    for process in processes:
        process.terminate()
        process.wait(timeout=10)


class Browser:
    """Just enough of a browser: a cookie jar that honours Path and Max-Age, JSON in and out."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = CookieJar()
        self.opener = build_opener(HTTPCookieProcessor(self.jar))

    def call(self, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None) -> tuple[int, Any]:
        data = json.dumps(body).encode() if body is not None else None
        all_headers = {"Content-Type": "application/json", "Accept": "application/json", **(headers or {})}
        request = Request(self.base + path, data=data, method=method, headers=all_headers)
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, json.loads(response.read() or b"null")
        except HTTPError as error:
            return error.code, json.loads(error.read() or b"null")

    def cookie_paths(self, name: str) -> set[str]:
        return {cookie.path for cookie in self.jar if cookie.name == name and cookie.value}


@pytest.mark.parametrize("transport", ["COOKIE", "HEADER_COOKIE"])
def test_cookie_transport_over_http(demo_server: Callable[[str], str], transport: str) -> None:
    browser = Browser(demo_server(transport))
    status, _ = browser.call("POST", "/api/auth", {"username": "demo", "password": DEMO_PASSWORD})
    assert status == 200
    assert browser.cookie_paths("authstate_refresh") == {"/api/auth/refresh", "/logout"}
    status, body = browser.call("POST", "/api/auth/refresh")
    assert status == 200, body
    access = {} if transport == "COOKIE" else {"Authorization": f"Bearer {body['access_token']}"}
    status, me = browser.call("GET", "/api/me", headers=access)
    assert (status, me["state"]) == (200, "oauth2")
    status, body = browser.call("POST", "/logout", headers=access)
    assert (status, body) == (200, {"status": "LOGGED_OUT"})
    assert browser.cookie_paths("authstate_refresh") == set()
    assert browser.call("POST", "/api/auth/refresh")[0] == 401
