"""Child processes of the cluster suite: each in its own process group, stopped by PID.

A whole group is signalled so a gunicorn master dies with its workers and PostgreSQL with its
backends. ``PR_SET_PDEATHSIG`` makes the direct child die too if pytest itself is killed; it is
set after Popen switched to ``user`` (a credential change would clear it).
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    os.setsid()
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except OSError:
        pass


@dataclass
class Proc:
    """One started process group with its log file; ``env`` is the whole environment (None: ours)."""

    name: str
    args: Sequence[str]
    log: Path
    env: dict[str, str] | None = None
    user: str | None = None
    popen: subprocess.Popen[bytes] | None = None

    def start(self) -> Proc:
        with self.log.open("ab") as log:
            self.popen = subprocess.Popen(
                list(self.args),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=self.env,
                user=self.user,
                group=self.user,
                extra_groups=[] if self.user else None,
                preexec_fn=_die_with_parent,  # setsid + pdeathsig; pytest starts no threads
            )
        return self

    @property
    def pid(self) -> int:
        assert self.popen is not None, f"{self.name} was never started"
        return self.popen.pid

    def alive(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def kill(self) -> None:
        """SIGKILL the whole group: a crash, no chance to clean up."""
        self._signal_group(signal.SIGKILL)
        self._reap(5)

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 10) -> None:
        """Ask the group to stop; SIGKILL it if it has not stopped within ``timeout``."""
        if self.popen is None:
            return
        self._signal_group(sig)
        self.finish(timeout)

    def finish(self, timeout: float = 10) -> None:
        """Wait for a group already signalled (see ``stop_all``); SIGKILL it after ``timeout``."""
        if self.popen is None:
            return
        if not self._reap(timeout):
            self._signal_group(signal.SIGKILL)
            self._reap(5)
        self.popen = None

    def tail(self, lines: int = 40) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    def _signal_group(self, sig: int) -> None:
        try:
            os.killpg(self.pid, sig)
        except ProcessLookupError:
            pass

    def _reap(self, timeout: float) -> bool:
        assert self.popen is not None
        try:
            self.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return False
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and _group_exists(self.pid):
            time.sleep(0.05)
        return not _group_exists(self.pid)


def stop_all(procs: list[Proc | None]) -> None:
    """Signal every group first, then wait: shutdowns overlap instead of adding up."""
    running = [proc for proc in procs if proc is not None and proc.popen is not None]
    for proc in running:
        proc._signal_group(signal.SIGTERM)
    for proc in running:
        proc.finish()


def _group_exists(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
