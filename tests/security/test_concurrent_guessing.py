"""Parallel guesses against a real multi-worker, multi-threaded gunicorn: attempts are reserved
before they are checked, so concurrency buys no extra guesses.

The demo runs under ``gunicorn --workers 2 --threads 4`` on 127.0.0.1 with a real redis-server as
cache, sessions and MFA store. Every guess fires at once (a barrier releases all threads
together). What was *checked* is read back from the audit trail in the demo's SQLite database:
one ``mfa_failed`` event per wrong code checked, one ``login_failed`` per wrong password checked;
refused guesses leave none. A second test bursts the embedded default (SQLite, no Redis) and
wants no 5xx. A missing redis-server or gunicorn fails these tests, in CI and locally alike.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from base64 import b32decode
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.error import HTTPError
from urllib.request import Request, urlopen

import pytest
import redis
from django_otp.oath import TOTP

from tests.services import free_port, wait_for_port

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "burst-password"
MAX_RETRY_ATTEMPTS = 5  # the defaults the demo runs with
ACCOUNT_LOCKOUT_THRESHOLD = 10
USERS = ("mfa-one", "mfa-many", "pw-burst", "step-up", "pw-change", "sqlite-a", "sqlite-b")
RESET_ADDRESS_LIMIT = 3  # the demo's PASSWORD.RESET_ADDRESS_LIMIT

Call = Callable[[], tuple[int, Any]]


def _environment(database: Path, redis_url: str = "") -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AUTHSTATE_", "DJANGO_", "DATABASE_URL"))}
    env |= {"DJANGO_SETTINGS_MODULE": "demo_project.settings", "DEMO_SQLITE_PATH": str(database)}
    env |= {"PYTHONPATH": str(ROOT), "DJANGO_DEBUG": "false", "DJANGO_ALLOWED_HOSTS": "127.0.0.1"}
    env |= {"AUTHSTATE_CLIENT_SECRET": "burst-client-secret-0123456789abcdef0123456789"}
    return env | ({"AUTHSTATE_REDIS_URL": redis_url} if redis_url else {})


#: One Django start for the whole preparation: migrate, then ``demo_setup`` per user.
PREPARE = """
import io, json, sys, django
from django.core.management import call_command
django.setup()
call_command("migrate", "--noinput", verbosity=0)
outputs = {}
for username in sys.argv[2:]:
    out = io.StringIO()
    call_command("demo_setup", "--username", username, "--password", sys.argv[1], stdout=out)
    outputs[username] = out.getvalue()
print(json.dumps(outputs))
"""


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A migrated demo database with the burst users (all enrolled in TOTP) and their secrets."""
    if importlib.util.find_spec("gunicorn") is None:
        pytest.fail("gunicorn is not installed (it is a test dependency)")
    path = tmp_path_factory.mktemp("burst") / "template.sqlite3"
    args = [sys.executable, "-c", PREPARE, PASSWORD, *USERS]
    done = subprocess.run(args, cwd=ROOT, env=_environment(path), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    outputs = json.loads(done.stdout.strip().splitlines()[-1])
    pattern = re.compile(r"TOTP secret of the demo user[^:]*: (\w+)")
    return path, {user: pattern.search(text).group(1) for user, text in outputs.items()}  # type: ignore[union-attr]


@contextmanager
def gunicorn(tmp_path: Path, template: Path, redis_url: str = "") -> Iterator[tuple[str, Path]]:
    """The demo under ``--workers 2 --threads 4`` on 127.0.0.1; stopped (by PID) on exit."""
    database = tmp_path / "demo.sqlite3"
    shutil.copyfile(template, database)
    port = free_port()
    args = [sys.executable, "-m", "gunicorn", "demo_project.wsgi:application", "--workers", "2", "--threads", "4"]
    args += ["--bind", f"127.0.0.1:{port}", "--graceful-timeout", "5"]
    log = (tmp_path / "gunicorn.log").open("wb")
    env = _environment(database, redis_url)
    process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_for_port(port, timeout=60)
        base = f"http://127.0.0.1:{port}"
        _wait_healthy(base)
        yield base, database
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


def _wait_healthy(base: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urlopen(base + "/health", timeout=10) as response:
                if response.status == 200:
                    return
        except OSError:  # not listening yet, reset, or slow to answer while the workers boot
            pass
        time.sleep(0.1)
    raise TimeoutError(f"{base}/health never answered 200")


def post(base: str, path: str, body: dict[str, Any], token: str = "") -> tuple[int, Any]:
    request = Request(base + path, json.dumps(body).encode(), method="POST")
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read() or b"null")
    except HTTPError as error:
        raw = error.read()
        return error.code, json.loads(raw) if raw.startswith(b"{") else raw[:2000]


def burst(calls: list[Call]) -> list[tuple[int, Any]]:
    """Run every call at once: each thread waits at a barrier until all are ready."""
    barrier = threading.Barrier(len(calls))

    def run(call: Call) -> tuple[int, Any]:
        barrier.wait()
        return call()

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


def checked(database: Path, event: str, username: str) -> int:
    """How many codes or passwords of ``username`` were checked and found wrong (audit trail)."""
    with sqlite3.connect(database) as connection:
        query = "SELECT count(*) FROM authstate_auditevent WHERE event = ? AND username = ?"
        return int(connection.execute(query, (event, username)).fetchone()[0])


def code(secret: str, steps: int = 0) -> str:
    totp = TOTP(b32decode(secret + "=" * (-len(secret) % 8)))
    totp.time = time.time() + steps * 30
    return f"{totp.token():06d}"


def wrong_codes(secret: str, count: int) -> list[str]:
    """Codes that are wrong at any time near now (the checker allows some drift)."""
    near = {code(secret, steps) for steps in range(-3, 4)}
    return [c for c in (f"{n:06d}" for n in range(100000, 100000 + count + 10)) if c not in near][:count]


def open_attempt(base: str, username: str) -> str:
    status, body = post(base, "/api/mfa/login", {"username": username, "password": PASSWORD})
    assert status == 200, body
    token = body["mfa_token"]
    status, body = post(base, "/api/mfa/select", {"mfa_token": token, "factor": "totp"})
    assert status == 200, body
    return str(token)


def verify(base: str, token: str, guess: str) -> Call:
    return lambda: post(base, "/api/mfa/verify", {"mfa_token": token, "factor": "totp", "code": guess})


def login(base: str, username: str, password: str, path: str = "/api/auth") -> Call:
    return lambda: post(base, path, {"username": username, "password": password})


def codes_of(answers: list[tuple[int, Any]]) -> set[tuple[int, str]]:
    return {(status, body["error"]["code"]) for status, body in answers}


@pytest.fixture
def redis_url(redis_server: Any) -> str:
    url = redis_server.url.rsplit("/", 1)[0] + "/3"  # a database of its own
    redis.Redis.from_url(url).flushdb()
    return str(url)


def test_parallel_guesses_check_at_most_the_limits(
    tmp_path: Path, template: tuple[Path, dict[str, str]], redis_url: str
) -> None:
    database, secrets = template
    with gunicorn(tmp_path, database, redis_url) as (base, db):
        # One MFA attempt, 20 wrong codes at once: at most MAX_RETRY_ATTEMPTS are checked.
        token = open_attempt(base, "mfa-one")
        answers = burst([verify(base, token, guess) for guess in wrong_codes(secrets["mfa-one"], 20)])
        assert codes_of(answers) <= {(401, "invalid_code"), (423, "mfa_locked")}
        assert 1 <= checked(db, "mfa_failed", "mfa-one") <= MAX_RETRY_ATTEMPTS
        status, body = verify(base, token, code(secrets["mfa-one"]))()
        assert (status, body["error"]["code"]) == (423, "mfa_locked")

        # Four attempts, 24 wrong codes at once: at most ACCOUNT_LOCKOUT_THRESHOLD in all.
        tokens = [open_attempt(base, "mfa-many") for _ in range(4)]
        guesses = wrong_codes(secrets["mfa-many"], 24)
        answers = burst([verify(base, tokens[n % 4], guess) for n, guess in enumerate(guesses)])
        assert codes_of(answers) <= {(401, "invalid_code"), (423, "mfa_locked"), (423, "account_locked")}
        assert 1 <= checked(db, "mfa_failed", "mfa-many") <= ACCOUNT_LOCKOUT_THRESHOLD
        assert all(verify(base, t, code(secrets["mfa-many"]))()[0] == 423 for t in tokens)
        status, body = post(base, "/api/mfa/login", {"username": "mfa-many", "password": PASSWORD})
        assert (status, body["error"]["code"]) == (423, "account_locked")

        # 30 wrong passwords at once: at most ACCOUNT_LOCKOUT_THRESHOLD are checked.
        answers = burst([login(base, "pw-burst", f"guess-{n}") for n in range(30)])
        assert codes_of(answers) <= {(401, "invalid_credentials"), (423, "account_locked"), (429, "throttled")}
        assert 1 <= checked(db, "login_failed", "pw-burst") <= ACCOUNT_LOCKOUT_THRESHOLD
        status, body = login(base, "pw-burst", PASSWORD)()
        assert (status, body["error"]["code"]) == (423, "account_locked")

        # A signed-in user's step-up, 20 wrong codes at once: at most MAX_RETRY_ATTEMPTS checked.
        token = open_attempt(base, "step-up")
        status, body = verify(base, token, code(secrets["step-up"]))()
        assert status == 200, body
        access = body["access_token"]
        guesses = wrong_codes(secrets["step-up"], 20)
        step_up = [
            (lambda g=g: post(base, "/api/reauthenticate", {"factor": "totp", "code": g}, access)) for g in guesses
        ]
        answers = burst(step_up)
        assert codes_of(answers) <= {(401, "invalid_code"), (423, "mfa_locked")}
        assert 1 <= checked(db, "reauthentication_failed", "step-up") <= MAX_RETRY_ATTEMPTS
        status, body = post(
            base, "/api/reauthenticate", {"factor": "totp", "code": code(secrets["step-up"], 1)}, access
        )
        assert (status, body["error"]["code"]) == (423, "mfa_locked")


def test_sqlite_default_holds_a_burst_without_5xx(tmp_path: Path, template: tuple[Path, dict[str, str]]) -> None:
    """The embedded default (SQLite, local-memory cache): parallel logins, right and wrong, each
    writing logins, refresh families and audit events, answer without a single 5xx."""
    database, _ = template
    with gunicorn(tmp_path, database) as (base, _db):
        calls = [
            login(
                base,
                USERS[n % len(USERS)],
                PASSWORD if n % 3 else f"wrong-{n}",
                "/api/mfa/login" if n % 4 == 0 else "/api/auth",
            )
            for n in range(24)
        ]
        answers = burst(calls)
        assert [status for status, _ in answers if status >= 500] == []
        assert {status for status, _ in answers} <= {200, 401, 423, 429}
