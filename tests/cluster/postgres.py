"""A throwaway PostgreSQL server from Debian's packages, for the instances' shared database.

``initdb`` refuses to run as root, so as root the server runs as the ``postgres`` user on a
directory it owns (ENVIRONMENT.md §3). It runs in the foreground, a child of pytest, so it is
stopped by PID like everything else (SIGINT: PostgreSQL's fast shutdown). Trust authentication
on 127.0.0.1 only; fsync off.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.cluster.processes import Proc
from tests.services import free_port, wait_for_port

INIT_SCRIPT = Path(__file__).resolve().parents[2] / "demo_project" / "deploy" / "postgres-init.sh"
APP_USER = "authstate_app"
APP_PASSWORD = "cluster-app-role-password"  # trust authentication here: the role, not the password, matters


def pg_bindir() -> Path:
    """The newest ``/usr/lib/postgresql/<major>/bin`` (Debian installs them there, not on PATH)."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name))
    if not found:
        pytest.fail("PostgreSQL server is not installed (apt-get install postgresql)")
    return found[-1].parent


def _owner() -> str | None:
    """As root, PostgreSQL runs as ``postgres``; otherwise as whoever runs the tests."""
    return "postgres" if os.geteuid() == 0 else None


@dataclass
class Postgres:
    workdir: Path
    port: int = 0
    proc: Proc | None = None

    @property
    def url(self) -> str:
        """The owner's URL (migrations): what compose's one-shot ``migrate`` service uses."""
        return f"postgres://postgres@127.0.0.1:{self.port}/authstate"

    @property
    def app_url(self) -> str:
        """The least-privileged role's URL: what compose's app instances use."""
        return f"postgres://{APP_USER}:{APP_PASSWORD}@127.0.0.1:{self.port}/authstate"

    def run_init_script(self) -> None:
        """``postgres-init.sh`` as the postgres image runs it from /docker-entrypoint-initdb.d/."""
        env = dict(os.environ, PGHOST="127.0.0.1", PGPORT=str(self.port), POSTGRES_USER="postgres")
        env |= {"POSTGRES_DB": "authstate", "POSTGRES_APP_USER": APP_USER, "POSTGRES_APP_PASSWORD": APP_PASSWORD}
        env["PATH"] = f"{pg_bindir()}:{env.get('PATH', '')}"
        result = subprocess.run(["sh", str(INIT_SCRIPT)], env=env, capture_output=True, text=True, cwd="/")
        assert result.returncode == 0, f"postgres-init.sh failed:\n{result.stdout}\n{result.stderr}"

    def psql(self, user: str, sql: str) -> subprocess.CompletedProcess[str]:
        args = [str(pg_bindir() / "psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U", user, "-d", "authstate"]
        return subprocess.run([*args, "-X", "-A", "-t", "-c", sql], capture_output=True, text=True, cwd="/")

    def start(self) -> Postgres:
        bindir, data, owner = pg_bindir(), self.workdir / "data", _owner()
        self.workdir.mkdir(parents=True, exist_ok=True)
        if owner:
            shutil.chown(self.workdir, owner)
        initdb = [str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "--no-sync"]
        as_owner = {"user": owner, "group": owner, "extra_groups": []} if owner else {}
        subprocess.run(initdb, check=True, capture_output=True, cwd="/", **as_owner)
        self.port = free_port()
        server = [str(bindir / "postgres"), "-D", str(data), "-p", str(self.port), "-k", str(self.workdir)]
        server += ["-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "full_page_writes=off"]
        self.proc = Proc("postgres", server, self.workdir / "postgres.log", user=owner).start()
        wait_for_port(self.port, timeout=20)
        self._create_database(bindir)
        return self

    def _create_database(self, bindir: Path) -> None:
        createdb = [str(bindir / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "authstate"]
        deadline = time.monotonic() + 20
        while subprocess.run(createdb, capture_output=True, cwd="/").returncode != 0:
            if time.monotonic() > deadline:
                raise TimeoutError(f"PostgreSQL did not accept connections:\n{self.proc.tail() if self.proc else ''}")
            time.sleep(0.1)

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.stop(signal.SIGINT, timeout=15)
