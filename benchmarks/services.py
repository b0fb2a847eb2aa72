"""Child processes of a run: redis-server, gunicorn instances, HAProxy; on 127.0.0.1, stopped by PID."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from authstate.testing._ports import free_port, wait_for_port

ROOT = Path(__file__).resolve().parent.parent
DEBIAN_PACKAGES = {"wrk": "wrk", "redis-server": "redis-server", "haproxy": "haproxy"}


def ensure_binaries() -> None:
    """Install the Debian packages of missing tools when running as root (CI), else say what is missing."""
    missing = [pkg for binary, pkg in DEBIAN_PACKAGES.items() if shutil.which(binary) is None]
    if not missing:
        return
    if os.geteuid() != 0:
        raise SystemExit(f"missing: {' '.join(missing)} (install them with apt-get)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", *missing], check=True, env=env, stdout=subprocess.DEVNULL)


@dataclass
class Process:
    """One child process, its port, and its log file."""

    name: str
    port: int
    args: list[str]
    log: Path
    env: dict[str, str] = field(default_factory=dict)
    popen: subprocess.Popen[bytes] | None = None

    def start(self) -> Process:
        with self.log.open("wb") as out:
            self.popen = subprocess.Popen(
                self.args, cwd=ROOT, env={**os.environ, **self.env}, stdout=out, stderr=subprocess.STDOUT
            )
        return self

    @property
    def pid(self) -> int:
        assert self.popen is not None
        return self.popen.pid

    def ready(self) -> Process:
        wait_for_port(self.port, timeout=20.0)
        return self

    def stop(self) -> None:
        if self.popen is None or self.popen.poll() is not None:
            return
        self.popen.send_signal(signal.SIGTERM)
        try:
            self.popen.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.popen.kill()
            self.popen.wait()


def redis(workdir: Path) -> Process:
    port = free_port()
    args = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    return Process("redis", port, [*args, "--dir", str(workdir)], workdir / "redis.log")


def gunicorn(name: str, workdir: Path, env: dict[str, str]) -> Process:
    """One instance: one sync worker, so a request's cost is the worker's time, not the OS scheduler's."""
    port = free_port()
    args = [sys.executable, "-m", "gunicorn", "benchmarks.wsgi:application", "--bind", f"127.0.0.1:{port}"]
    args += ["--workers", "1", "--worker-class", "sync", "--backlog", "256", "--timeout", "180"]
    args += ["--log-level", "warning"]
    return Process(name, port, args, workdir / f"{name}.log", {**env, "INSTANCE_NAME": name})


def haproxy(workdir: Path, backends: list[Process]) -> Process:
    port = free_port()
    servers = "\n".join(f"    server {b.name} 127.0.0.1:{b.port}" for b in backends)
    config = workdir / "haproxy.cfg"
    config.write_text(
        "global\n    maxconn 512\n"
        "defaults\n    mode http\n    timeout connect 2s\n    timeout client 10s\n    timeout server 10s\n"
        f"frontend fe\n    bind 127.0.0.1:{port}\n    default_backend apps\n"
        f"backend apps\n    balance roundrobin\n{servers}\n"
    )
    return Process("haproxy", port, ["haproxy", "-f", str(config), "-db"], workdir / "haproxy.log")


def rss_kib(pid: int) -> int:
    """Resident set size of one process, from ``/proc``."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in path.read_text().split()] if path.exists() else []


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of one process so far (``/proc/<pid>/stat``)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return 0.0
    fields = stat[stat.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def settled_cpu(pids: list[int], *, also: tuple[int, ...] = (), interval: float = 0.05, limit: float = 5.0) -> float:
    """CPU time of ``pids`` (plus ``also``) once ``pids`` have gone idle, so a request the client
    cut off at the end is finished and counted. ``also`` is for always-ticking servers (Redis)."""
    deadline = time.monotonic() + limit
    last = sum(map(cpu_seconds, pids))
    while time.monotonic() < deadline:
        time.sleep(interval)
        now = sum(map(cpu_seconds, pids))
        if now == last:
            break
        last = now
    return last + sum(map(cpu_seconds, also))
