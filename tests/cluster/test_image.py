"""The image boots: the Dockerfile replayed in a venv, run with docker-compose.yml's environment.

No Docker engine here, so :mod:`tests.cluster.image` follows the Dockerfile step by step (its
install line read from the file, ``collectstatic`` included), the compose file's ``migrate``
command prepares a fresh database, and the image's ``CMD`` (gunicorn with the shipped config)
serves it with ``DEBUG`` off, on the compose environment with Redis and PostgreSQL swapped for
the suite's. Static files must come from WhiteNoise: Django serves none without ``DEBUG``.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
import requests

from tests.cluster.client import Client
from tests.cluster.compose import load, read_env_file
from tests.cluster.image import Image, image_environment
from tests.cluster.postgres import pg_bindir
from tests.cluster.processes import Proc
from tests.cluster.topology import ROOT
from tests.cluster.totp import Authenticator
from tests.services import RedisServer, free_port, wait_for_port

STATIC = ROOT / "authstate" / "static" / "authstate" / "authstate.js"


@dataclass
class Running:
    image: Image
    env: dict[str, str]
    url: str
    totp_secret: str


def _create_database(database_url: str, name: str) -> str:
    url = urlparse(database_url)
    owner = ["-O", url.username] if url.username else []
    createdb = [str(pg_bindir() / "createdb"), "-h", "127.0.0.1", "-p", str(url.port), "-U", "postgres", *owner, name]
    subprocess.run(createdb, check=True, capture_output=True, cwd="/")
    return url._replace(path=f"/{name}").geturl()


def _migrate_command() -> list[str]:
    """The compose file's one-shot ``migrate`` service, as the image would run it."""
    services = load(ROOT / "docker-compose.yml", read_env_file(ROOT / ".env.example"))["services"]
    return [str(part) for part in services["migrate"]["command"]]


def _serve(stack: ExitStack, image: Image, env: dict[str, str], command: list[str], name: str) -> str:
    port = int(env["GUNICORN_BIND"].rsplit(":", 1)[1])
    # The image's WORKDIR is the working directory of CMD (relative config path included).
    args = ["sh", "-c", f'cd "{image.workdir}" && exec "$@"', name, *command]
    proc = Proc(name, args, image.root / f"{name}.log", {**image.env, **env})
    stack.callback(proc.stop)
    proc.start()
    try:
        wait_for_port(port, timeout=30)
    except Exception:
        pytest.fail(f"{name} did not listen:\n{proc.tail()}")
    return f"http://127.0.0.1:{port}"


@pytest.fixture(scope="module")
def image(cluster_dir: Path) -> Image:
    root = cluster_dir / "image"
    root.mkdir()
    return Image(root, root / "build.log").build()


@pytest.fixture(scope="module")
def running(image: Image, cluster_dir: Path, postgres: Any) -> Iterator[Running]:
    with ExitStack() as stack:
        redis_dir = cluster_dir / "image-redis"
        redis_dir.mkdir()
        password = read_env_file(ROOT / ".env.example")["REDIS_PASSWORD"]
        redis = RedisServer(free_port(), password, redis_dir)
        stack.callback(redis.stop)
        redis.start()
        env = image_environment(
            {
                # A database of its own, as its owner: the compose migrate service's role (the
                # least-privileged app role is proven by the rest of the suite).
                "DATABASE_URL": _create_database(postgres.url, "image"),
                "AUTHSTATE_REDIS_URL": redis.url,
                "GUNICORN_BIND": f"127.0.0.1:{free_port()}",
            }
        )
        setup = image.run(_migrate_command(), env).stdout
        secret = re.search(r"TOTP secret of the demo user.*: (\w+)", setup)
        assert secret, setup
        url = _serve(stack, image, env, image.command(), "image-gunicorn")
        yield Running(image, env, url, secret[1])


def test_the_image_installs_the_demo_extra_and_collects_static_files(image: Image) -> None:
    assert image.install_lines, "the Dockerfile has no pip install line"
    image.run(["python", "-c", "import demo_project.settings, whitenoise, gunicorn, uvicorn, psycopg"])
    assert image.workdir is not None
    collected = image.workdir / "staticfiles"
    assert (collected / "authstate" / "authstate.js").read_bytes() == STATIC.read_bytes()
    assert (collected / "admin" / "css" / "base.css").is_file()


def test_gunicorn_serves_health_login_and_static_files_without_debug(running: Running) -> None:
    assert running.env["DJANGO_DEBUG"] == "false"
    assert running.image.cmd == ["gunicorn", "-c", "demo_project/deploy/gunicorn.conf.py"]
    _assert_serves(running.url)


def test_a_form_login_with_mfa_works_in_the_image(running: Running) -> None:
    """The compose migrate service made the demo user with a TOTP device; the real hasher checks it."""
    client = Client(running.url)
    password = client.submit_form(client.get("/login"), {"username": "demo", "password": "demo-password"})
    assert (password.status_code, password.headers.get("Location")) == (302, "/mfa/choose"), password.text[:500]
    verify = client.follow(client.submit_form(client.follow(password), {"factor": "totp"}))
    done = client.submit_form(verify, {"code": Authenticator(running.totp_secret).code()})
    assert (done.status_code, done.headers.get("Location")) == (302, "/"), done.text[:500]
    me = client.me()
    assert (me.status_code, me.json()["username"], me.json()["state"]) == (200, "demo", "session")


def test_uvicorn_serves_the_same_image_over_asgi(running: Running) -> None:
    """The ASGI entry point runs from the image too, WhiteNoise included."""
    port = free_port()
    command = ["uvicorn", "demo_project.asgi:application", "--host", "127.0.0.1", "--port", str(port)]
    with ExitStack() as stack:
        env = {**running.env, "GUNICORN_BIND": f"127.0.0.1:{port}"}
        _assert_serves(_serve(stack, running.image, env, command, "image-uvicorn"))


def _assert_serves(url: str) -> None:
    def get(path: str) -> requests.Response:
        # Generous: the first request of a fresh worker imports the whole project, and CI machines
        # are shared; a bound on waiting, not a timing assertion.
        return requests.get(url + path, headers={"Host": "localhost"}, timeout=60, allow_redirects=False)

    health, login = get("/health"), get("/login")
    assert (health.status_code, health.json()["status"]) == (200, "ok"), health.text
    assert login.status_code == 200 and 'name="password"' in login.text, login.text[:500]
    script, admin_css = get("/static/authstate/authstate.js"), get("/static/admin/css/base.css")
    assert (script.status_code, script.content) == (200, STATIC.read_bytes())
    assert "javascript" in script.headers["Content-Type"]
    assert admin_css.status_code == 200 and "text/css" in admin_css.headers["Content-Type"]
