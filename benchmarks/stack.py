"""Everything a run starts, in order, and stops by PID whatever happens."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks import client, services
from benchmarks.services import Process

#: Instance name → preferred password hasher, whether it reports its costs, and its settings.
#: ``plain`` is a plain Django + DRF stack (no authstate middleware) for the DRF session peer.
INSTANCES = {
    "main": ("pbkdf2", False, "benchmarks.settings"),
    "main-2": ("pbkdf2", False, "benchmarks.settings"),
    "fast": ("md5", False, "benchmarks.settings"),
    "probe": ("md5", True, "benchmarks.settings"),
    "plain": ("md5", False, "benchmarks.settings_plain"),
    "plain-probe": ("md5", True, "benchmarks.settings_plain"),
}
#: The instance that counts the costs of a timed one's requests (never timed itself).
PROBES = {"plain": "plain-probe"}


@dataclass
class Stack:
    workdir: Path
    processes: dict[str, Process] = field(default_factory=dict)

    def port(self, name: str) -> int:
        return self.processes[name].port

    def start(self) -> Stack:
        redis = self._add(services.redis(self.workdir).start()).ready()
        env = {
            "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
            "AUTHSTATE_REDIS_URL": f"redis://127.0.0.1:{redis.port}/0",
            "BENCH_DB": str(self.workdir / "bench.sqlite3"),
        }
        subprocess.run(
            [sys.executable, "-m", "benchmarks.seed"], cwd=services.ROOT, env={**os.environ, **env}, check=True
        )
        for name, (hasher, costs, settings) in INSTANCES.items():
            extra = {"BENCH_HASHER": hasher, "BENCH_COSTS": "1" if costs else "0", "DJANGO_SETTINGS_MODULE": settings}
            self._add(services.gunicorn(name, self.workdir, {**env, **extra}).start())
        for name in INSTANCES:
            self.processes[name].ready()
            # The first request imports the URLconf and every view: not something to time.
            client.expect(client.call(self.port(name), "GET", "/peer/floor", timeout=180))
        backends = [self.processes["main"], self.processes["main-2"]]
        self._add(services.haproxy(self.workdir, backends).start()).ready()
        return self

    @staticmethod
    def probe_for(instance: str) -> str:
        return PROBES.get(instance, "probe")

    def server_pids(self, name: str) -> list[int]:
        """The processes whose CPU a request to ``name`` costs: its workers (via HAProxy: both, and HAProxy)."""
        backends = ["main", "main-2"] if name == "haproxy" else [name]
        pids = [worker for backend in backends for worker in services.children(self.processes[backend].pid)]
        return [*pids, self.processes["haproxy"].pid] if name == "haproxy" else pids

    @property
    def redis_pid(self) -> int:
        return self.processes["redis"].pid

    def rss(self) -> dict[str, dict[str, int]]:
        """RSS in KiB of each instance's master and worker."""
        result = {}
        for name in INSTANCES:
            master = self.processes[name].pid
            workers = services.children(master)
            result[name] = {"master_kib": services.rss_kib(master), "worker_kib": sum(map(services.rss_kib, workers))}
        return result

    def stop(self) -> None:
        for process in reversed(list(self.processes.values())):
            process.stop()

    def _add(self, process: Process) -> Process:
        self.processes[process.name] = process
        return process
