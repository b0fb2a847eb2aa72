"""Cluster fixtures: one PostgreSQL for the session, one Redis-backed and one in-memory topology.

Every process is registered for teardown before it is started, inside an ``ExitStack``, so a
failing start or a failing test still stops everything that did start (by PID / process group).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from tests.cluster.client import Client
from tests.cluster.logins import PASSWORD
from tests.cluster.postgres import Postgres
from tests.cluster.redis import ShippedRedis
from tests.cluster.topology import INSTANCE_NAMES, ROOT, Cluster, Instance, app_environment, run
from tests.services import RedisServer, free_port

REDIS_PASSWORD = "cluster-redis-secret-7c1e"
USERS = [f"cluster-{n:02d}" for n in range(1, 41)]


@pytest.fixture(scope="session")
def cluster_dir(request: pytest.FixtureRequest) -> Iterator[Path]:
    """Outside pytest's 0700 tmp root: the PostgreSQL server runs as the ``postgres`` user.

    Kept (with every process's log) when a test failed; removed otherwise.
    """
    path = Path(tempfile.mkdtemp(prefix="authstate-cluster-"))
    path.chmod(0o755)
    yield path
    if request.session.testsfailed:
        print(f"\ncluster logs kept in {path}")
    else:
        shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres(cluster_dir: Path) -> Iterator[Postgres]:
    """PostgreSQL with the shipped init script run, migrated as the owner, holding the suite's users."""
    with ExitStack() as stack:
        server = Postgres(cluster_dir / "postgres")
        stack.callback(server.stop)
        server.start()
        server.run_init_script()  # before migrating: default privileges cover the tables to come
        env = app_environment(database_url=server.url, redis_url=None)
        _manage(env, "shell", "-c", _MIGRATE_AND_CREATE_USERS)  # one Django start-up for both
        yield server


@pytest.fixture(scope="session")
def database_url(postgres: Postgres) -> str:
    """The instances connect as the least-privileged role, as in docker-compose.yml."""
    return postgres.app_url


_MIGRATE_AND_CREATE_USERS = f"""
from django.contrib.auth import get_user_model
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
User = get_user_model()
for name in {USERS!r}:
    User.objects.create_user(name, f"{{name}}@example.com", {PASSWORD!r})
"""


def _manage(env: dict[str, str], *args: str) -> None:
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, f"manage.py {args[0]} failed:\n{result.stdout}\n{result.stderr}"


@pytest.fixture(scope="session")
def fresh_user() -> Callable[[], str]:
    """A user no other test logged in (logins are limited per user, so tests must not share)."""
    names = iter(USERS)
    return lambda: next(names)


def _topology(stack: ExitStack, workdir: Path, database_url: str, redis: RedisServer | None) -> Cluster:
    workdir.mkdir()
    redis_url = redis.url if redis else None
    instances = {
        name: Instance(name, app_environment(database_url=database_url, redis_url=redis_url, instance=name), workdir)
        for name in INSTANCE_NAMES
    }
    return run(stack, instances, workdir, redis)


@pytest.fixture(scope="session")
def cluster(cluster_dir: Path, database_url: str) -> Iterator[Cluster]:
    """Redis (the shipped redis.conf and start script) shared by two instances: cache, sessions, MFA
    store, revocations, throttles."""
    with ExitStack() as stack:
        redis_dir = cluster_dir / "redis"
        redis_dir.mkdir()
        redis = ShippedRedis(free_port(), REDIS_PASSWORD, redis_dir)
        stack.callback(redis.stop)
        redis.start(appendonly=True)
        yield _topology(stack, cluster_dir / "shared", database_url, redis)


@pytest.fixture(scope="module")
def memory_cluster(cluster_dir: Path, database_url: str) -> Iterator[Cluster]:
    """The demo's embedded defaults on two instances: in-memory cache, sessions and MFA store."""
    with ExitStack() as stack:
        yield _topology(stack, cluster_dir / "memory", database_url, None)


@pytest.fixture
def client(cluster: Cluster) -> Client:
    return Client(cluster.url)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Everything under tests/cluster carries the ``cluster`` marker (``-m "not cluster"`` skips it)."""
    here = Path(__file__).parent
    for item in items:
        if item.path.is_relative_to(here):
            item.add_marker(pytest.mark.cluster)
