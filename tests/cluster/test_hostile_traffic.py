"""Hostile clients against the shipped haproxy.cfg and gunicorn.conf.py (issue 18).

Slow clients are held by HAProxy, never by an instance; clients cannot steer SCRIPT_NAME or the
scheme; /admin/ answers only the allowlist; behind the proxy each client has its own throttle.
Test clients connect from 127.0.0.2+ so that they are not the proxy (127.0.0.1). Nothing here is
timed: requests have generous timeouts, and the point is that they are answered at all.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from urllib.parse import urlparse

import pytest

from tests.cluster.client import Client
from tests.cluster.logins import PASSWORD, form_login, rest_login
from tests.cluster.topology import Cluster

ATTACKER, VICTIM, OUTSIDER = "127.0.0.2", "127.0.0.3", "127.0.0.4"
SLOW_BODIES, SLOW_HEADERS = 20, 8  # more than both instances' threads (2 x 4) and HAProxy's maxconn (2 x 8)
SLOW_BODY = (
    b"POST /api/auth HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 4000\r\n\r\n{"
)
SLOW_HEAD = b"GET /health HTTP/1.1\r\nHost: localhost\r\nX-Slow: "


def _port(cluster: Cluster) -> int:
    return int(urlparse(cluster.url).port or 0)


@contextmanager
def trickling(port: int, starts: list[bytes]) -> Iterator[list[socket.socket]]:
    """Open one connection per start, send it, then one more byte each 0.5 s until the block ends."""
    sockets = [socket.create_connection(("127.0.0.1", port), timeout=5) for _ in starts]
    for sock, start in zip(sockets, starts, strict=True):
        sock.sendall(start)
    stop = threading.Event()

    def trickle() -> None:
        while not stop.wait(0.5):
            for sock in sockets:
                try:
                    sock.send(b"a")
                except OSError:  # HAProxy gave up on it (408): exactly what should happen
                    pass

    thread = threading.Thread(target=trickle, daemon=True)
    thread.start()
    try:
        yield sockets
    finally:
        stop.set()
        thread.join()
        for sock in sockets:
            sock.close()


def test_slow_bodies_and_headers_do_not_starve_health_or_logins(
    cluster: Cluster, fresh_user: Callable[[], str]
) -> None:
    starts = [SLOW_BODY] * SLOW_BODIES + [SLOW_HEAD] * SLOW_HEADERS
    with trickling(_port(cluster), starts):
        threading.Event().wait(2)  # several trickled bytes in: on an unbuffered proxy, every thread is held now
        client = Client(cluster.url, source=VICTIM)
        health = [client.get("/health", timeout=10) for _ in range(4)]
        assert [r.status_code for r in health] == [200] * 4, [r.text[:200] for r in health]
        assert set(client.served) == set(cluster.instances)  # both instances still in the pool
        assert rest_login(client, fresh_user())["access_token"]
        assert client.get("/health", timeout=10).status_code == 200


def test_bodies_over_the_limit_are_refused_by_the_proxy(cluster: Cluster) -> None:
    client = Client(cluster.url, source=OUTSIDER)
    big = client.request("POST", "/api/auth", data=b"x" * 60_000, headers={"Content-Type": "application/json"})
    assert (big.status_code, client.served[-1]) == (413, "")  # answered by HAProxy, no instance involved

    def chunks() -> Iterator[bytes]:
        yield from (b"x" * 10_000 for _ in range(6))

    chunked = client.request("POST", "/api/auth", data=chunks(), headers={"Content-Type": "application/json"})
    assert (chunked.status_code, client.served[-1]) == (413, "")


@pytest.mark.parametrize("via", ["haproxy", "instance"])
def test_clients_cannot_set_script_name(cluster: Cluster, via: str) -> None:
    """From a client (not the proxy), ``SCRIPT_NAME: /zz`` is dropped: never a 500."""
    base = cluster.url if via == "haproxy" else f"http://{cluster.instances['app1'].address}"
    client = Client(base, source=OUTSIDER)
    response = client.get("/health", headers={"SCRIPT_NAME": "/zz", "Host": "localhost"})
    assert response.status_code == 200, response.text[:300]
    admin = client.get("/admin/", headers={"SCRIPT_NAME": "/zz", "Host": "localhost"})
    assert admin.status_code in (302, 403) if via == "instance" else admin.status_code == 403


@pytest.mark.parametrize("via", ["haproxy", "instance"])
def test_clients_cannot_set_the_scheme(cluster: Cluster, fresh_user: Callable[[], str], via: str) -> None:
    """A forged ``X-Forwarded-Proto: https`` would make Django check the http Referer as insecure (403)."""
    base = cluster.url if via == "haproxy" else f"http://{cluster.instances['app2'].address}"
    client = Client(base, source=OUTSIDER)
    client.http.headers.update({"X-Forwarded-Proto": "https", "Host": "localhost"})
    response = form_login(client, fresh_user())
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("source", "path", "expected"),
    [
        ("127.0.0.1", "/admin/", 302),
        (OUTSIDER, "/admin/", 403),
        (OUTSIDER, "/admin/login/", 403),
        (OUTSIDER, "/%61dmin/login/", 403),
        (OUTSIDER, "/ADMIN/", 403),
        (OUTSIDER, "/health", 200),
    ],
)
def test_admin_answers_only_the_allowlist(cluster: Cluster, source: str, path: str, expected: int) -> None:
    response = Client(cluster.url, source=source).get(path)
    assert response.status_code == expected, response.text[:300]


def test_one_clients_failures_do_not_throttle_another_behind_the_proxy(
    cluster: Cluster, fresh_user: Callable[[], str]
) -> None:
    """50 failed logins (THROTTLE.IP_FAILURES) from one client; another's right password still works."""
    attacker = Client(cluster.url, source=ATTACKER)

    def fail(n: int) -> int:
        body = {"username": f"nobody-{n}", "password": "wrong"}
        return attacker.post_json("/api/auth", body, timeout=60).status_code

    with ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(fail, range(50)))
    assert statuses == [401] * 50
    assert fail(50) == 429  # the attacker itself is throttled ...
    victim = Client(cluster.url, source=VICTIM)
    body = {"username": fresh_user(), "password": PASSWORD}
    assert victim.post_json("/api/auth", body).status_code == 200  # ... and only the attacker
