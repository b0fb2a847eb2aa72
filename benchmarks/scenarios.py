"""What is measured: each scenario is one request, sent to one instance, in one comparison group."""

from __future__ import annotations

import json
from dataclasses import dataclass

from benchmarks.load import Request
from benchmarks.seed import PASSWORD

#: Logins per PBKDF2 sample: Django's default 1,000,000 iterations take about 0.2 s of CPU each
#: here, too slow for a fixed duration. The kernel counts CPU time in 10 ms ticks, so one login a
#: sample (about 200 ms) reads ±5% off; four read ±1.25%. Twice the usual rounds.
PBKDF2_LOGINS = 4


@dataclass(frozen=True)
class Credentials:
    """Obtained once per run, before any timing."""

    authstate_token: str
    simplejwt_token: str
    session_cookie: str


@dataclass(frozen=True)
class Scenario:
    key: str
    label: str
    instance: str
    request: Request
    connections: int = 1
    #: When set, send exactly this many requests one by one instead of running wrk for a duration.
    count: int = 0


def _login(path: str, username: str) -> Request:
    body = json.dumps({"username": username, "password": PASSWORD})
    return Request("POST", path, {"Content-Type": "application/json"}, body)


def _get(path: str, **headers: str) -> Request:
    return Request("GET", path, headers)


def token_group(c: Credentials) -> list[Scenario]:
    return [
        Scenario("token.floor", "unauthenticated view (floor)", "main", _get("/peer/floor")),
        Scenario(
            "token.authstate",
            "authstate token + revocation",
            "main",
            _get("/api/me", Authorization=f"Bearer {c.authstate_token}"),
        ),
        Scenario(
            "token.simplejwt",
            "SimpleJWT JWTAuthentication",
            "main",
            _get("/peer/simplejwt/me", Authorization=f"Bearer {c.simplejwt_token}"),
        ),
    ]


def session_group(c: Credentials) -> list[Scenario]:
    cookie = f"sessionid={c.session_cookie}"
    return [
        Scenario("session.authstate", "authstate session", "main", _get("/api/me", Cookie=cookie)),
        Scenario("session.drf", "DRF SessionAuthentication", "main", _get("/peer/drf-session/me", Cookie=cookie)),
        Scenario(
            "session.plain", "DRF session, plain Django+DRF", "plain", _get("/peer/plain-session/me", Cookie=cookie)
        ),
    ]


def login_group(prefix: str, instance: str, username: str, hasher: str, count: int = 0) -> list[Scenario]:
    paths = [
        ("authstate", "authstate REST login", "/api/auth"),
        ("dj_rest_auth", "dj-rest-auth + SimpleJWT", "/peer/dj-rest-auth/login/"),
        ("bare", "bare authenticate() + token", "/peer/bare/login"),
    ]
    return [
        Scenario(f"{prefix}.{key}", f"{label} ({hasher})", instance, _login(path, username), count=count)
        for key, label, path in paths
    ]


def scale_group(c: Credentials) -> list[Scenario]:
    request = _get("/api/me", Authorization=f"Bearer {c.authstate_token}")
    return [
        Scenario("scale.direct", "token /api/me, 1 instance direct", "main", request, connections=4),
        Scenario("scale.haproxy", "token /api/me, HAProxy + 2 instances", "haproxy", request, connections=4),
    ]


def groups(c: Credentials) -> dict[str, list[Scenario]]:
    """Every timed group, in run order; scenarios of a group are interleaved round by round."""
    return {
        "token": token_group(c),
        "session": session_group(c),
        "login": login_group("login", "main", "bench-login", "PBKDF2", count=PBKDF2_LOGINS),
        "login_fast": login_group("login_fast", "fast", "bench-login-fast", "MD5"),
        "scale": scale_group(c),
    }
