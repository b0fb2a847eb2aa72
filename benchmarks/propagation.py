"""Revocation propagation: log out on one instance, how soon is the token refused on another?

Each sample logs in on ``fast``, uses the token on ``probe`` until that instance serves it from
its own memory (``LOCAL_ACTIVITY_CACHE_SIZE``), logs out on ``fast``, then asks ``probe`` again
and again until it answers 401. The delay is measured from the logout's answer to the first
refusal (so it includes one request's own latency); any 200 in between is a *stale answer*,
which instant revocation must never give.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass

from benchmarks import client
from benchmarks.seed import PASSWORD

USER = "bench-login-fast"
WARM_REQUESTS = 3
GIVE_UP_AFTER = 5.0  # seconds: a sample this slow is reported as such, never waited on forever


@dataclass(frozen=True)
class Propagation:
    samples: int
    p50_ms: float
    p99_ms: float
    max_ms: float
    stale_answers: int

    def line(self) -> str:
        return (
            f"Revocation propagation (logout on one instance, refused on another, {self.samples} samples): "
            f"p50 {self.p50_ms:.1f} ms, p99 {self.p99_ms:.1f} ms, max {self.max_ms:.1f} ms, "
            f"{self.stale_answers} stale answers"
        )


def measure(logout_port: int, check_port: int, samples: int = 30) -> Propagation:
    delays, stale = [], 0
    for _ in range(samples):
        delay, served = _one(logout_port, check_port)
        delays.append(delay * 1000)
        stale += served
    delays.sort()
    p99 = delays[min(len(delays) - 1, round(0.99 * (len(delays) - 1)))]
    return Propagation(len(delays), statistics.median(delays), p99, delays[-1], stale)


def _one(logout_port: int, check_port: int) -> tuple[float, int]:
    """Seconds from the logout's answer to the first refusal, and 200s answered meanwhile."""
    token = client.rest_login(logout_port, USER, PASSWORD)["access_token"]
    headers = client.bearer(token)
    for _ in range(WARM_REQUESTS):
        client.expect(client.call(check_port, "GET", "/api/me", headers=headers))
    client.expect(client.call(logout_port, "POST", "/logout", headers=headers))
    answered, stale = time.perf_counter(), 0
    while time.perf_counter() - answered < GIVE_UP_AFTER:
        reply = client.call(check_port, "GET", "/api/me", headers=headers)
        if reply.status == 401:
            return time.perf_counter() - answered, stale
        stale += reply.status == 200
    return time.perf_counter() - answered, stale
