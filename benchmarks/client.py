"""A tiny HTTP client for setting a run up: logins, sessions, MFA enrollment (not for load)."""

from __future__ import annotations

import http.client
import json
import re
import time
import urllib.parse
from dataclasses import dataclass
from http.cookies import SimpleCookie
from typing import Any

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass(frozen=True)
class Reply:
    status: int
    headers: dict[str, str]
    cookies: dict[str, str]
    body: bytes
    seconds: float

    def json(self) -> Any:
        return json.loads(self.body)


def call(
    port: int, method: str, path: str, *, body: Any = None, headers: dict[str, str] | None = None, timeout: float = 60
) -> Reply:
    """One request on a fresh connection; ``body`` is sent as JSON unless it is already a string."""
    headers = dict(headers or {})
    data = None
    if body is not None:
        data = body if isinstance(body, str) else json.dumps(body)
        headers.setdefault("Content-Type", "application/json")
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    started = time.perf_counter()
    try:
        connection.request(method, path, body=data, headers=headers)
        response = connection.getresponse()
        payload = response.read()
    finally:
        connection.close()
    cookies = SimpleCookie()
    for value in response.headers.get_all("Set-Cookie") or []:
        cookies.load(value)
    return Reply(
        response.status,
        {k.lower(): v for k, v in response.getheaders()},
        {name: morsel.value for name, morsel in cookies.items()},
        payload,
        time.perf_counter() - started,
    )


def expect(reply: Reply, status: int = 200) -> Reply:
    if reply.status != status:
        raise RuntimeError(f"expected {status}, got {reply.status}: {reply.body[:300]!r}")
    return reply


def rest_login(port: int, username: str, password: str, path: str = "/api/auth") -> dict[str, Any]:
    return expect(call(port, "POST", path, body={"username": username, "password": password})).json()


def session_login(port: int, username: str, password: str) -> str:
    """Log in through the HTML form flow (CSRF and all); returns the session cookie's value."""
    page = expect(call(port, "GET", "/login"))
    match = CSRF_INPUT.search(page.body.decode())
    if match is None:
        raise RuntimeError("no csrfmiddlewaretoken on /login")
    form = urllib.parse.urlencode({"csrfmiddlewaretoken": match.group(1), "username": username, "password": password})
    reply = call(
        port,
        "POST",
        "/login",
        body=form,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={page.cookies['csrftoken']}",
        },
    )
    expect(reply, 302)
    return reply.cookies["sessionid"]


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
