"""Bounded load with ``wrk``: a fixed duration on fixed connections, then a one-line JSON summary."""

from __future__ import annotations

import hashlib
import json
import statistics
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks import client

SUMMARY_MARK = "BENCH-SUMMARY "
DONE = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '%s{"requests": %d, "duration_us": %d, "p50_us": %d, "p90_us": %d, "p99_us": %d, "mean_us": %.1f, '
    .. '"socket_errors": %d, "bad_status": %d}\\n',
    "MARK", summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.mean, e.connect + e.read + e.write + e.timeout, e.status))
end
"""


@dataclass(frozen=True)
class Request:
    """What one scenario sends, over and over."""

    method: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    body: str = ""

    def lua(self) -> str:
        lines = [f"wrk.method = {_lua_string(self.method)}"]
        lines += [f"wrk.headers[{_lua_string(k)}] = {_lua_string(v)}" for k, v in self.headers.items()]
        if self.body:
            lines.append(f"wrk.body = {_lua_string(self.body)}")
        return "\n".join(lines) + DONE.replace("MARK", SUMMARY_MARK)


@dataclass(frozen=True)
class Result:
    requests: int
    duration_us: int
    p50_us: int
    p90_us: int
    p99_us: int
    mean_us: float
    socket_errors: int
    bad_status: int

    @property
    def rps(self) -> float:
        return self.requests / (self.duration_us / 1e6) if self.duration_us else 0.0


def run(port: int, request: Request, *, seconds: int, connections: int, workdir: Path) -> Result:
    """Drive ``request`` at 127.0.0.1:``port`` for ``seconds`` on ``connections`` connections."""
    lua = request.lua()
    script = workdir / f"wrk-{hashlib.sha1(lua.encode()).hexdigest()[:12]}.lua"
    script.write_text(lua)
    args = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s", "-s", str(script)]
    done = subprocess.run(
        [*args, f"http://127.0.0.1:{port}{request.path}"], capture_output=True, text=True, check=True, timeout=60
    )
    for line in done.stdout.splitlines():
        if line.startswith(SUMMARY_MARK):
            return Result(**json.loads(line[len(SUMMARY_MARK) :]))
    raise RuntimeError(f"wrk printed no summary:\n{done.stdout}\n{done.stderr}")


def count(port: int, request: Request, *, requests: int) -> Result:
    """Send ``request`` exactly ``requests`` times, one after another: for paths too slow for a
    duration to hold more than a handful (a full-strength password hash per request)."""
    times, bad = [], 0
    started = time.perf_counter()
    for _ in range(requests):
        reply = client.call(port, request.method, request.path, body=request.body or None, headers=request.headers)
        times.append(reply.seconds * 1e6)
        bad += reply.status >= 400
    times.sort()
    return Result(
        requests=requests,
        duration_us=int((time.perf_counter() - started) * 1e6),
        p50_us=int(statistics.median(times)),
        p90_us=int(times[min(len(times) - 1, int(len(times) * 0.9))]),
        p99_us=int(times[-1]),
        mean_us=statistics.fmean(times),
        socket_errors=0,
        bad_status=bad,
    )


def _lua_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
