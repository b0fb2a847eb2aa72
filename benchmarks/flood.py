"""A normal login while 8 anonymous clients flood the OAuth2 endpoints with wrong client secrets.

``python -m benchmarks --only flood``. The flooders and the measured logins go to the same
instance ("main": one sync worker, PBKDF2 passwords), so every flood request the worker handles
delays the logins queued behind it. Before issue 18 each flood request cost a PBKDF2 check
(~0.55 s of CPU) and was never throttled; now a wrong secret costs one HMAC, and past the
failure limits (``THROTTLE.IP_FAILURES`` per address, ``ACCOUNT_FAILURES`` per client) the
answer is a 429 without any check at all. Reported: login p50 alone and under the flood, and
what the flooders were answered.
"""

from __future__ import annotations

import secrets
import statistics
import threading
from collections import Counter
from dataclasses import dataclass, field

from benchmarks import client
from benchmarks.seed import PASSWORD

FLOODERS = 8
ENDPOINTS = ("/oauth2/token", "/oauth2/introspect", "/oauth2/revoke")
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@dataclass
class FloodResult:
    alone_ms: float
    flooded_ms: float
    logins: int
    flood_requests: int
    flood_statuses: dict[str, int] = field(default_factory=dict)

    def line(self) -> str:
        statuses = ", ".join(f"{code}: {n}" for code, n in sorted(self.flood_statuses.items()))
        return (
            f"Login (PBKDF2) with {FLOODERS} anonymous OAuth2 flooders: p50 {self.flooded_ms:.0f} ms "
            f"vs {self.alone_ms:.0f} ms alone ({self.logins} logins each; {self.flood_requests} flood "
            f"requests answered {statuses})"
        )


def _login_ms(port: int, username: str) -> float:
    reply = client.expect(client.call(port, "POST", "/api/auth", body={"username": username, "password": PASSWORD}))
    return reply.seconds * 1000


def _flood(port: int, n: int, stop: threading.Event, statuses: Counter[str], lock: threading.Lock) -> None:
    """Wrong secrets: for the settings client on even requests, for made-up client ids on odd ones."""
    sent = 0
    while not stop.is_set():
        client_id = "default-client" if sent % 2 == 0 else f"flood-{n}-{sent}"
        body = f"grant_type=refresh_token&token=x&client_id={client_id}&client_secret={secrets.token_urlsafe(16)}"
        reply = client.call(port, "POST", ENDPOINTS[sent % len(ENDPOINTS)], body=body, headers=FORM, timeout=120)
        with lock:
            statuses[str(reply.status)] += 1
        sent += 1


def measure(port: int, username: str, logins: int = 4) -> FloodResult:
    alone = [_login_ms(port, username) for _ in range(logins)]
    stop, lock, statuses = threading.Event(), threading.Lock(), Counter[str]()
    threads = [threading.Thread(target=_flood, args=(port, n, stop, statuses, lock)) for n in range(FLOODERS)]
    for thread in threads:
        thread.start()
    try:
        threading.Event().wait(1.0)  # the flood is under way before the first measured login
        flooded = [_login_ms(port, username) for _ in range(logins)]
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    return FloodResult(
        alone_ms=statistics.median(alone),
        flooded_ms=statistics.median(flooded),
        logins=logins,
        flood_requests=sum(statuses.values()),
        flood_statuses=dict(statuses),
    )
