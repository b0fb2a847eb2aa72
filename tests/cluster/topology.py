"""The seed's topology on 127.0.0.1: HAProxy round robin → two gunicorn instances → Redis + PostgreSQL.

HAProxy reads the very file docker-compose.yml mounts (``demo_project/deploy/haproxy.cfg``),
with its addresses overridden through environment variables; gunicorn reads
``demo_project/deploy/gunicorn.conf.py``. Instances are started and healthy before HAProxy
starts, and HAProxy has served ``/health`` from every instance before a test sends traffic.
"""

from __future__ import annotations

import os
import sys
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import requests

from tests.cluster.processes import Proc, stop_all
from tests.services import RedisServer, free_port, require_binary, wait_for_port

ROOT = Path(__file__).resolve().parents[2]
HAPROXY_CFG = ROOT / "demo_project" / "deploy" / "haproxy.cfg"
GUNICORN_CONF = ROOT / "demo_project" / "deploy" / "gunicorn.conf.py"
ADMIN_ALLOWLIST = ROOT / "demo_project" / "deploy" / "admin-allowlist.acl"
#: HAProxy connects to the instances from here; test clients use other 127.0.0.0/8 addresses.
PROXY_ADDRESS = "127.0.0.1"
#: Every instance must share the secret key: it signs CSRF tokens, cookies and the JWTs.
SECRET_KEY = "cluster-suite-secret-key-shared-by-every-instance-0123456789abcdef"
INSTANCE_NAMES = ("app1", "app2")  # the server names in haproxy.cfg, used as INSTANCE_NAME too
_OWN_ENV_PREFIXES = ("AUTHSTATE_", "DJANGO_", "DATABASE_URL", "GUNICORN_", "INSTANCE_NAME", "DEMO_")


def app_environment(*, database_url: str, redis_url: str | None, instance: str = "") -> dict[str, str]:
    """The demo's environment (what docker-compose.yml sets), without leaks from the caller's."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(_OWN_ENV_PREFIXES)}
    env |= {
        "DJANGO_SETTINGS_MODULE": "tests.cluster.settings",
        "DJANGO_SECRET_KEY": SECRET_KEY,
        "DJANGO_DEBUG": "false",
        "AUTHSTATE_CLIENT_SECRET": "cluster-suite-oauth2-client-secret",
        "DATABASE_URL": database_url,
        "GUNICORN_WORKERS": "1",
        "GUNICORN_GRACEFUL_TIMEOUT": "1",  # idle keep-alive connections from HAProxy would hold it 10 s
        # What compose passes, for this topology's proxy: HAProxy's address, as a CIDR network.
        "GUNICORN_FORWARDED_ALLOW_IPS": PROXY_ADDRESS,
        "AUTHSTATE_TRUSTED_PROXIES": f"{PROXY_ADDRESS}/32",
        "PYTHONPATH": str(ROOT),
    }
    if instance:
        env["INSTANCE_NAME"] = instance
    if redis_url:
        env["AUTHSTATE_REDIS_URL"] = redis_url
    return env


@dataclass
class Instance:
    """One gunicorn instance of the demo (one worker, so an instance is one process)."""

    name: str
    env: dict[str, str]
    workdir: Path
    port: int = field(default_factory=free_port)
    proc: Proc | None = None

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self) -> Instance:
        args = [sys.executable, "-m", "gunicorn", "-c", str(GUNICORN_CONF), "-b", self.address, "--chdir", str(ROOT)]
        self.proc = Proc(self.name, args, self.workdir / f"{self.name}.log", self.env).start()
        return self

    def wait_healthy(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.proc is not None and self.proc.alive(), f"{self.name} exited:\n{self.tail()}"
            if _status(f"http://{self.address}/health") == 200:
                return
            time.sleep(0.1)
        raise TimeoutError(f"{self.name} not healthy after {timeout}s:\n{self.tail()}")

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.kill()

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.stop()

    def tail(self) -> str:
        return self.proc.tail() if self.proc else ""


def _status(url: str) -> int:
    try:
        return requests.get(url, headers={"Host": "localhost"}, timeout=2).status_code
    except requests.RequestException:
        return 0


@dataclass
class Balancer:
    """``haproxy -db`` (foreground) on the shared config, pointed at the instances."""

    instances: list[Instance]
    workdir: Path
    port: int = field(default_factory=free_port)
    proc: Proc | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Balancer:
        env = dict(os.environ, HAPROXY_BIND=f"127.0.0.1:{self.port}", HAPROXY_CHECK_INTER="500ms")
        env["HAPROXY_ADMIN_ALLOWLIST"] = str(ADMIN_ALLOWLIST)
        env |= {f"APP{i}_ADDR": instance.address for i, instance in enumerate(self.instances, start=1)}
        args = [require_binary("haproxy"), "-f", str(HAPROXY_CFG), "-db"]
        self.proc = Proc("haproxy", args, self.workdir / "haproxy.log", env).start()
        wait_for_port(self.port)
        return self

    def wait_serving(self, names: set[str], timeout: float = 20) -> None:
        """Poll ``/health`` through HAProxy until each named instance has answered it."""
        seen: set[str] = set()
        deadline = time.monotonic() + timeout
        while not names <= seen:
            if time.monotonic() > deadline:
                raise TimeoutError(f"HAProxy served only {seen} of {names}:\n{self.proc.tail() if self.proc else ''}")
            response = requests.get(f"{self.url}/health", timeout=5)
            if response.status_code == 200:
                seen.add(response.headers.get("X-Served-By", ""))
            else:
                time.sleep(0.1)


@dataclass
class Cluster:
    """A running topology; tests kill and restart its parts through these methods."""

    balancer: Balancer
    instances: dict[str, Instance]
    redis: RedisServer | None = None

    @property
    def url(self) -> str:
        return self.balancer.url

    def kill_instance(self, name: str) -> None:
        """SIGKILL an instance; HAProxy learns it from a refused connection or its next check."""
        self.instances[name].kill()

    def restart_instance(self, name: str) -> None:
        instance = self.instances[name]
        instance.start().wait_healthy()
        self.balancer.wait_serving(set(self.instances))

    def restart_redis(self) -> None:
        """Stop Redis gracefully (SIGTERM flushes the AOF) and start it again on the same data."""
        assert self.redis is not None
        self.redis.stop()
        self.redis.start(appendonly=True)
        self.balancer.wait_serving(set(self.instances))  # health checks failed while Redis was down


def run(stack: ExitStack, instances: dict[str, Instance], workdir: Path, redis: RedisServer | None) -> Cluster:
    """Start the instances and HAProxy in front (stopped with ``stack``), once each answers."""
    balancer = Balancer(list(instances.values()), workdir)
    stack.callback(lambda: stop_all([balancer.proc, *(instance.proc for instance in instances.values())]))
    for instance in instances.values():
        instance.start()
    for instance in instances.values():
        instance.wait_healthy()
    balancer.start().wait_serving(set(instances))
    return Cluster(balancer, dict(instances), redis)
