"""Redis with a replica and a Sentinel, from the same ``redis-server`` binary (``--sentinel``).

Debian's ``redis-sentinel`` package only adds a service around ``redis-server --sentinel``, so
the binary the suite already needs can run the whole failover. One sentinel, quorum 1, a master
declared down after 500 ms: enough to prove the demo follows a failover, not a production layout.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import redis
from redis.sentinel import Sentinel

from tests.cluster.processes import Proc
from tests.services import free_port, require_binary, wait_for_port

SERVICE = "mymaster"


@dataclass
class ReplicatedRedis:
    workdir: Path
    password: str
    ports: dict[str, int] = field(default_factory=lambda: {n: free_port() for n in ("master", "replica", "sentinel")})
    procs: dict[str, Proc] = field(default_factory=dict)

    @property
    def url(self) -> str:
        """The django-redis LOCATION: the host part is the Sentinel service name."""
        return f"redis://:{self.password}@{SERVICE}/0"

    @property
    def sentinels(self) -> str:
        return f"127.0.0.1:{self.ports['sentinel']}"

    def start(self) -> ReplicatedRedis:
        self._server("master", [])
        self._server("replica", ["--replicaof", "127.0.0.1", str(self.ports["master"])])
        self.wait_replicated()
        self._sentinel()
        return self

    def _server(self, name: str, extra: list[str]) -> None:
        directory = self.workdir / name
        directory.mkdir(parents=True)
        args = [require_binary("redis-server"), "--port", str(self.ports[name]), "--bind", "127.0.0.1"]
        args += ["--dir", str(directory), "--appendonly", "yes", "--save", ""]
        args += ["--requirepass", self.password, "--masterauth", self.password, *extra]
        self.procs[name] = Proc(name, args, directory / "redis.log").start()
        wait_for_port(self.ports[name])

    def _sentinel(self) -> None:
        config = self.workdir / "sentinel.conf"  # Sentinel rewrites its config file: it must be writable
        config.write_text(
            f"port {self.ports['sentinel']}\nbind 127.0.0.1\n"
            f"sentinel monitor {SERVICE} 127.0.0.1 {self.ports['master']} 1\n"
            f"sentinel auth-pass {SERVICE} {self.password}\n"
            f"sentinel down-after-milliseconds {SERVICE} 500\nsentinel failover-timeout {SERVICE} 5000\n"
        )
        args = [require_binary("redis-server"), str(config), "--sentinel"]
        self.procs["sentinel"] = Proc("sentinel", args, self.workdir / "sentinel.log").start()
        wait_for_port(self.ports["sentinel"])
        self._until(lambda: bool(self._monitor().sentinel_slaves(SERVICE)), "Sentinel never saw the replica")

    def wait_replicated(self) -> None:
        """Block until the replica has every write the master acknowledged (Redis ``WAIT``)."""
        master = redis.Redis(port=self.ports["master"], password=self.password)
        self._until(lambda: master.wait(1, 200) == 1, "the replica did not catch up")

    def fail_over(self) -> None:
        """SIGKILL the master and wait until Sentinel has promoted the replica."""
        self.procs["master"].kill()
        replica = ("127.0.0.1", self.ports["replica"])
        self._until(
            lambda: Sentinel([("127.0.0.1", self.ports["sentinel"])]).discover_master(SERVICE) == replica,
            "Sentinel did not promote the replica",
        )

    def _monitor(self) -> redis.Redis:
        return redis.Redis(port=self.ports["sentinel"], decode_responses=True)

    def _until(self, condition: object, message: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                if condition():  # type: ignore[operator]
                    return
            except redis.RedisError:
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(message)
            time.sleep(0.1)

    def stop(self) -> None:
        for proc in reversed(self.procs.values()):
            proc.stop()
