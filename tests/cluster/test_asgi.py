"""The demo over ASGI: two uvicorn instances of ``demo_project.asgi`` behind the same HAProxy.

The topology of the gunicorn suite (shared Redis and PostgreSQL, round robin, no stickiness)
with ``uvicorn`` in place of gunicorn; a form login, a REST login and an HTML MFA login each
cross instances at every step, as under WSGI.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.cluster.client import Client, assert_alternating
from tests.cluster.conftest import REDIS_PASSWORD
from tests.cluster.logins import enroll_totp, form_login, html_mfa_start, me_twice, rest_login
from tests.cluster.processes import Proc
from tests.cluster.topology import INSTANCE_NAMES, ROOT, Cluster, Instance, app_environment, run
from tests.services import RedisServer, free_port

#: How docs/deployment.md runs the demo under uvicorn: HAProxy's X-Forwarded-* believed, and
#: idle keep-alive connections held longer than HAProxy keeps them (as gunicorn's keepalive).
UVICORN_OPTIONS = ["--proxy-headers", "--forwarded-allow-ips", "127.0.0.1", "--timeout-keep-alive", "65"]


@dataclass
class AsgiInstance(Instance):
    """One ``uvicorn demo_project.asgi:application`` process (one worker)."""

    def start(self) -> AsgiInstance:
        args = [sys.executable, "-m", "uvicorn", "demo_project.asgi:application", "--app-dir", str(ROOT)]
        args += ["--host", "127.0.0.1", "--port", str(self.port), *UVICORN_OPTIONS, "--timeout-graceful-shutdown", "1"]
        self.proc = Proc(self.name, args, self.workdir / f"{self.name}.log", self.env).start()
        return self


@pytest.fixture(scope="module")
def asgi_cluster(cluster_dir: Path, database_url: str) -> Iterator[Cluster]:
    with ExitStack() as stack:
        workdir = cluster_dir / "asgi"
        (workdir / "redis").mkdir(parents=True)
        redis = RedisServer(free_port(), REDIS_PASSWORD, workdir / "redis")
        stack.callback(redis.stop)
        redis.start()

        def instance(name: str) -> AsgiInstance:
            env = app_environment(database_url=database_url, redis_url=redis.url, instance=name)
            return AsgiInstance(name, env, workdir)

        instances: dict[str, Instance] = {name: instance(name) for name in INSTANCE_NAMES}
        yield run(stack, instances, workdir, redis)


@pytest.fixture
def asgi_client(asgi_cluster: Cluster) -> Client:
    return Client(asgi_cluster.url)


def test_instances_really_run_uvicorn(asgi_cluster: Cluster, asgi_client: Client) -> None:
    response = asgi_client.get("/health")
    assert response.status_code == 200 and response.headers["server"] == "uvicorn"
    assert all("uvicorn" in " ".join(i.proc.args) for i in asgi_cluster.instances.values() if i.proc)


def test_form_login_over_asgi(asgi_client: Client, fresh_user: Callable[[], str]) -> None:
    username = fresh_user()
    form_login(asgi_client, username)
    assert_alternating(asgi_client.served)
    first, _ = me_twice(asgi_client)
    assert (first["username"], first["state"], first["flow"]) == (username, "session", "form")


def test_rest_login_over_asgi(asgi_client: Client, fresh_user: Callable[[], str]) -> None:
    username = fresh_user()
    tokens = rest_login(asgi_client, username)
    first, _ = me_twice(asgi_client, tokens["access_token"])
    assert (first["username"], first["state"], first["flow"], first["amr"]) == (username, "oauth2", "rest", ["pwd"])


def test_mfa_login_over_asgi(asgi_cluster: Cluster, asgi_client: Client, fresh_user: Callable[[], str]) -> None:
    username = fresh_user()
    authenticator = enroll_totp(asgi_cluster.url, username)
    asgi_client.served.clear()
    page = html_mfa_start(asgi_client, username)
    done = asgi_client.submit_form(page, {"code": authenticator.code()})
    assert (done.status_code, done.headers["Location"]) == (302, "/")
    assert_alternating(asgi_client.served)
    first, _ = me_twice(asgi_client)
    assert (first["username"], first["state"], first["flow"]) == (username, "session", "mfa")
    assert sorted(first["amr"]) == ["mfa", "otp", "pwd"]
