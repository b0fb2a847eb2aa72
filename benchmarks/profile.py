"""Profile one hot path in-process: ``python -m benchmarks.profile token`` (or another path).

Same settings, database and real Redis as a benchmark run, but requests go through Django's test
client in this process, so pyinstrument sees every frame. Prints CPU milliseconds per request,
then the profile (``--requests`` after a warm-up of 20).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from benchmarks import services
from benchmarks.seed import PASSWORD

USER = "bench-login-fast"


def paths(client: Any) -> dict[str, Callable[[], Any]]:
    """Each path as a zero-argument request; credentials are obtained lazily, once."""
    login = {"username": USER, "password": PASSWORD}

    def token() -> Callable[[], Any]:
        access = client.post("/api/auth", login, content_type="application/json").json()["access_token"]
        return lambda: client.get("/api/me", HTTP_AUTHORIZATION=f"Bearer {access}")

    def simplejwt() -> Callable[[], Any]:
        access = client.post("/peer/bare/login", login, content_type="application/json").json()["access_token"]
        return lambda: client.get("/peer/simplejwt/me", HTTP_AUTHORIZATION=f"Bearer {access}")

    def session(path: str) -> Callable[[], Callable[[], Any]]:
        def prepare() -> Callable[[], Any]:
            client.post("/login", login)
            return lambda: client.get(path)

        return prepare

    return {
        "floor": lambda: lambda: client.get("/peer/floor"),
        "token": token,
        "simplejwt": simplejwt,
        "session": session("/api/me"),
        "drf-session": session("/peer/drf-session/me"),
        "login": lambda: lambda: client.post("/api/auth", login, content_type="application/json"),
    }


def profile(name: str, requests: int, *, show: bool = True) -> None:
    from django.test import Client

    request = paths(Client(SERVER_NAME="localhost"))[name]()
    for _ in range(20):
        assert request().status_code == 200
    started = time.process_time()
    for _ in range(requests):
        request()
    print(f"{name}: {(time.process_time() - started) * 1000 / requests:.3f} CPU ms per request")
    if not show:
        return
    from pyinstrument import Profiler

    with Profiler(interval=0.0005) as profiler:
        for _ in range(requests):
            request()
    print(profiler.output_text(color=False, show_all=False))


@contextmanager
def running() -> Iterator[None]:
    """A Redis of its own and a seeded database, with Django set up on them (MD5 hasher)."""
    import django

    services.ensure_binaries()
    workdir = Path(tempfile.mkdtemp(prefix="authstate-profile-"))
    redis = services.redis(workdir).start().ready()
    try:
        os.environ.update(
            DJANGO_SETTINGS_MODULE="benchmarks.settings",
            AUTHSTATE_REDIS_URL=f"redis://127.0.0.1:{redis.port}/0",
            BENCH_DB=str(workdir / "bench.sqlite3"),
            BENCH_HASHER="md5",
        )
        subprocess.run([sys.executable, "-m", "benchmarks.seed"], cwd=services.ROOT, check=True)
        django.setup()
        yield
    finally:
        redis.stop()


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.profile", description=__doc__)
    parser.add_argument("path", choices=["floor", "token", "simplejwt", "session", "drf-session", "login"])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--no-profile", action="store_true", help="only the CPU time per request")
    args = parser.parse_args()
    with running():
        profile(args.path, args.requests, show=not args.no_profile)


if __name__ == "__main__":
    main()
