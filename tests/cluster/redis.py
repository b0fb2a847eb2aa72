"""Redis as docker-compose.yml runs it: ``redis-start.sh`` with the shipped ``redis.conf``.

The password goes into a file (compose: the ``redis_password`` secret); the script includes it
from a generated 0600 file, so it is on no command line. Only ``--port``, ``--bind`` and ``--dir``
are added for 127.0.0.1.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from tests.services import RedisServer, require_binary, wait_for_port

DEPLOY = Path(__file__).resolve().parents[2] / "demo_project" / "deploy"
REDIS_CONF = DEPLOY / "redis.conf"
REDIS_START = DEPLOY / "redis-start.sh"


@dataclass
class ShippedRedis(RedisServer):
    def start(self, *, appendonly: bool = True) -> ShippedRedis:
        """``appendonly`` is the shipped config's business (yes); kept for ``RedisServer``'s signature."""
        require_binary("redis-server")
        secret = self.workdir / "redis_password"
        secret.write_text(self.password or "")
        secret.chmod(0o600)
        env = dict(os.environ, REDIS_CONF=str(REDIS_CONF), REDIS_PASSWORD_FILE=str(secret))
        env["REDIS_RUN_DIR"] = str(self.workdir)
        args = ["sh", str(REDIS_START), "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.workdir)]
        with (self.workdir / "redis.log").open("ab") as log:
            self.process = subprocess.Popen(args, env=env, stdout=log, stderr=subprocess.STDOUT)
        wait_for_port(self.port)
        return self
