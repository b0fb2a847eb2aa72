"""Cookie transports through real HTTP: a gunicorn-served demo and a cookie jar that honours
``Path``, so the refresh cookie reaches the refresh and logout URLs and nothing else."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import requests

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
    for command in (["migrate", "--noinput"], ["demo_setup"]):
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


def _login(base: str) -> requests.Session:
    session = requests.Session()
    response = session.post(f"{base}/api/auth", json={"username": "demo", "password": DEMO_PASSWORD}, timeout=30)
    assert response.status_code == 200, response.text
    return session


def _cookie_paths(session: requests.Session, name: str) -> set[str]:
    return {cookie.path for cookie in session.cookies if cookie.name == name and cookie.value}


@pytest.mark.parametrize("transport", ["COOKIE", "HEADER_COOKIE"])
def test_cookie_transport_over_http(demo_server: Callable[[str], str], transport: str) -> None:
    base = demo_server(transport)
    session = _login(base)
    assert _cookie_paths(session, "authstate_refresh") == {"/api/auth/refresh", "/logout"}
    refreshed = session.post(f"{base}/api/auth/refresh", timeout=30)
    assert refreshed.status_code == 200, refreshed.text
    body = refreshed.json()
    access = {} if transport == "COOKIE" else {"Authorization": f"Bearer {body['access_token']}"}
    me = session.get(f"{base}/api/me", headers=access, timeout=30)
    assert me.status_code == 200 and me.json()["state"] == "oauth2"
    logout = session.post(f"{base}/logout", headers={"Accept": "application/json", **access}, timeout=30)
    assert logout.json() == {"status": "LOGGED_OUT"}
    assert _cookie_paths(session, "authstate_refresh") == set()
    assert session.post(f"{base}/api/auth/refresh", timeout=30).status_code == 401
