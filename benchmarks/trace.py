"""Every SQL query and Redis round trip of one request: ``python -m benchmarks.trace [path ...]``.

The same settings, database and real Redis as ``benchmarks.profile``. Each path is sent once to
warm up (a login then replaces an active login, the steady state the probe counts), then once
more, listed: the SQL statements in order, then each Redis round trip with its commands (a
pipeline or a script is one round trip, see ``benchmarks.costs``).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any

from authstate.testing._roundtrips import command_names, redis_round_trips
from benchmarks.profile import USER, running
from benchmarks.seed import PASSWORD

MFA_USER = "bench-mfa-0"
#: Seconds for this process's invalidation subscription to be confirmed.
SUBSCRIBED_AFTER = 2.5


def paths(client: Any) -> dict[str, Callable[[], Callable[[], Any]]]:
    """Each path as a preparation (not traced) returning the one request to trace."""
    login = {"username": USER, "password": PASSWORD}

    def post(path: str, body: dict[str, str]) -> Any:
        return client.post(path, body, content_type="application/json")

    def rest_login() -> Any:
        return post("/api/auth", login)

    def refresh() -> Callable[[], Any]:
        body = {"refresh_token": rest_login().json()["refresh_token"]}
        return lambda: post("/api/auth/refresh", body)

    def token() -> Callable[[], Any]:
        access = rest_login().json()["access_token"]
        return _sent_once(lambda: client.get("/api/me", HTTP_AUTHORIZATION=f"Bearer {access}"))

    def session() -> Callable[[], Any]:
        client.post("/login", login)
        return _sent_once(lambda: client.get("/api/me"))

    return {
        "login": lambda: rest_login,
        "form-login": lambda: lambda: client.post("/login", login),
        "refresh": refresh,
        "token": token,
        "session": session,
        **_mfa_paths(post),
    }


def _sent_once(request: Callable[[], Any]) -> Callable[[], Any]:
    """A repeatable request, sent once first so this process holds its login's entry."""
    request()
    return request


def _mfa_paths(post: Callable[[str, dict[str, str]], Any]) -> dict[str, Callable[[], Callable[[], Any]]]:
    """MFA begin, select and verify for a user with a TOTP device; each verify gets a fresh code."""

    def begin() -> Any:
        return post("/api/mfa/login", {"username": MFA_USER, "password": PASSWORD})

    def select() -> Callable[[], Any]:
        token = begin().json()["mfa_token"]
        return lambda: post("/api/mfa/select", {"mfa_token": token, "factor": "totp"})

    def verify() -> Callable[[], Any]:
        device = _device()
        type(device).objects.filter(pk=device.pk).update(last_t=-1)  # a fresh code every time
        token = begin().json()["mfa_token"]
        return lambda: post("/api/mfa/verify", {"mfa_token": token, "factor": "totp", "code": _code(device)})

    return {"mfa-begin": lambda: (_device(), begin)[1], "mfa-select": select, "mfa-verify": verify}


def _device() -> Any:
    from django.contrib.auth import get_user_model

    from authstate.factors.totp import TOTPDevice

    user = get_user_model().objects.get(username=MFA_USER)
    found = TOTPDevice.objects.filter(user=user).first()
    return found or TOTPDevice.objects.create(user=user, name="authstate", confirmed=True)


def _code(device: Any) -> str:
    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def trace(name: str, prepare: Callable[[], Callable[[], Any]]) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    prepare()()
    time.sleep(SUBSCRIBED_AFTER)  # the invalidation subscription confirmed: the steady state
    request = prepare()
    with CaptureQueriesContext(connection) as queries, redis_round_trips() as sent:
        response = request()
    print(f"== {name}: HTTP {response.status_code}, {len(queries)} SQL, {len(sent)} Redis round trips")
    for query in queries.captured_queries:
        print("  SQL  ", query["sql"][:160])
    for packed in sent:
        print("  REDIS", " | ".join(command_names(packed)))


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.trace", description=__doc__)
    parser.add_argument("paths", nargs="*", default=["login", "form-login", "refresh", "mfa-verify"])
    args = parser.parse_args()
    with running():
        from django.test import Client

        client = Client(SERVER_NAME="localhost")
        available = paths(client)
        for name in args.paths:
            trace(name, available[name])


if __name__ == "__main__":
    main()
