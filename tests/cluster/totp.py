"""An authenticator app for the tests: RFC 6238 codes from the secret that enrollment returned.

django-otp refuses a code whose time step is not newer than the last accepted one (``last_t``),
and accepts one step ahead (``tolerance=1``); so each code is for the current step or, when that
step was already used, the next one. Nothing waits for the clock.
"""

from __future__ import annotations

import base64
import time
from dataclasses import dataclass

from django_otp.oath import totp

STEP = 30


@dataclass
class Authenticator:
    secret: str
    last_step: int = -1

    def code(self) -> str:
        now = int(time.time()) // STEP
        step = max(now, self.last_step + 1)
        assert step <= now + 1, "more than two codes in one time step: the server would refuse the third"
        self.last_step = step
        key = base64.b32decode(self.secret + "=" * (-len(self.secret) % 8))
        return f"{totp(key, step=STEP, drift=step - now):06d}"
