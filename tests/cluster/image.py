"""The demo image without a Docker engine: ``demo_project/deploy/Dockerfile`` replayed in a venv.

The Dockerfile is read, not copied: ``FROM`` names the Python (it must be the one running the
suite), ``WORKDIR``/``COPY`` build the application directory from the repository, ``ENV`` adds
to the environment, each ``RUN`` runs with the venv first on ``PATH`` (``pip install`` goes
through ``uv pip install`` when uv is at hand: same resolver inputs, far faster, cached), and
``CMD`` is what :meth:`Image.command` returns. ``USER`` is not replayed (the interpreter under
``/root`` is not readable by ``nobody`` here); ``EXPOSE`` means nothing outside Docker.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from tests.cluster.topology import _OWN_ENV_PREFIXES, ROOT

DOCKERFILE = ROOT / "demo_project" / "deploy" / "Dockerfile"
_IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", "staticfiles", "*.sqlite3")


def instructions(text: str) -> list[tuple[str, str]]:
    """``(INSTRUCTION, arguments)`` pairs: comments dropped, ``\\`` continuations joined."""
    lines, pending = [], ""
    for raw in text.splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        lines.append(pending + line)
        pending = ""
    return [(word.upper(), rest.strip()) for word, _, rest in (line.partition(" ") for line in lines)]


def find_uv() -> str | None:
    beside = Path(sys.executable).with_name("uv")
    tools = ROOT / ".tox" / ".tools" / "bin" / "uv"
    return next((str(p) for p in (beside, tools) if p.exists()), None) or shutil.which("uv")


@dataclass
class Image:
    """A replayed build: ``root`` stands for ``/``; ``workdir`` is the image's ``WORKDIR``."""

    root: Path
    log: Path
    env: dict[str, str] = field(default_factory=dict)
    workdir: Path | None = None
    cmd: list[str] = field(default_factory=list)
    install_lines: list[list[str]] = field(default_factory=list)

    @property
    def venv(self) -> Path:
        return self.root / "venv"

    def build(self, dockerfile: Path = DOCKERFILE) -> Image:
        subprocess.run([sys.executable, "-m", "venv", str(self.venv)], check=True)
        self.env = {"PATH": f"{self.venv / 'bin'}:/usr/local/bin:/usr/bin:/bin", "HOME": str(self.root)}
        for instruction, args in instructions(dockerfile.read_text()):
            getattr(self, f"_{instruction.lower()}")(args)
        return self

    def run(self, args: list[str], extra_env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        """Run a command in the image (cwd ``WORKDIR``, the image's environment); assert success."""
        env = {**self.env, **(extra_env or {})}
        result = subprocess.run(args, cwd=self.workdir, env=env, capture_output=True, text=True)
        with self.log.open("a") as log:
            log.write(f"$ {shlex.join(args)}\n{result.stdout}{result.stderr}\n")
        assert result.returncode == 0, f"{shlex.join(args)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
        return result

    def command(self) -> list[str]:
        return [shutil.which(self.cmd[0], path=self.env["PATH"]) or self.cmd[0], *self.cmd[1:]]

    def _from(self, args: str) -> None:
        image = args.split()[0]
        assert image.startswith("python:"), image
        wanted = image.split(":", 1)[1].split("-", 1)[0]
        running = f"{sys.version_info.major}.{sys.version_info.minor}"
        assert wanted == running, f"the Dockerfile builds on Python {wanted}; the suite runs {running}"

    def _env(self, args: str) -> None:
        self.env.update(pair.split("=", 1) for pair in shlex.split(args))  # type: ignore[arg-type]

    def _workdir(self, args: str) -> None:
        self.workdir = self.root / args.lstrip("/")
        self.workdir.mkdir(parents=True, exist_ok=True)

    def _copy(self, args: str) -> None:
        *sources, target = shlex.split(args)
        assert self.workdir is not None, "COPY before WORKDIR"
        destination = self.workdir / target
        for source in sources:
            path = ROOT / source
            into = destination / path.name if target.endswith("/") else destination
            if path.is_dir():
                shutil.copytree(path, into, ignore=_IGNORE, dirs_exist_ok=True)
            else:
                into.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, into)

    def _run(self, args: str) -> None:
        argv = shlex.split(args)
        if argv[:2] == ["pip", "install"]:
            self.install_lines.append(argv)
            argv = self._pip_install(argv[2:])
        self.run(argv, _installer_environment())

    def _pip_install(self, args: list[str]) -> list[str]:
        uv = find_uv()
        if uv is None:
            return [str(self.venv / "bin" / "pip"), "install", *args]
        # --no-cache-dir keeps pip's cache out of the image layer; here a cache only saves time.
        kept = [arg for arg in args if arg != "--no-cache-dir"]
        return [uv, "pip", "install", "--python", str(self.venv / "bin" / "python"), *kept]

    def _cmd(self, args: str) -> None:
        self.cmd = json.loads(args)

    def _user(self, args: str) -> None:
        pass

    def _expose(self, args: str) -> None:
        pass


def _installer_environment() -> dict[str, str]:
    """The caller's network settings (proxies, CA bundle), package cache and index, for ``RUN``.

    Not its Python: no ``PYTHONPATH``, no ``VIRTUAL_ENV``, nothing of the demo's own settings.
    """
    drop = ("PYTHON", "VIRTUAL_ENV", "PATH", *_OWN_ENV_PREFIXES)
    keep = {k: v for k, v in os.environ.items() if not k.startswith(drop)}
    return {**keep, "UV_PYTHON_DOWNLOADS": "never"}


def image_environment(overrides: dict[str, str]) -> dict[str, str]:
    """app1's environment in docker-compose.yml (with .env.example), hosts swapped for ours."""
    from tests.cluster.compose import load, read_env_file

    env = read_env_file(ROOT / ".env.example")
    services = load(ROOT / "docker-compose.yml", env)["services"]
    return {**{k: str(v) for k, v in services["app1"]["environment"].items()}, **overrides}
